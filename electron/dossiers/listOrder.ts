/** How the dossier list orders rows it sorts in code, the same way SQLite's ORDER BY would. */

export type SortValue = string | number | null;

/** Orders like SQLite's ORDER BY: NULL first ascending, NOCASE text compared lower-cased. */
export function compareSortValues(a: SortValue, b: SortValue, nocase: boolean): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = nocase ? String(a).toLowerCase() : String(a);
  const y = nocase ? String(b).toLowerCase() : String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
