/**
 * The merge rules on real SQLite stores, without a server: changes taken from one store's outbox
 * (as a push would send them) are applied to another (as a pull would deliver them), in any order.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../electron/store/index';
import { applyPage } from '../../electron/sync/merge';
import { nextBatch, outboxSize } from '../../electron/sync/outbox';
import { STAMP_DEVICE_OFFSET } from '../../shared/hlc';
import type { PulledChange, WireChange } from '../../shared/sync/protocol';
import { removeDir, tempDir } from '../support/tempData';

const opened: { store: Store; dir: string }[] = [];
afterEach(() => {
  for (const { store, dir } of opened.splice(0)) {
    store.close();
    removeDir(dir);
  }
});

function device(withDossier = true): Store {
  const dir = tempDir('pcr-merge-');
  const store = openStore(path.join(dir, 'workbench.sqlite'));
  opened.push({ store, dir });
  // The dossier these tests change is already on every device (a change naming a dossier that is
  // not here is quarantined); put there directly, so no change of its creation is in any log.
  if (withDossier) store.db.prepare("INSERT INTO dossiers(id, reference) VALUES ('d1', 'PCR-2026-0001')").run();
  return store;
}

let seq = 0;
const pulled = (changes: WireChange[]): PulledChange[] => changes.map((c) => ({ ...c, seq: ++seq, user: 'team' }));
/** Everything in a store's outbox, marked as sent (so it counts as known to the server). */
function send(store: Store): PulledChange[] {
  const batch = nextBatch(store, 100_000);
  const out = pulled(batch);
  for (const c of out) store.prepare('UPDATE change_log SET server_seq = ?, base = ? WHERE change_id = ?').run(c.seq, c.base, c.change_id);
  return out;
}
const merge = (store: Store, page: PulledChange[]) => applyPage({ store, actor: 'Merger', now: Date.now }, page);
const vendor = (store: Store) => (store.prepare("SELECT application__vendor AS v FROM dossiers WHERE id = 'd1'").get() as { v: string | null } | undefined)?.v;
const conflicts = (store: Store) => store.prepare('SELECT local_value, remote_value, kept FROM sync_conflicts WHERE resolved_at IS NULL').all();
const setVendor = (store: Store, value: string) => store.write('Lead', [{ entity: 'dossiers', rowId: 'd1', field: 'application__vendor', value, dossierId: 'd1' }]);

describe('merge', () => {
  it('lets the later writer win and keeps the other value as a conflict, on both sides', () => {
    const a = device();
    const b = device();
    setVendor(a, 'Acme');
    const fromA = send(a);
    setVendor(b, 'Zeta'); // later, without having seen Acme
    const fromB = send(b);
    expect(merge(a, fromB).newConflicts).toBe(1);
    expect(merge(b, fromA).newConflicts).toBe(1);
    expect(vendor(a)).toBe('Zeta');
    expect(vendor(b)).toBe('Zeta');
    expect(conflicts(a)).toEqual([{ local_value: '"Acme"', remote_value: '"Zeta"', kept: 'remote' }]);
    expect(conflicts(b)).toEqual([{ local_value: '"Zeta"', remote_value: '"Acme"', kept: 'local' }]);
  });

  it('breaks a tie of equal clock readings by device id, whatever the arrival order', () => {
    const stamp = (deviceId: string) => `000001700000000:00000:${deviceId}`;
    const change = (deviceId: string, value: string): WireChange => ({
      change_id: stamp(deviceId),
      entity: 'dossiers',
      row_id: 'd1',
      field: 'application__vendor',
      value: JSON.stringify(value),
      device_id: deviceId,
      actor: deviceId,
      dossier_id: 'd1',
      base: null,
    });
    const x = device();
    const y = device();
    merge(x, pulled([change('device-a', 'Acme'), change('device-b', 'Zeta')]));
    merge(y, pulled([change('device-b', 'Zeta'), change('device-a', 'Acme')]));
    expect(vendor(x)).toBe('Zeta');
    expect(vendor(y)).toBe('Zeta');
    expect(conflicts(x)).toHaveLength(1);
    expect(conflicts(y)).toHaveLength(1);
  });

  it('sees no conflict in a successor, in equal values, or in one device’s changes arriving out of order', () => {
    const a = device();
    const b = device();
    setVendor(a, 'Acme');
    merge(b, send(a));
    setVendor(b, 'Acme Health'); // made after seeing Acme
    const successor = send(b);
    expect(merge(a, successor).newConflicts).toBe(0);
    expect(vendor(a)).toBe('Acme Health');

    setVendor(a, 'Same');
    setVendor(b, 'Same');
    const sameA = send(a);
    const sameB = send(b);
    expect(merge(a, sameB).newConflicts + merge(b, sameA).newConflicts).toBe(0);

    const c = device();
    setVendor(a, 'First');
    const first = send(a);
    setVendor(a, 'Second');
    const second = send(a);
    merge(c, [...sameA, ...successor]);
    expect(merge(c, second).newConflicts + merge(c, first).newConflicts).toBe(0);
    expect(vendor(c)).toBe('Second');
  });

  it('applies a page only once: a repeated page changes nothing', () => {
    const a = device();
    const b = device();
    setVendor(a, 'Acme');
    const page = send(a);
    expect(merge(b, page).applied).toBe(1);
    expect(merge(b, page)).toMatchObject({ received: 0, applied: 0, newConflicts: 0 });
    expect((b.prepare('SELECT COUNT(*) AS n FROM change_log').get() as { n: number }).n).toBe(1);
  });

  it('sends a row created in one change field by field, each under its own stamp, and knows them when they come back', () => {
    const a = device(false); // creates d1 here, in one change
    const b = device();
    a.write('Lead', [
      { entity: 'dossiers', rowId: 'd1', field: 'organization__legal_name', value: 'ʔaq̓am Health', dossierId: 'd1' },
      { entity: 'dossiers', rowId: 'd1', field: 'application__vendor', value: 'Acme', dossierId: 'd1' },
      { entity: 'dossiers', rowId: 'd1', field: 'application__name', value: 'EMR', dossierId: 'd1' },
    ]);
    expect((a.prepare('SELECT COUNT(*) AS n FROM change_log').get() as { n: number }).n).toBe(1);
    expect(outboxSize(a)).toBe(3);
    const page = send(a);
    expect(page.map((c) => c.field)).toEqual(['organization__legal_name', 'application__vendor', 'application__name']);
    expect(new Set(page.map((c) => c.change_id)).size).toBe(3);
    expect(page.map((c) => c.change_id)).toEqual(page.map((c) => c.change_id).sort());
    expect(outboxSize(a)).toBe(0);
    expect(merge(b, page).applied).toBe(3);
    expect(vendor(b)).toBe('Acme');
    // Pulled back by the device that made them: nothing new, nothing applied twice.
    expect(merge(a, page)).toMatchObject({ received: 0, applied: 0, newConflicts: 0 });
    // A later edit on b wins on a, with the created field as its base: a successor, not a conflict.
    setVendor(b, 'Zeta');
    expect(merge(a, send(b))).toMatchObject({ received: 1, applied: 1, newConflicts: 0 });
    expect(vendor(a)).toBe('Zeta');
  });

  it('logs a row received whole as one entry, knows each of its fields when they come again, and sends them again unchanged after a server reset', () => {
    const a = device(false);
    const c = device(false); // d1 is new here too
    a.write('Lead', [
      { entity: 'dossiers', rowId: 'd1', field: 'reference', value: 'PCR-2026-0001', dossierId: 'd1' },
      { entity: 'dossiers', rowId: 'd1', field: 'organization__legal_name', value: 'ʔaq̓am Health', dossierId: 'd1' },
      { entity: 'dossiers', rowId: 'd1', field: 'application__vendor', value: 'Acme', dossierId: 'd1' },
    ]);
    const page = send(a);
    const entries = () => c.prepare(`SELECT field, value, substr(change_id, ${STAMP_DEVICE_OFFSET + 1}) AS device_id, base FROM change_log ORDER BY seq`).all();
    expect(merge(c, page)).toMatchObject({ received: 3, applied: 3, newConflicts: 0 });
    expect(entries()).toEqual([{ field: null, value: JSON.stringify({ reference: 'PCR-2026-0001', organization__legal_name: 'ʔaq̓am Health', application__vendor: 'Acme' }), device_id: a.deviceId, base: null }]);
    expect(vendor(c)).toBe('Acme');
    // The same page again, whole or one field at a time: nothing new, nothing applied twice.
    expect(merge(c, page)).toMatchObject({ received: 0, applied: 0 });
    for (const change of page) expect(merge(c, [change])).toMatchObject({ received: 0, applied: 0 });
    expect(entries()).toHaveLength(1);
    // After a server reset c sends everything again: the same field changes, stamps and bases.
    c.prepare('UPDATE change_log SET server_seq = NULL').run();
    c.setMeta('outbox_from', '0');
    const again = nextBatch(c, 100_000);
    const wire = ({ seq: _seq, user: _user, ...rest }: PulledChange) => rest;
    expect(again).toEqual(page.map(wire));
    // A later edit made on a, which had seen the created field, is its successor on c.
    setVendor(a, 'Zeta');
    expect(merge(c, send(a))).toMatchObject({ received: 1, applied: 1, newConflicts: 0 });
    expect(vendor(c)).toBe('Zeta');
  });

  it('logs field by field a new row that does not arrive whole in one page', () => {
    const a = device(false);
    const c = device(false);
    a.write('Lead', [
      { entity: 'dossiers', rowId: 'd1', field: 'reference', value: 'PCR-2026-0001', dossierId: 'd1' },
      { entity: 'dossiers', rowId: 'd1', field: 'organization__legal_name', value: 'ʔaq̓am Health', dossierId: 'd1' },
      { entity: 'dossiers', rowId: 'd1', field: 'application__vendor', value: 'Acme', dossierId: 'd1' },
    ]);
    const page = send(a);
    // Its first two fields in one page (logged together), the third in the next (the row exists by then).
    expect(merge(c, page.slice(0, 2)).applied).toBe(2);
    expect(merge(c, page.slice(2)).applied).toBe(1);
    expect(c.prepare('SELECT field FROM change_log ORDER BY seq').all()).toEqual([{ field: null }, { field: 'application__vendor' }]);
    expect(merge(c, page)).toMatchObject({ received: 0, applied: 0 });
    // Out of order within a page (the stamps are not one tick apart from the first): one entry each.
    const d = device(false);
    expect(merge(d, [page[0]!, page[2]!]).applied).toBe(2);
    expect(d.prepare('SELECT field FROM change_log ORDER BY seq').all()).toEqual([{ field: 'reference' }, { field: 'application__vendor' }]);
    expect(merge(d, page)).toMatchObject({ received: 1, applied: 1 });
  });

  it('keeps aside a pulled change whose device id is not its stamp’s, since the log reads the device from the stamp', () => {
    const b = device();
    const claimed: WireChange = {
      change_id: '000001700000000:00000:device-a',
      entity: 'dossiers',
      row_id: 'd1',
      field: 'application__vendor',
      value: '"Acme"',
      device_id: 'device-b',
      actor: 'Mallory',
      dossier_id: 'd1',
      base: null,
    };
    expect(merge(b, pulled([claimed]))).toMatchObject({ received: 1, applied: 0, quarantined: 1 });
    expect(vendor(b)).toBeNull();
    expect(b.prepare('SELECT reason FROM sync_quarantine').all()).toEqual([{ reason: 'claims device device-b, but its stamp was made by device-a' }]);
    expect(b.prepare('SELECT COUNT(*) AS n FROM change_log').get()).toEqual({ n: 0 });
    // The write path's own guard refuses it too.
    expect(() =>
      b.recordReceived([{ entity: 'dossiers', rowId: 'd1', field: 'application__vendor', value: 'Acme', dossierId: 'd1', changeId: claimed.change_id, deviceId: 'device-b', actor: 'Mallory', base: null, serverSeq: 1, apply: true }]),
    ).toThrow(/its device id is not its stamp's/);
    expect(b.prepare('SELECT COUNT(*) AS n FROM change_log').get()).toEqual({ n: 0 });
  });
});
