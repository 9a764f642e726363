import { describe, expect, it } from 'vitest';
import { parsePullResponse, pullResponseSchema } from '../../shared/sync/protocol';

const change = (over: Record<string, unknown> = {}) => ({
  change_id: '001767225600000:00003:dev-a',
  entity: 'dossiers',
  row_id: 'r1',
  field: 'application__name',
  value: '"Sḵwx̱wú7mesh"',
  device_id: 'dev-a',
  actor: 'Ana',
  dossier_id: 'r1',
  base: null,
  seq: 7,
  user: 'ana',
  ...over,
});
const page = (changes: unknown[]) => ({ server_id: 's', server_time: 1, last_seq: 9, changes, next_after: 9, has_more: false });
const outcome = (parse: (b: unknown) => unknown, body: unknown) => {
  try {
    return { ok: parse(body) };
  } catch {
    return { refused: true };
  }
};

describe('parsing a pull answer', () => {
  it('gives what the protocol schema gives, valid or not, with its hand check of the changes', () => {
    const bodies = [
      page([change(), change({ base: '001767225600000:00001:dev-b', dossier_id: null, actor: '' })]),
      page([]),
      page([change({ extra: 'dropped by the schema' })]),
      page([change({ change_id: 'not a stamp' })]),
      page([change({ base: 'x' })]),
      page([change({ entity: 'Dossiers' })]),
      page([change({ row_id: '' })]),
      page([change({ row_id: 'x'.repeat(201) })]),
      page([change({ device_id: 'd'.repeat(65) })]),
      page([change({ actor: 'a'.repeat(301) })]),
      page([change({ seq: 0 })]),
      page([change({ seq: 1.5 })]),
      page([change({ value: 3 })]),
      page([change({ user: null })]),
      page([change(), 'not a change']),
      { ...page([change()]), has_more: 'no' },
      { ...page([change()]), next_after: -1 },
      { changes: [change()] },
      null,
    ];
    for (const body of bodies) expect(outcome(parsePullResponse, body)).toEqual(outcome((b) => pullResponseSchema.parse(b), body));
  });
});
