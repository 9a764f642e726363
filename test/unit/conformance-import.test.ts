import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/api/dispatch';
import type { ImportInspection } from '../../shared/api/conformanceOps';
import { parseJUnit, parseReport, parseTestReport, REPORT_LIMITS, ReportRefused } from '../../electron/conformance/index';
import { REPO } from '../support/cli';
import { tempEngine } from '../support/tempData';

const fixture = (name: string) => fs.readFileSync(path.join(REPO, 'test/fixtures/conformance', name));
const bytes = (text: string) => new TextEncoder().encode(text);
const refusal = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    if (error instanceof ReportRefused) return error.message;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('FHIR R4 TestReport', () => {
  it('rolls up each test from its operation and assert results', () => {
    const report = parseTestReport(fixture('testreport-r4.json'));
    expect(report).toMatchObject({ format: 'fhir_testreport', reports: 1 });
    expect(report.tests.map((t) => [t.key, t.status])).toEqual([
      ['FC-01', 'passed'], // pass + warning
      ['t-no-match', 'failed'],
      ['GD-02 invalid PHN check digit', 'failed'], // error
      ['Get demographics with history', 'skipped'],
      ['Partner-specific smoke test', 'passed'],
    ]);
    expect(report.tests[1]!.detail).toContain('Expected OperationOutcome with BCHCIM.FC.0.0018');
  });

  it('reads a Bundle of TestReports; a failed setup blocks tests without results', () => {
    const report = parseReport(fixture('testreport-bundle.json'));
    expect(report.reports).toBe(2);
    expect(report.tests).toEqual([
      expect.objectContaining({ key: 'FC-02 name with postal code', status: 'passed' }),
      expect.objectContaining({ key: 'GD-01 valid PHN', status: 'blocked', detail: expect.stringContaining('connection refused') }),
    ]);
  });

  it('refuses what is not a TestReport, invalid results and hostile text', () => {
    expect(refusal(() => parseReport(bytes('{"resourceType":"Patient"}')))).toContain('a Patient, not a TestReport');
    expect(refusal(() => parseReport(bytes('{"resourceType":"Bundle","entry":[]}')))).toContain('holds no TestReport');
    expect(refusal(() => parseReport(bytes('{"resourceType":"TestReport","test":[{"name":"x","action":[{"assert":{"result":"maybe"}}]}]}')))).toContain('result is "maybe"');
    expect(refusal(() => parseReport(bytes('{"resourceType":"TestReport","status":"entered-in-error","test":[]}')))).toContain('entered-in-error');
    expect(refusal(() => parseReport(bytes('{"resourceType":"TestReport","test":[{"name":"FC-01\\u0000"}]}')))).toContain('control character');
    expect(refusal(() => parseReport(bytes('{"resourceType":"TestReport","test":[{"name":"' + 'x'.repeat(600) + '"}]}')))).toContain('longer than 500');
    expect(refusal(() => parseReport(bytes('{"resourceType":"TestReport", "test": [')))).toContain('not valid JSON');
    expect(refusal(() => parseReport(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])))).toContain('not UTF-8');
    expect(refusal(() => parseReport(bytes('%PDF-1.7')))).toContain('neither a FHIR TestReport');
    expect(refusal(() => parseReport(new Uint8Array(0)))).toContain('empty');
  });

  it('refuses deep nesting, too many tests and oversized files without running away', () => {
    const deep = '{"resourceType":"TestReport","test":[{"name":"a","x":' + '['.repeat(200_000) + ']'.repeat(200_000) + '}]}';
    const deepRefusal = (() => {
      try {
        return parseReport(bytes(deep)).tests.length;
      } catch (error) {
        return error instanceof ReportRefused ? 'refused' : 'crashed';
      }
    })();
    expect([1, 'refused']).toContain(deepRefusal); // read (the nesting is ignored) or refused, never a crash
    const many = { resourceType: 'TestReport', test: Array.from({ length: REPORT_LIMITS.maxTests + 1 }, (_, i) => ({ name: `t${i}` })) };
    expect(refusal(() => parseReport(bytes(JSON.stringify(many))))).toContain('more than 20,000 tests');
    expect(refusal(() => parseReport(new Uint8Array(REPORT_LIMITS.maxBytes + 1).fill(0x20)))).toContain('over 20 MB');
  });
});

describe('JUnit XML', () => {
  it('reads suites and testcases: failure fails, error blocks, skipped skips', () => {
    const report = parseJUnit(fixture('junit.xml'));
    expect(report.tests.map((t) => [t.key, t.status])).toEqual([
      ['pcr.find.FC-01 name and birth date', 'passed'],
      ['pcr.find.FC-05 no candidates', 'failed'],
      ['pcr.get.GD-01 valid PHN', 'blocked'],
      ['pcr.get.GD-03 by SRI', 'skipped'],
    ]);
    expect(report.tests[1]!.detail).toContain('Got BCHCIM.FC.0.0012 & zero entries');
  });

  it('refuses DTDs and entities (XXE, billion laughs), malformed XML and other roots', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><testsuite><testcase name="&lol2;"/></testsuite>`;
    expect(refusal(() => parseReport(bytes(laughs)))).toContain('document type or entities');
    expect(refusal(() => parseReport(bytes('<!doctype x SYSTEM "http://evil.example/x.dtd"><testsuite/>')))).toContain('document type');
    expect(refusal(() => parseReport(bytes('<testsuite><testcase name="a"></testsuite>')))).toContain('not well-formed');
    expect(refusal(() => parseReport(bytes('<html><body/></html>')))).toContain('not a JUnit report');
    expect(refusal(() => parseReport(bytes('<testsuite><testcase name="FC-01&#x7;"/></testsuite>')))).toContain('control character');
    expect(refusal(() => parseReport(bytes('<testsuite><testcase name="FC-01 &unknown;"/></testsuite>')))).toContain('undeclared entity');
  });
});

describe('import through the engine', () => {
  let engine: ReturnType<typeof tempEngine>;
  let ref: string;
  const call = (name: string, input: unknown) => dispatch(engine.handlers, name, input);
  const counts = () =>
    ['change_log', 'conformance_results', 'conformance_evidence', 'conformance_imports'].map((t) => (engine.store.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n);
  const file = (name: string, content: Uint8Array) => ({ name, content_base64: Buffer.from(content).toString('base64') });

  beforeEach(async () => {
    engine = tempEngine();
    const created = await call('dossier.create', {
      fields: { 'organization.legal_name': 'Xeni Gwet’in Health', 'application.name': 'EMR', 'integration.standard': 'fhir', 'integration.transactions': ['find_candidates', 'get_demographics'] },
    });
    ref = (created.ok && (created.value as { reference: string }).reference) as string;
    await call('conformance.round.start', { id: ref });
  });
  afterEach(() => engine.close());

  it('a hostile or malformed report changes nothing, on disk or in the store', async () => {
    const before = counts();
    const attachments = () => (fs.existsSync(path.join(engine.dataDir, 'attachments')) ? fs.readdirSync(path.join(engine.dataDir, 'attachments')).length : 0);
    for (const content of [
      bytes('<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]><testsuite><testcase name="FC-01 &x;"/></testsuite>'),
      bytes('{"resourceType":"TestReport","test":[{"name":"FC-01","action":[{"assert":{"result":"pass"}}]},{"name":"bad\\u001b[31m"}]}'),
      bytes('{"resourceType":"Bundle"'),
    ]) {
      const result = await call('conformance.import.apply', { id: ref, file: file('report', content) });
      expect(result).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringContaining('Nothing was written') } });
    }
    expect(counts()).toEqual(before);
    expect(attachments()).toBe(0);
  });

  it('a lead maps unmatched tests; apply is one write, keeps the file, and a re-import is a no-op', async () => {
    const content = fixture('testreport-r4.json');
    const inspected = await call('conformance.import.inspect', { id: ref, file: file('report.json', content) });
    expect(inspected.ok).toBe(true);
    const inspection = (inspected as { value: ImportInspection }).value;
    expect(inspection.unmatched).toEqual(['Get demographics with history', 'Partner-specific smoke test']); // GH-01 is not in this plan
    expect(await call('conformance.import.apply', { id: ref, file: file('report.json', content), mapping: { 'Partner-specific smoke test': 'MG-01' } })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('MG-01, which is not a case in scope') },
    });
    const applied = await call('conformance.import.apply', { id: ref, file: file('report.json', content), mapping: { 'Partner-specific smoke test': 'FC-02' } });
    expect(applied).toMatchObject({ ok: true, value: { applied: 4, noop: false } });
    const sha = (applied as { value: { evidence: { sha256: string } } }).value.evidence.sha256;
    const logged = engine.store.db.prepare("SELECT COUNT(DISTINCT substr(change_id, 1, 0)) AS n FROM change_log WHERE entity = 'conformance_imports'").get() as { n: number };
    expect(logged.n).toBe(1);
    expect(fs.readFileSync(path.join(engine.dataDir, 'attachments', sha.slice(0, 2), sha))).toEqual(content);
    const before = counts();
    expect(await call('conformance.import.apply', { id: ref, file: file('report.json', content), mapping: { 'Partner-specific smoke test': 'FC-02' } })).toMatchObject({ ok: true, value: { noop: true } });
    expect(counts()).toEqual(before);
  });
});
