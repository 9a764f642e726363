/**
 * Test report parsers: pure functions from the file's bytes to its tests, bounded in size and
 * time. The format is told by content: a JSON object is a FHIR TestReport (or Bundle), XML is JUnit.
 */
import { WorkbenchError } from '../../../shared/api/errors';
import { parseJUnit } from './junit';
import { parseTestReport } from './testReport';
import { REPORT_LIMITS, ReportRefused, type ParsedReport } from './limits';

export function parseReport(bytes: Uint8Array): ParsedReport {
  if (bytes.length === 0) throw new ReportRefused('The file is empty.');
  if (bytes.length > REPORT_LIMITS.maxBytes) throw new ReportRefused(`The file is over ${REPORT_LIMITS.maxBytes / 1024 / 1024} MB; it is not read.`);
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  while (start < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[start]!)) start += 1;
  if (bytes[start] === 0x7b) return parseTestReport(bytes);
  if (bytes[start] === 0x3c) return parseJUnit(bytes);
  throw new ReportRefused('The file is neither a FHIR TestReport (JSON) nor a JUnit report (XML).');
}

/** The worker task: a refusal becomes a `validation` error that names the file and says nothing was written. */
export function readTestReport(name: string, bytes: Uint8Array): ParsedReport {
  try {
    return parseReport(bytes);
  } catch (error) {
    if (error instanceof ReportRefused) throw new WorkbenchError('validation', `${name}: ${error.message} Nothing was written.`, { problems: [{ field: 'file', message: error.message }] });
    throw error;
  }
}

export { parseJUnit, parseTestReport, REPORT_LIMITS, ReportRefused, type ParsedReport };
export type { ParsedTest } from './limits';
