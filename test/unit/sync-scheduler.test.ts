/**
 * The window's background sync (renderer/sync/scheduler.ts) against a stand-in engine and clock:
 * when it runs, that it never runs twice at once, its back-off, and that stops needing a person
 * are not retried.
 */
import { describe, expect, it } from 'vitest';
import type { ApiError } from '../../shared/api/errors';
import type { SyncResult, SyncStatus } from '../../shared/api/syncOps';
import { ApiCallError } from '../../shared/api/client';
import { SyncScheduler, TIMING, type SyncRunOptions } from '../../renderer/sync/scheduler';
import { backoffMs } from '../../renderer/sync/failures';
import { describeSync } from '../../renderer/sync/describe';

const baseStatus: SyncStatus = {
  server_url: 'http://127.0.0.1:9',
  has_token: true,
  running: false,
  progress: null,
  last_synced_at: null,
  last_error: null,
  waiting: 0,
  open_conflicts: 0,
  server_id: null,
  cursor: 0,
};

function result(): SyncResult {
  return {
    server_url: baseStatus.server_url!,
    server_id: 'srv',
    user: 'lead',
    pushed: 0,
    pulled: 0,
    applied: 0,
    new_conflicts: 0,
    open_conflicts: 0,
    attachments_sent: 0,
    attachments_received: 0,
    keys_received: 0,
    renumbered: [],
    deferred: 0,
    cursor: 0,
    skew_ms: 0,
    finished_at: new Date().toISOString(),
  };
}

/** A clock whose timers fire only when the test moves time on. */
function harness(initial: Partial<SyncStatus> = {}) {
  let now = 1_000_000;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const state = { status: { ...baseStatus, ...initial }, hidden: false, online: true, statusUnreadable: false };
  const runs: SyncRunOptions[] = [];
  let failWith: { kind: string; error: ApiError } | null = null;
  let pending: { resolve: () => void } | null = null;
  let holdRuns = false;
  const scheduler = new SyncScheduler({
    status: async () => {
      if (state.statusUnreadable) throw new ApiCallError({ code: 'internal', message: 'The engine is busy.' });
      return { ...state.status };
    },
    run: (options) => {
      runs.push(options);
      const finish = (): SyncResult => {
        if (failWith) {
          state.status = { ...state.status, last_error: { at: new Date(now).toISOString(), kind: failWith.kind, message: failWith.error.message } };
          throw new ApiCallError(failWith.error);
        }
        state.status = { ...state.status, last_error: null, last_synced_at: new Date(now).toISOString(), waiting: 0 };
        return result();
      };
      if (!holdRuns) return Promise.resolve().then(finish);
      return new Promise<SyncResult>((resolve, reject) => {
        pending = {
          resolve: () => {
            try {
              resolve(finish());
            } catch (error) {
              reject(error);
            }
          },
        };
      });
    },
    apiErrorOf: (error) => (error instanceof ApiCallError ? error.error : null),
    isHidden: () => state.hidden,
    isOnline: () => state.online,
    now: () => now,
    setTimer: (fn, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimer: (id) => timers.delete(id as number),
  });
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return {
    scheduler,
    state,
    runs,
    failNext(kind: string, code: ApiError['code'], message: string, details?: ApiError['details']) {
      failWith = { kind, error: { code, message, ...(details ? { details } : {}) } };
    },
    succeed() {
      failWith = null;
    },
    hold(on: boolean) {
      holdRuns = on;
    },
    async release() {
      pending?.resolve();
      pending = null;
      await flush();
      await flush();
    },
    async advance(ms: number) {
      const until = now + ms;
      await flush();
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
        await flush();
        await flush();
      }
      now = until;
      await flush();
    },
  };
}

describe('background sync scheduler', () => {
  it('runs soon after start, then every minute, and soon after local changes', async () => {
    const h = harness();
    h.scheduler.start();
    await h.advance(TIMING.firstRun);
    expect(h.runs).toHaveLength(1);
    await h.advance(TIMING.period - 1);
    expect(h.runs).toHaveLength(1);
    await h.advance(1);
    expect(h.runs).toHaveLength(2);
    // A change saved here shows in the next status read; the sync follows within seconds, not a minute.
    h.state.status = { ...h.state.status, waiting: 3 };
    await h.advance(TIMING.statusPoll + TIMING.afterLocalChange);
    expect(h.runs).toHaveLength(3);
    h.scheduler.stop();
  });

  it('does nothing without a server or a token, and starts once settings arrive', async () => {
    const h = harness({ server_url: null, has_token: false });
    h.scheduler.start();
    await h.advance(5 * TIMING.period);
    expect(h.runs).toHaveLength(0);
    h.state.status = { ...h.state.status, server_url: 'http://127.0.0.1:9', has_token: true };
    h.scheduler.settingsChanged();
    await h.advance(TIMING.firstRun);
    expect(h.runs).toHaveLength(1);
    h.scheduler.stop();
  });

  it('never runs two at once: Sync now during a background run waits for it', async () => {
    const h = harness();
    h.hold(true);
    h.scheduler.start();
    await h.advance(TIMING.firstRun);
    expect(h.scheduler.getSnapshot().running).toBe(true);
    const asked = h.scheduler.syncNow();
    expect(h.runs).toHaveLength(1);
    await h.release();
    expect(await asked).not.toBeNull();
    expect(h.runs).toHaveLength(1);
    expect(h.scheduler.getSnapshot().running).toBe(false);
    h.scheduler.stop();
  });

  it('backs off on an unreachable server and says so; recovers on success', async () => {
    const h = harness();
    h.failNext('offline', 'internal', 'Could not reach the sync server at http://127.0.0.1:9: connect ECONNREFUSED');
    h.scheduler.start();
    await h.advance(TIMING.firstRun);
    expect(h.scheduler.getSnapshot().failure?.kind).toBe('offline');
    expect(describeSync(h.scheduler.getSnapshot(), true, Date.now()).label).toBe('Server unreachable');
    await h.advance(backoffMs(1));
    expect(h.runs).toHaveLength(2);
    await h.advance(backoffMs(2) - 1);
    expect(h.runs).toHaveLength(2);
    h.succeed();
    await h.advance(1);
    expect(h.runs).toHaveLength(3);
    expect(h.scheduler.getSnapshot().failure).toBeNull();
    expect(h.scheduler.getSnapshot().failuresInARow).toBe(0);
    h.scheduler.stop();
  });

  it('stops on a changed server identity until a person accepts it', async () => {
    const h = harness();
    h.failNext('lineage', 'conflict', 'The sync server at http://127.0.0.1:9 is not the one this workbench synced with before.');
    h.scheduler.start();
    await h.advance(TIMING.firstRun);
    expect(h.scheduler.getSnapshot().failure?.kind).toBe('lineage');
    expect(h.scheduler.getSnapshot().nextRunAt).toBeNull();
    await h.advance(60 * TIMING.period);
    expect(h.runs).toHaveLength(1);
    h.succeed();
    await h.scheduler.syncNow({ accept_new_server: true });
    expect(h.runs.at(-1)).toEqual({ accept_new_server: true });
    expect(h.scheduler.getSnapshot().failure).toBeNull();
    h.scheduler.stop();
  });

  it('takes the failure kind from the error itself, even when the status cannot be read after it', async () => {
    const h = harness();
    h.failNext('mass_delete', 'conflict', 'This sync would delete most of a dossier; nothing was applied.', { sync_failure: 'mass_delete', reasons: ['PCR-2026-0001: 7 of 10 records would be deleted'] });
    h.scheduler.start();
    await h.advance(1);
    // The status was read at start; after the failure it cannot be (the old way found the kind only there).
    h.state.statusUnreadable = true;
    await h.advance(TIMING.firstRun);
    const failure = h.scheduler.getSnapshot().failure;
    expect(failure?.kind).toBe('mass_delete');
    expect(failure?.reasons).toEqual(['PCR-2026-0001: 7 of 10 records would be deleted']);
    // A stop for a person: no retry by itself.
    expect(h.scheduler.getSnapshot().nextRunAt).toBeNull();
    h.scheduler.stop();
  });

  it('waits for new settings after a refused token', async () => {
    const h = harness();
    h.failNext('unauthorized', 'forbidden', 'The sync server refused the token: unknown token');
    h.scheduler.start();
    await h.advance(TIMING.firstRun);
    await h.advance(30 * TIMING.period);
    expect(h.runs).toHaveLength(1);
    h.succeed();
    h.scheduler.settingsChanged();
    await h.advance(TIMING.firstRun);
    expect(h.runs).toHaveLength(2);
    h.scheduler.stop();
  });

  it('holds a due run while the window is hidden and runs it when shown', async () => {
    const h = harness();
    h.state.hidden = true;
    h.scheduler.start();
    await h.advance(5 * TIMING.period);
    expect(h.runs).toHaveLength(0);
    h.state.hidden = false;
    h.scheduler.wake();
    await h.advance(TIMING.firstRun);
    expect(h.runs).toHaveLength(1);
    h.scheduler.stop();
  });
});
