/** An applied partner form reads in the dossier's History (and its sync conflicts) by form and file, not by column. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../shared/api/types';
import { createEngine, type Engine } from '../../electron/engine/index';
import { applyForm, blankForm, formsContext, type FormsContext } from '../../electron/forms/index';
import { fillDocx } from './forms-fillers';

let dir: string;
let engine: Engine;
let ctx: FormsContext;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forms-history-'));
  engine = createEngine({ dataDir: dir, actor: 'Test Lead' });
  ctx = formsContext(engine.context);
});
afterEach(() => {
  engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('form import history', () => {
  it('labels each recorded column of an applied form by the form, its version and the file', async () => {
    const blank = await blankForm(ctx, { form: 'request-for-integration', format: 'docx' });
    const filled = fillDocx(blank.bytes, { org_legal_name: 'Fraser Clinic', app_name: 'Fraser EMR', purpose: 'Confirm PHNs at registration.' });
    const result = await applyForm(ctx, { name: 'rfi-fraser.docx', bytes: filled });
    const history = engine.handlers['dossier.history']({ id: result.dossier.reference, limit: 2000 }) as HistoryEntry[];
    const imports = history.filter((h) => h.entity === 'form_imports');
    const title = ctx.forms.find('request-for-integration').title;
    const version = ctx.forms.find('request-for-integration').version;
    const prefix = `Form imported: ${title} v${version} (file rfi-fraser.docx) — `;
    expect(new Map(imports.map((h) => [h.field, h.label]))).toEqual(
      new Map([
        ['form_id', `${prefix}form`],
        ['form_version', `${prefix}form version`],
        ['format', `${prefix}file format`],
        ['file_name', `${prefix}file name`],
        ['sha256', `${prefix}file fingerprint (SHA-256)`],
        ['size', `${prefix}file size (bytes)`],
        ['imported_at', `${prefix}imported on`],
        ['values_json', `${prefix}values kept from fields without a dossier field`],
      ]),
    );
    // No raw column name is left as a label anywhere in the History.
    for (const entry of history) expect(entry.label).not.toMatch(/^(sha256|values_json|file_name|form_id|imported_at)$/);
  });

  it('names a form this workbench does not know by its id', () => {
    const created = engine.handlers['dossier.create']({ fields: { 'organization.legal_name': 'Fraser Clinic', 'application.name': 'EMR' } }) as { id: string; reference: string };
    engine.store.write('Other Device', [
      { entity: 'form_imports', rowId: 'imp-1', field: 'form_id', value: 'future-form', dossierId: created.id },
      { entity: 'form_imports', rowId: 'imp-1', field: 'form_version', value: 7, dossierId: created.id },
    ]);
    const history = engine.handlers['dossier.history']({ id: created.reference, limit: 100 }) as HistoryEntry[];
    expect(history.find((h) => h.entity === 'form_imports' && h.field === 'form_version')!.label).toBe('Form imported: future-form v7 — form version');
  });
});
