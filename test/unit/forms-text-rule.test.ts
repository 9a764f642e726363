/**
 * A partner form carrying a terminal escape, a bell, a NUL or a lone surrogate in a field: the
 * review reports it as a problem of that field (by its label) and applying writes none of it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/index';
import { applyForm, blankForm, formsContext, inspectForm, type FormsContext } from '../../electron/forms/index';
import { fillDocx } from './forms-fillers';

let dir: string;
let engine: Engine;
let ctx: FormsContext;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forms-text-rule-'));
  engine = createEngine({ dataDir: dir, actor: 'Test Lead' });
  ctx = formsContext(engine.context);
});
afterEach(() => {
  engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the text rule in a partner form review', () => {
  it.each([
    ['a terminal colour escape', 'Fraser\u001b[31m Clinic', /Legal name.*escape character/],
    ['a bell', 'Fraser Clinic\u0007', /Legal name.*bell character/],
    ['a C1 control', 'Fraser\u009b2J Clinic', /Legal name.*C1 control character/],
    ['a run of replacement characters', 'Fraser \ufffd\ufffd\ufffd Clinic', /Legal name.*replacement character/],
  ])('reports %s as a field problem and applies nothing', async (_name, legalName, message) => {
    const blank = await blankForm(ctx, { form: 'request-for-integration', format: 'docx' });
    const filled = fillDocx(blank.bytes, { org_legal_name: legalName, app_name: 'Clinic EMR' });
    const { inspection } = await inspectForm(ctx, 'rfi.docx', filled);
    const field = inspection.fields.find((f) => f.key === 'org_legal_name')!;
    expect(field.valid).toBe(false);
    expect(JSON.stringify(inspection)).toMatch(message);
    const before = (engine.store.db.prepare('SELECT COUNT(*) AS n FROM change_log').get() as { n: number }).n;
    await applyForm(ctx, { name: 'rfi.docx', bytes: filled }).catch(() => undefined);
    const stored = engine.store.db.prepare('SELECT organization__legal_name AS v FROM dossiers').all() as { v: string | null }[];
    expect(stored.every((r) => r.v === null || !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/.test(r.v))).toBe(true);
    if (stored.length === 0) expect((engine.store.db.prepare('SELECT COUNT(*) AS n FROM change_log').get() as { n: number }).n).toBe(before);
  });
});
