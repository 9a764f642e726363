/**
 * Conflicts name their field as the dossier's History does, and say the dossier's organization:
 * the engine labels them, so the Conflicts view need not guess from entity and column names.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../shared/api/dispatch';
import type { Conflict } from '../../shared/api/syncOps';
import type { HistoryEntry } from '../../shared/api/types';
import type { DeploymentPlan } from '../../shared/deployment-plan/model';
import { tempEngine } from '../support/tempData';

let engine: ReturnType<typeof tempEngine>;
let dossier: { id: string; reference: string };

async function call<T>(name: string, input: unknown): Promise<T> {
  const answer = await dispatch(engine.handlers, name, input);
  if (!answer.ok) throw new Error(`${name}: ${answer.error.message}`);
  return answer.value as T;
}

let conflictCount = 0;
/** Records a conflict as the merge does when two devices changed one field (or a row was deleted on one side). */
function recordConflict(entity: string, rowId: string, field: string, kind: 'field' | 'delete' = 'field', values: [unknown, unknown] = ['here', 'there']): string {
  const id = `conflict-${++conflictCount}`;
  engine.store
    .prepare(
      `INSERT INTO sync_conflicts (id, entity, row_id, field, dossier_id, kind, local_value, local_actor, remote_value, remote_actor, kept, detected_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'Élise Tremblay', ?, 'Tom Nakamura', 'remote', '2026-03-02T17:05:00.000Z')`,
    )
    .run(id, entity, rowId, field, dossier.id, kind, JSON.stringify(values[0]), JSON.stringify(values[1]));
  return id;
}

const activityId = (key: string) => (engine.store.prepare('SELECT id FROM activities WHERE dossier_id = ? AND key = ?').get(dossier.id, key) as { id: string }).id;

beforeEach(async () => {
  engine = tempEngine({ today: '2026-03-02' });
  dossier = await call('dossier.create', {
    fields: { 'organization.legal_name': 'Sḵwx̱wú7mesh Úxwumixw Health Services', 'application.name': 'Valley EMR', 'integration.environments': ['HD4'] },
  });
});
afterEach(() => engine.close());

describe('conflicts.list labels', () => {
  it('names activity, dossier and deployment-plan fields as the History does, with the organization', async () => {
    const conformance = activityId('conformance_testing');
    await call('activity.update', { id: dossier.reference, activity: 'conformance_testing', changes: { status: 'in_progress' } });
    const plan = await call<DeploymentPlan>('deploymentPlan.start', { id: dossier.reference });
    const step = plan.steps[2]!;
    recordConflict('activities', conformance, 'status', 'field', ['in_progress', 'done']);
    recordConflict('dossiers', dossier.id, 'application__vendor');
    recordConflict('deployment_plan_steps', step.id, 'planned_start');

    const conflicts = await call<Conflict[]>('conflicts.list', {});
    const byEntity = new Map(conflicts.map((c) => [c.entity, c]));
    expect(byEntity.get('activities')!.label).toBe('Conformance testing — status');
    expect(byEntity.get('dossiers')!.label).toBe('Vendor');
    // Long step titles are shortened as in the History.
    expect(byEntity.get('deployment_plan_steps')!.label).toMatch(new RegExp(`^Cutover step “${step.title!.slice(0, 40)}.*” — planned start$`));
    for (const c of conflicts) expect(c.organization).toBe('Sḵwx̱wú7mesh Úxwumixw Health Services');

    // The very words of the dossier's History for the same field.
    const history = await call<HistoryEntry[]>('dossier.history', { id: dossier.reference, limit: 2000 });
    const statusEntry = history.find((h) => h.entity === 'activities' && h.row_id === conformance && h.field === 'status')!;
    expect(statusEntry.label).toBe(byEntity.get('activities')!.label);
  });

  it('names a deleted row without its field, and keeps the label on the resolved conflict', async () => {
    const kickoff = activityId('kickoff');
    const id = recordConflict('activities', kickoff, 'deleted_at', 'delete', [null, '2026-03-01T10:00:00.000Z']);
    const gap = recordConflict('questionnaire_answers', `${dossier.id}/volume2/PS-3.2`, 'reviewer_comment');
    const listed = await call<Conflict[]>('conflicts.list', { dossier: dossier.reference });
    expect(listed.find((c) => c.id === gap)!.label).toBe('Gap analysis question PS-3.2 — reviewer comment');

    const resolved = await call<Conflict>('conflicts.resolve', { id, keep: 'local' });
    expect(resolved.label).toBe('Kick-off (vendor discovery session) — deleted on one side, edited on the other');
    expect(resolved.organization).toBe('Sḵwx̱wú7mesh Úxwumixw Health Services');
  });

  it('names a partner form import by its form and file, as the History does', async () => {
    engine.store.write('Test Lead', [
      { entity: 'form_imports', rowId: 'imp-1', field: 'form_id', value: 'pcr-onboarding', dossierId: dossier.id },
      { entity: 'form_imports', rowId: 'imp-1', field: 'form_version', value: 1, dossierId: dossier.id },
      { entity: 'form_imports', rowId: 'imp-1', field: 'file_name', value: 'onboarding.pdf', dossierId: dossier.id },
    ]);
    recordConflict('form_imports', 'imp-1', 'values_json', 'field', ['{}', '{"source_code":"SKWX"}']);
    const [c] = await call<Conflict[]>('conflicts.list', {});
    expect(c!.label).toBe('Form imported: Provincial Client Registry Onboarding Form v1 (file onboarding.pdf) — values kept from fields without a dossier field');
  });

  it('names a dossier deleted on one side by the word Dossier', async () => {
    recordConflict('dossiers', dossier.id, 'deleted_at', 'delete', [null, '2026-03-01T10:00:00.000Z']);
    const [c] = await call<Conflict[]>('conflicts.list', {});
    expect(c!.label).toBe('Dossier — deleted on one side, edited on the other');
  });
});
