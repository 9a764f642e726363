/**
 * A blank Request for Integration PDF filled by pdftk (pdftk-java, a different PDF library from
 * the one that made it), the way a partner's office tools or a script would fill it, then imported.
 * pdftk fills from an XFDF file (UTF-8) and asks readers to draw the fields' appearances.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/index';
import { blankForm, formsContext, inspectForm, type FormsContext } from '../../electron/forms/index';

const HAS_PDFTK = spawnSync('pdftk', ['--version'], { stdio: 'ignore' }).status === 0;

const ORG = 'Sḵwx̱wú7mesh Úxwumixw Health Services';
const VALUES: Record<string, string> = {
  org_legal_name: ORG,
  org_type: 'Community clinic or practice',
  sponsor_name: 'Ts’ḵw’aylaxw Joseph',
  sponsor_email: 'sponsor@example.org',
  tech_name: 'Ava Chen',
  tech_email: 'ava.chen@example.org',
  app_name: 'ʔaq̓am Clinic EMR',
  integration_standard: 'FHIR',
  daily_transactions: '1,200',
  purpose: 'Confirm PHNs at registration.\nUpdate addresses for ʔaq̓am members.',
  target_go_live: '2026-11-02',
};
const CHECKED = ['transactions__find_candidates', 'transactions__revise'];

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

let dir: string;
let engine: Engine;
let ctx: FormsContext;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forms-pdftk-'));
  engine = createEngine({ dataDir: path.join(dir, 'data'), actor: 'Test Lead' });
  ctx = formsContext(engine.context);
});
afterAll(() => {
  engine?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAS_PDFTK)('a Request for Integration filled with pdftk (skipped only where pdftk-java is not installed; .ci/run installs it)', () => {
  it('pdftk sees the AcroForm fields and fills them; the workbench reads what it filled', async () => {
    const blank = await blankForm(ctx, { form: 'request-for-integration', format: 'pdf' });
    const blankFile = path.join(dir, 'blank.pdf');
    fs.writeFileSync(blankFile, blank.bytes);

    const dump = execFileSync('pdftk', [blankFile, 'dump_data_fields_utf8'], { encoding: 'utf8' });
    const fields = dump.split('---').filter((b) => b.includes('FieldName:'));
    const names = fields.map((b) => /FieldName: (.*)/.exec(b)![1]!.trim());
    for (const key of [...Object.keys(VALUES), ...CHECKED]) expect(names).toContain(key);
    const checkbox = fields.find((b) => /FieldName: transactions__find_candidates\b/.test(b))!;
    expect(checkbox).toContain('FieldType: Button');
    const on = [...checkbox.matchAll(/FieldStateOption: (.*)/g)].map((m) => m[1]!.trim()).find((o) => o !== 'Off')!;

    const xfdf = `<?xml version="1.0" encoding="UTF-8"?>
<xfdf xmlns="http://ns.adobe.com/xfdf/" xml:space="preserve"><fields>
${Object.entries(VALUES)
  .map(([k, v]) => `<field name="${k}"><value>${escapeXml(v)}</value></field>`)
  .join('\n')}
${CHECKED.map((k) => `<field name="${k}"><value>${on}</value></field>`).join('\n')}
</fields></xfdf>`;
    const xfdfFile = path.join(dir, 'values.xfdf');
    fs.writeFileSync(xfdfFile, xfdf, 'utf8');
    const filledFile = path.join(dir, 'filled.pdf');
    execFileSync('pdftk', [blankFile, 'fill_form', xfdfFile, 'output', filledFile, 'need_appearances']);

    const { inspection } = await inspectForm(ctx, 'filled-by-pdftk.pdf', new Uint8Array(fs.readFileSync(filledFile)));
    expect(inspection.form).toMatchObject({ id: 'request-for-integration', version: 1 });
    expect(inspection.problems).toEqual([]);
    const byKey = new Map(inspection.fields.map((f) => [f.key, f.value]));
    expect(byKey.get('org_legal_name')).toBe(ORG);
    expect(byKey.get('sponsor_name')).toBe('Ts’ḵw’aylaxw Joseph');
    expect(byKey.get('app_name')).toBe('ʔaq̓am Clinic EMR');
    expect(byKey.get('org_type')).toBe('community_clinic');
    expect(byKey.get('transactions')).toEqual(['find_candidates', 'revise']);
    expect(byKey.get('daily_transactions')).toBe(1200);
    expect(byKey.get('purpose')).toBe(VALUES.purpose);
    expect(byKey.get('target_go_live')).toBe('2026-11-02');
  });
});
