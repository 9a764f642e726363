/**
 * JUnit XML, as most test harnesses write it: <testsuites>/<testsuite> (nested suites too) of
 * <testcase classname name> with <failure>, <error> or <skipped>. A failure fails the case, an
 * error (the harness could not run it: connection, setup) blocks it, skipped skips it, otherwise
 * it passed. A document type declaration or entity is refused before parsing. Pure: bytes in.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Budget, REPORT_LIMITS, ReportRefused, detailText, nameText, type ParsedReport, type ParsedTest } from './limits';

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const many = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const textOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : isNode(v) && typeof v['#text'] === 'string' ? v['#text'] : undefined);

function decodeXml(bytes: Uint8Array): string {
  if (bytes.length > REPORT_LIMITS.maxBytes) throw new ReportRefused(`The file is over ${REPORT_LIMITS.maxBytes / 1024 / 1024} MB; it is not read.`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new ReportRefused('The file is not UTF-8 text.');
  }
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new ReportRefused('The XML declares a document type or entities (a DTD, as used for external-entity and entity-expansion attacks); it is not read.');
  }
  // Only the five predefined entities and character references exist without a DTD; a reference to a control character is refused.
  for (const m of text.matchAll(/&([^;\s<&]{0,40});?/g)) {
    const ref = m[1] ?? '';
    if (!m[0].endsWith(';')) throw new ReportRefused('The XML has a bare "&" (not an entity reference); it is not well-formed.');
    if (['lt', 'gt', 'amp', 'quot', 'apos'].includes(ref)) continue;
    const numeric = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(ref);
    if (!numeric) throw new ReportRefused(`The XML refers to an undeclared entity &${ref.slice(0, 20)};.`);
    const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : Number(numeric[2]);
    if (code > 0x10ffff || (code < 0x20 && ![0x09, 0x0a, 0x0d].includes(code)) || (code >= 0x7f && code <= 0x9f)) {
      throw new ReportRefused(`The XML holds a character reference to a control character (&${ref};).`);
    }
  }
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) throw new ReportRefused(`The file is not well-formed XML (line ${valid.err.line}: ${valid.err.msg}).`);
  return text;
}

function outcome(testcase: Node): { status: ParsedTest['status']; detail: string | null } {
  const first = (tag: string) => many(testcase[tag])[0];
  const describe = (tag: string, element: unknown) => {
    const message = isNode(element) ? textOf(element['@_message']) : undefined;
    const type = isNode(element) ? textOf(element['@_type']) : undefined;
    const body = textOf(element);
    return detailText([`JUnit ${tag}${type ? ` (${type})` : ''}${message ? `: ${message}` : ''}`, body]);
  };
  const failure = first('failure');
  if (failure !== undefined) return { status: 'failed', detail: describe('failure', failure) };
  const error = first('error');
  if (error !== undefined) return { status: 'blocked', detail: describe('error', error) };
  const skipped = first('skipped');
  if (skipped !== undefined) return { status: 'skipped', detail: describe('skipped', skipped) };
  return { status: 'passed', detail: detailText([textOf(first('system-out'))?.slice(0, 1000)]) };
}

export function parseJUnit(bytes: Uint8Array, budget = new Budget()): ParsedReport {
  const text = decodeXml(bytes);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    processEntities: true,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => ['testsuite', 'testcase', 'failure', 'error', 'skipped'].includes(name),
  });
  const root = parser.parse(text) as Node;
  const tests: ParsedTest[] = [];
  let suites = 0;
  const walkSuite = (suite: unknown, depth: number) => {
    budget.tick();
    if (!isNode(suite)) return;
    if (depth > 32) throw new ReportRefused('The test suites are nested more than 32 deep; the file is not read.');
    suites += 1;
    for (const testcase of many(suite.testcase)) {
      budget.tick();
      if (!isNode(testcase)) continue;
      const name = nameText(textOf(testcase['@_name']) ?? '', 'A testcase name');
      if (!name) throw new ReportRefused('A testcase has no name to match it to a case.');
      const classname = testcase['@_classname'] !== undefined ? nameText(textOf(testcase['@_classname']) ?? '', `The classname of testcase "${name}"`) : '';
      tests.push({ key: classname ? `${classname}.${name}` : name, name, ...outcome(testcase) });
      if (tests.length > REPORT_LIMITS.maxTests) throw new ReportRefused(`The file has more than ${REPORT_LIMITS.maxTests.toLocaleString('en-CA')} tests; it is not read.`);
    }
    for (const inner of many(suite.testsuite)) walkSuite(inner, depth + 1);
  };
  const top = isNode(root.testsuites) ? many(root.testsuites.testsuite) : root.testsuite !== undefined ? many(root.testsuite) : null;
  if (top === null) throw new ReportRefused('The XML is not a JUnit report: its root is neither <testsuites> nor <testsuite>.');
  for (const suite of top) walkSuite(suite, 0);
  if (tests.length === 0) throw new ReportRefused('The report holds no testcase.');
  return { format: 'junit', reports: suites, tests };
}
