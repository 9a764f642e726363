import { isValid, parse } from 'date-fns';

/** Calendar dates as YYYY-MM-DD in the user's local time zone. */
export function localIsoDate(at: Date = new Date()): string {
  const y = at.getFullYear();
  const m = String(at.getMonth() + 1).padStart(2, '0');
  const d = String(at.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** The forms a person may type a date in, besides YYYY-MM-DD (date-fns patterns). */
const TYPED_DATE_FORMATS = [
  'yyyy-M-d',
  'yyyy/M/d',
  'yyyy.M.d',
  'MMM d, yyyy',
  'MMM d yyyy',
  'MMMM d, yyyy',
  'MMMM d yyyy',
  'd MMM yyyy',
  'd MMMM yyyy',
  'd MMM, yyyy',
  'EEE, MMM d, yyyy',
  'EEEE, MMMM d, yyyy',
  'MMM. d, yyyy',
];

/**
 * A date typed by a person — `2026-12-15`, `2026/12/15`, `Dec 15, 2026`, `15 December 2026` —
 * as YYYY-MM-DD, or undefined when it is not one. Day-month-year and month-day-year with numbers
 * only (`12/11/2026`) are refused as ambiguous rather than guessed.
 */
export function parseTypedDate(text: string): string | undefined {
  const trimmed = text.trim().replace(/\s+/g, ' ').replace(/(\d)(st|nd|rd|th)\b/gi, '$1');
  if (trimmed === '') return undefined;
  const reference = new Date(2000, 0, 1);
  for (const pattern of TYPED_DATE_FORMATS) {
    const parsed = parse(trimmed, pattern, reference);
    if (isValid(parsed) && parsed.getFullYear() >= 1000) return localIsoDate(parsed);
  }
  return undefined;
}
