/** Each form in PDF and DOCX: generated, filled by another tool, imported, compared, applied, re-imported. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/index';
import { applyForm, blankForm, formsContext, inspectForm, type FormsContext } from '../../electron/forms/index';
import { fillDocx, fillPdfWithPdfjs } from './forms-fillers';

const ORG = 'Sḵwx̱wú7mesh Úxwumixw Health Services';
const APP = 'ʔaq̓am Clinic EMR';

let dir: string;
let engine: Engine;
let ctx: FormsContext;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forms-'));
  engine = createEngine({ dataDir: dir, actor: 'Test Lead' });
  ctx = formsContext(engine.context);
});
afterEach(() => {
  engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A Request for Integration as the partner fills it: PDF field names or DOCX tags → values. */
const RFI_VALUES: Record<string, string | boolean> = {
  org_legal_name: ORG,
  org_type: 'Community clinic or practice',
  org_city: 'Squamish',
  org_postal_code: 'V8B 0A1',
  sponsor_name: 'Ts’ḵw’aylaxw Joseph',
  sponsor_email: 'sponsor@example.org',
  tech_name: 'Ava Chen',
  tech_email: 'ava.chen@example.org',
  tech_phone: '604 555-0134',
  app_name: APP,
  integration_standard: 'FHIR',
  transactions__find_candidates: true,
  transactions__revise: true,
  daily_transactions: '1,200',
  purpose: 'Confirm PHNs at registration.\nUpdate addresses for ʔaq̓am members.',
  target_go_live: '2026-11-02',
  isa_in_place: 'Yes',
  declaration_read_standards: 'Yes',
  signatory_name: 'Ts’ḵw’aylaxw Joseph',
  signatory_title: 'Executive Director',
  signature: 'Ts’ḵw’aylaxw Joseph',
  signature_date: '2026-03-15',
};

describe.each(['pdf', 'docx'] as const)('Request for Integration as %s', (format) => {
  const fill = (bytes: Uint8Array, values: Record<string, string | boolean>) => (format === 'pdf' ? fillPdfWithPdfjs(bytes, values) : Promise.resolve(fillDocx(bytes, values)));

  it('fills, imports with every value typed and checked, creates a dossier, and a second import is a no-op', async () => {
    const blank = await blankForm(ctx, { form: 'request-for-integration', format });
    const filled = await fill(blank.bytes, RFI_VALUES);
    const name = `rfi.${format}`;
    const { inspection } = await inspectForm(ctx, name, filled);
    expect(inspection.form).toMatchObject({ id: 'request-for-integration', version: 1 });
    expect(inspection.problems).toEqual([]);
    expect(inspection.missing).toEqual([]);
    expect(inspection.creates_dossier).toBe(true);
    const byKey = new Map(inspection.fields.map((f) => [f.key, f]));
    expect(byKey.get('org_legal_name')!.value).toBe(ORG);
    expect(byKey.get('org_type')!.value).toBe('community_clinic');
    expect(byKey.get('transactions')!.value).toEqual(['find_candidates', 'revise']);
    expect(byKey.get('daily_transactions')!.value).toBe(1200);
    expect(byKey.get('purpose')!.value).toBe('Confirm PHNs at registration.\nUpdate addresses for ʔaq̓am members.');
    expect(byKey.get('isa_in_place')!.value).toBe(true);
    expect(byKey.get('target_go_live')!.value).toBe('2026-11-02');

    const applied = await applyForm(ctx, { name, bytes: filled });
    expect(applied.created).toBe(true);
    const dossier = engine.handlers['dossier.get']({ id: applied.dossier.id }) as { fields: Record<string, unknown> };
    expect(dossier.fields['organization.legal_name']).toBe(ORG);
    expect(dossier.fields['application.name']).toBe(APP);
    expect(dossier.fields['integration.transactions']).toEqual(['find_candidates', 'revise']);
    expect(dossier.fields['contacts.technical_lead.phone']).toBe('604 555-0134');
    // The original file is kept by content hash.
    expect(fs.readFileSync(path.join(dir, 'attachments', applied.evidence!.sha256.slice(0, 2), applied.evidence!.sha256))).toEqual(Buffer.from(filled));

    const changesBefore = (engine.store.db.prepare('SELECT COUNT(*) AS n FROM change_log').get() as { n: number }).n;
    const again = await inspectForm(ctx, name, filled, applied.dossier.reference);
    expect(again.inspection.differences).toBe(0);
    expect(again.inspection.already_imported).toBe(true);
    const second = await applyForm(ctx, { name, bytes: filled, dossier: applied.dossier.reference });
    expect(second.noop).toBe(true);
    expect((engine.store.db.prepare('SELECT COUNT(*) AS n FROM change_log').get() as { n: number }).n).toBe(changesBefore);
  });
});

describe.each(['pdf', 'docx'] as const)('PCR Onboarding pre-filled from a dossier as %s', (format) => {
  it('carries the dossier, shows only the partner’s changes, applies per-field choices', async () => {
    const created = engine.handlers['dossier.create']({ fields: { 'organization.legal_name': ORG, 'application.name': APP, 'integration.standard': 'hl7v3' } }) as { id: string; reference: string };
    const blank = await blankForm(ctx, { form: 'pcr-onboarding', format, dossier: created.reference });
    const values = {
      source_code: 'SKWX',
      integration_type: 'Active integration (updates PCR)',
      integration_standard: 'FHIR',
      environments__HT2: true,
      environments__HP1: true,
      source_ips: '142.34.0.0/16\n10.1.2.3',
      tech_name: 'Ava Chen',
      tech_email: 'ava.chen@example.org',
      completed_by_name: 'Ava Chen',
      signature: 'Ava Chen',
      signature_date: '2026-04-01',
    };
    const filled = format === 'pdf' ? await fillPdfWithPdfjs(blank.bytes, values) : fillDocx(blank.bytes, values);
    const { inspection } = await inspectForm(ctx, `onboarding.${format}`, filled);
    expect(inspection.dossier?.reference).toBe(created.reference);
    expect(inspection.problems).toEqual([]);
    const differing = inspection.fields.filter((f) => f.differs).map((f) => f.key).sort();
    expect(differing).toEqual(['completed_by_name', 'environments', 'integration_standard', 'integration_type', 'signature', 'signature_date', 'source_code', 'source_ips', 'tech_email', 'tech_name']);
    expect(inspection.fields.find((f) => f.key === 'org_legal_name')).toMatchObject({ differs: false, current: ORG });

    const result = await applyForm(ctx, { name: `onboarding.${format}`, bytes: filled, choices: { integration_standard: 'dossier' } });
    expect(result.kept).toEqual(['integration_standard']);
    const dossier = engine.handlers['dossier.get']({ id: created.id }) as { fields: Record<string, unknown> };
    expect(dossier.fields['integration.standard']).toBe('hl7v3');
    expect(dossier.fields['integration.type']).toBe('active');
    expect(dossier.fields['integration.environments']).toEqual(['HP1', 'HT2']);
    const record = engine.store.db.prepare('SELECT values_json FROM form_imports WHERE dossier_id = ?').get(created.id) as { values_json: string };
    expect(JSON.parse(record.values_json)).toMatchObject({ source_code: 'SKWX', source_ips: '142.34.0.0/16\n10.1.2.3' });
  });
});

describe.each(['pdf', 'docx'] as const)('Volume 2 partner responses as %s', (format) => {
  it('writes every answer in one batch and reports a partial form', async () => {
    const created = engine.handlers['dossier.create']({ fields: { 'organization.legal_name': ORG, 'application.name': APP } }) as { id: string; reference: string };
    const blank = await blankForm(ctx, { form: 'privacy-security-volume2', format, dossier: created.reference });
    const values = {
      q_governance_privacy_officer_response: 'Compliant',
      q_governance_privacy_officer_comment: 'Privacy officer: Ts’ḵw’aylaxw Joseph, delegated by the board in 2025.',
      q_governance_security_officer_response: 'Partially compliant',
      respondent_name: 'Ava Chen',
    };
    const filled = format === 'pdf' ? await fillPdfWithPdfjs(blank.bytes, values) : fillDocx(blank.bytes, values);
    const { inspection } = await inspectForm(ctx, `vol2.${format}`, filled);
    expect(inspection.problems).toEqual([]);
    // Partial: most statements unanswered, signature missing.
    expect(inspection.missing.map((m) => m.field)).toContain('signature');
    expect(inspection.missing.map((m) => m.field)).toContain('q_governance_policies_response');
    // Answers come after CIS provided the questionnaire (after the kick-off): before that the import is refused, writing nothing.
    const logged = () => (engine.store.db.prepare('SELECT COUNT(*) AS n FROM change_log').get() as { n: number }).n;
    const before = logged();
    await expect(applyForm(ctx, { name: `vol2.${format}`, bytes: filled })).rejects.toMatchObject({
      code: 'gate_blocked',
      message: expect.stringMatching(/^The partner’s questionnaire answers cannot be recorded yet: the gap analysis of PCR-\d{4}-\d{4} has not been provided to the partner/),
    });
    expect(logged()).toBe(before);
    engine.handlers['activity.update']({ id: created.id, activity: 'kickoff', changes: { status: 'done' } });
    engine.handlers['questionnaire.provide']({ id: created.id });
    const result = await applyForm(ctx, { name: `vol2.${format}`, bytes: filled });
    expect(result.applied.map((a) => a.key).sort()).toEqual([
      'q_governance_privacy_officer_comment',
      'q_governance_privacy_officer_response',
      'q_governance_security_officer_response',
      'respondent_name',
    ]);
    const q = engine.handlers['questionnaire.get']({ id: created.id }) as { answers: { question_id: string; response: string | null; comment: string | null }[] };
    expect(q.answers.find((a) => a.question_id === 'governance.privacy-officer')).toMatchObject({ response: 'compliant', comment: values.q_governance_privacy_officer_comment });
    expect(q.answers.find((a) => a.question_id === 'governance.security-officer')?.response).toBe('partially_compliant');
    const again = await inspectForm(ctx, `vol2.${format}`, filled);
    expect(again.inspection.differences).toBe(0);
  });
});
