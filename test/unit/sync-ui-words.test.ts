/** The sync UI's words: conflict fields and values as the History names them, and the header's state line. */
import { describe, expect, it } from 'vitest';
import type { Conflict, SyncStatus } from '../../shared/api/syncOps';
import { conflictLabel, conflictValue } from '../../renderer/sync/conflictValues';
import { describeSync } from '../../renderer/sync/describe';
import { formatOffset } from '../../renderer/sync/offset';
import { relativeTime } from '../../renderer/sync/relativeTime';
import type { SyncSnapshot } from '../../renderer/sync/scheduler';

const side = (value: Conflict['local']['value'], actor = 'Élise Tremblay') => ({ value, actor, change_id: null, at: '2026-03-02T17:00:00.000Z' });
const conflict = (over: Partial<Conflict>): Conflict => ({
  id: 'c1',
  dossier_id: 'd1',
  reference: 'PCR-2026-0001',
  entity: 'dossiers',
  row_id: 'd1',
  field: 'application__vendor',
  kind: 'field',
  local: side('Acme'),
  remote: side('Zeta', 'Tom Nakamura'),
  kept: 'local',
  detected_at: '2026-03-02T17:05:00.000Z',
  resolved_at: null,
  resolution: null,
  resolved_by: null,
  ...over,
});

describe('conflict words', () => {
  it('names dossier fields by their form label and shows options, dates and flags in words', () => {
    expect(conflictLabel(conflict({}))).toBe('Vendor');
    const rag = conflict({ field: 'status__rag', local: side('amber'), remote: side('red') });
    expect(conflictLabel(rag)).toBe('RAG status');
    expect([conflictValue(rag, 'local'), conflictValue(rag, 'remote')]).toEqual(['Amber — at risk', 'Red — off track']);
    const flag = conflict({ field: 'flags__dq_process_required', local: side(1), remote: side(0) });
    expect([conflictValue(flag, 'local'), conflictValue(flag, 'remote')]).toEqual(['Yes', 'No']);
    expect(conflictValue(conflict({ remote: side(null) }), 'remote')).toBeNull();
  });

  it('takes the engine’s label when the conflict has one, and names the field itself only without it', () => {
    const step = conflict({ entity: 'deployment_plan_steps', row_id: 's3', field: 'planned_start', label: 'Cutover step “Deploy the configuration” — planned start' });
    expect(conflictLabel(step)).toBe('Cutover step “Deploy the configuration” — planned start');
    expect(conflictLabel({ ...step, label: undefined })).toBe('Cutover step — planned start');
  });

  it('names questionnaire rows by question and says what a delete conflict is', () => {
    expect(conflictLabel(conflict({ entity: 'questionnaire_answers', row_id: 'd1/volume2/PS-3.2', field: 'reviewer_comment' }))).toBe(
      'Gap analysis PS-3.2 — reviewer comment',
    );
    expect(conflictLabel(conflict({ entity: 'gaps', row_id: 'd1/volume2/PS-3.2/gap', field: 'owner' }))).toBe('Gap on PS-3.2 — owner');
    const deleted = conflict({ entity: 'activities', row_id: 'a1', field: 'deleted_at', kind: 'delete', local: side(null), remote: side('2026-03-01T10:00:00.000Z') });
    expect(conflictLabel(deleted)).toBe('Activity — deleted on one side, edited on the other');
    expect(conflictValue(deleted, 'local')).toBe('Kept, with its edits');
    expect(conflictValue(deleted, 'remote')).toMatch(/^Deleted \(2026-03-01 \d\d:\d\d\)$/);
  });
});

describe('header words', () => {
  const status: SyncStatus = {
    server_url: 'https://sync.example.org',
    has_token: true,
    running: false,
    progress: null,
    last_synced_at: '2026-03-02T17:00:00.000Z',
    last_error: null,
    waiting: 0,
    open_conflicts: 0,
    server_id: 's',
    cursor: 0,
  };
  const snap = (over: Partial<SyncSnapshot> = {}, s: Partial<SyncStatus> = {}): SyncSnapshot => ({
    status: { ...status, ...s },
    statusError: null,
    running: false,
    lastResult: null,
    failure: null,
    failuresInARow: 0,
    nextRunAt: null,
    ...over,
  });
  const now = Date.parse('2026-03-02T17:03:10.000Z');

  it('says each state in a few words', () => {
    expect(describeSync(snap({}, { server_url: null }), true, now).label).toBe('Not syncing');
    expect(describeSync(snap({}, { server_url: null, waiting: 27_327 }), true, now).label).toBe('Not syncing');
    expect(describeSync(snap({}, { has_token: false, waiting: 27_327 }), true, now).label).toBe('Sync token needed · 27,327 changes waiting');
    expect(describeSync(snap({}, { has_token: false, waiting: 2 }), true, now).label).toBe('Sync token needed · 2 changes waiting');
    expect(describeSync(snap({}, { waiting: 1 }), true, now).label).toBe('Synced 3 min ago · 1 change waiting');
    expect(describeSync(snap({}, { last_synced_at: null }), true, now).label).toBe('Not synced yet');
    const busy = describeSync(snap({ running: true }, { progress: { phase: 'push', done: 40, total: 160 } }), true, now);
    expect([busy.label, busy.percent, busy.tone]).toEqual(['Syncing — Sending changes 40 of 160', 25, 'busy']);
    expect(describeSync(snap(), false, now).label).toBe('Offline');
  });

  it('shows a failure recorded by the engine, even from another run', () => {
    const recorded = describeSync(snap({}, { last_error: { at: '2026-03-02T17:00:00.000Z', kind: 'clock_skew', message: 'This computer’s clock is 12 min behind…' } }), true, now);
    expect([recorded.label, recorded.tone, recorded.failure?.advice.retry]).toEqual(['Clock is wrong', 'warning', 'auto']);
    const mass = describeSync(snap({ failure: { kind: 'mass_delete', message: 'm', reasons: ['PCR-2026-0001: 40 of 44 records would be deleted'], at: '2026-03-02T17:00:00.000Z' } }), true, now);
    expect([mass.label, mass.tone, mass.failure?.advice.action]).toEqual(['Large delete — needs you', 'danger', 'allow_mass_delete']);
  });

  it('gives times and clock offsets in words', () => {
    expect(relativeTime('2026-03-02T17:03:00.000Z', now)).toBe('just now');
    expect(relativeTime('2026-03-02T15:00:00.000Z', now)).toBe('2 h ago');
    expect(relativeTime('2026-03-01T12:00:00.000Z', now)).toBe('yesterday');
    expect(formatOffset(400)).toBe('In step with the server (under a second)');
    expect(formatOffset(90_000)).toBe('This computer is 2 min behind the server');
    expect(formatOffset(-7_200_000)).toBe('This computer is 2.0 h ahead of the server');
  });
});
