/** Bounds on an imported test report: what is refused before or while it is parsed. */
import type { ResultStatus } from '../../../shared/conformance/model';

export const REPORT_LIMITS = {
  /** Bytes of the file; checked before parsing. */
  maxBytes: 20 * 1024 * 1024,
  /** Tests across every report in the file. */
  maxTests: 20_000,
  /** Actions (operations and asserts) or JUnit elements looked at. */
  maxItems: 400_000,
  /** Characters of a test's key or name. */
  maxNameLength: 500,
  /** Characters of the detail kept as a result's actual text. */
  maxDetailLength: 4_000,
  /** Wall-clock budget of a parse, in milliseconds. */
  deadlineMs: 5_000,
} as const;

/** One test of a report, rolled up to the workbench's result statuses. */
export interface ParsedTest {
  key: string;
  name: string;
  status: ResultStatus;
  detail: string | null;
}

export interface ParsedReport {
  format: 'fhir_testreport' | 'junit';
  reports: number;
  tests: ParsedTest[];
}

/** A report refused: the message says why, in words a lead can act on. */
export class ReportRefused extends Error {}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/;
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|\u001b\[[0-9;]*[A-Za-z]/g;

/** A test's key or name: NFC, no control characters, bounded. */
export function nameText(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new ReportRefused(`${what} is not text.`);
  const text = value.normalize('NFC').trim();
  if (CONTROL.test(text)) throw new ReportRefused(`${what} contains a control character.`);
  if (text.length > REPORT_LIMITS.maxNameLength) throw new ReportRefused(`${what} is longer than ${REPORT_LIMITS.maxNameLength} characters.`);
  return text;
}

/** Tool output kept as text: control characters and terminal colour codes dropped, NFC, bounded. */
export function detailText(parts: readonly (string | undefined | null)[]): string | null {
  const text = parts
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    .map((p) => p.replace(CONTROLS, '').normalize('NFC').trim())
    .join('\n')
    .trim();
  if (!text) return null;
  return text.length > REPORT_LIMITS.maxDetailLength ? `${text.slice(0, REPORT_LIMITS.maxDetailLength - 1)}…` : text;
}

export class Budget {
  private items = 0;
  private readonly started = performance.now();
  constructor(private readonly deadlineMs: number = REPORT_LIMITS.deadlineMs) {}
  tick(n = 1): void {
    this.items += n;
    if (this.items > REPORT_LIMITS.maxItems) throw new ReportRefused(`The report has more than ${REPORT_LIMITS.maxItems.toLocaleString('en-CA')} elements; it is not read.`);
    if ((this.items & 1023) === 0 && performance.now() - this.started > this.deadlineMs) throw new ReportRefused(`Reading the report took longer than ${this.deadlineMs / 1000} s; it is not read.`);
  }
}
