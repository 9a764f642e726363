/**
 * Fractional sort keys for ordered lists that sync: a key between any two keys can always be
 * made, so inserting or moving an item changes one field of that item only. Keys are base-62
 * digit strings read as fractions (ASCII order is numeric order) and never end in the zero digit,
 * so there is always room between two of them.
 */
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE = DIGITS.length;

const digit = (key: string, i: number): number => {
  const d = DIGITS.indexOf(key[i]!);
  if (d < 0) throw new Error(`"${key}" is not a sort key`);
  return d;
};

export function isSortKey(key: string): boolean {
  return key.length > 0 && !key.endsWith('0') && [...key].every((c) => DIGITS.includes(c));
}

/** A key that sorts after `before` and before `after` (null: the start or the end of the list). */
export function keyBetween(before: string | null, after: string | null): string {
  const low = before ?? '';
  if (after !== null && !(low < after)) throw new Error(`No sort key between "${before}" and "${after}": they are not in order.`);
  let high: string | null = after;
  let key = '';
  for (let i = 0; ; i++) {
    const lo = i < low.length ? digit(low, i) : 0;
    const hi = high === null ? BASE : i < high.length ? digit(high, i) : 0;
    if (lo === hi) {
      key += DIGITS[lo];
      continue;
    }
    const mid = Math.floor((lo + hi) / 2);
    if (mid > lo) return key + DIGITS[mid];
    // hi is lo + 1: keep lo's digit; from here on anything above `low` is below `high`.
    key += DIGITS[lo];
    high = null;
  }
}

/** `count` keys in order, evenly spread, for seeding or re-keying a whole list. */
export function spreadKeys(count: number): string[] {
  if (count <= 0) return [];
  // Enough digits that each item gets its own slot with room either side.
  let width = 1;
  while (BASE ** width < (count + 1) * 2) width++;
  const span = BASE ** width;
  return Array.from({ length: count }, (_, i) => {
    let n = Math.round(((i + 1) * span) / (count + 1));
    let key = '';
    for (let w = 0; w < width; w++) {
      key = DIGITS[n % BASE] + key;
      n = Math.floor(n / BASE);
    }
    return key.replace(/0+$/, '');
  });
}
