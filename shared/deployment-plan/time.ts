/**
 * Cutover times are wall-clock times where the cutover happens ("2026-03-14T18:00"), without a
 * time zone: that is how a plan is read and agreed. Arithmetic on them is done on the clock face.
 */
import { isIsoDate } from '../dossier/values';

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})$/;

/** The stored form, YYYY-MM-DDTHH:MM, of a date-time typed with a "T" or a space; null if not one. */
export function parseLocalDateTime(text: string): string | null {
  const m = LOCAL_DATE_TIME.exec(text.trim());
  if (!m || !isIsoDate(m[1]!)) return null;
  if (Number(m[2]) > 23 || Number(m[3]) > 59) return null;
  return `${m[1]}T${m[2]}:${m[3]}`;
}

function toClock(value: string): number {
  return Date.parse(`${value}:00Z`);
}

function fromClock(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

export function addMinutes(value: string, minutes: number): string {
  return fromClock(toClock(value) + minutes * 60_000);
}

/** A date (YYYY-MM-DD) moved by whole days. */
export function addDays(date: string, days: number): string {
  return fromClock(toClock(`${date}T00:00`) + days * 86_400_000).slice(0, 10);
}

export function minutesBetween(from: string, to: string): number {
  return Math.round((toClock(to) - toClock(from)) / 60_000);
}

/** "2026-03-14 18:00", as the workbench shows date-times. */
export function formatLocalDateTime(value: string | null): string {
  return value ? value.replace('T', ' ') : '—';
}

/** "45 min", "2 h", "1 h 30 min". */
export function formatDuration(minutes: number | null): string {
  if (minutes === null) return '—';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}
