/**
 * The sync service behind the contract's sync and conflict operations. A sync: say hello (check
 * the server's identity and clock), pull every page after the cursor (mass-delete guard first,
 * then each page applied in one transaction with the cursor), push the outbox in batches until
 * empty, then attachments and the team's keys.
 */
import path from 'node:path';
import { WorkbenchError } from '../../shared/api/errors';
import type { OperationArgs, OperationOutput } from '../../shared/api/contract';
import type { Conflict, QuarantinedChange, SyncResult, SyncStatus } from '../../shared/api/syncOps';
import { DEFAULT_MAX_CLOCK_SKEW_MS, DEFAULT_PULL_PAGE, type PulledChange, type ServerState } from '../../shared/sync/protocol';
import { OUTBOX_FROM, type Store, type StoredValue } from '../store/index';
import { applyPage, checkPage, isApplicable, stampTime, type CheckedPage } from './merge';
import { findMassDeletes } from './guard';
import { acknowledge, nextBatch, outboxSize } from './outbox';
import { creatableRows, dropQuarantined, listQuarantine, quarantineSummary, setAsideRefused } from './quarantine';
import { exchangeKeys, receiveAttachments, renumberDuplicateReferences, sendAttachments } from './extras';
import { SyncApi, SyncFailure, fetchTransport, type PullAnswer, type Transport } from './transport';
import type { SyncTokenStore } from './tokenStore';
import { historyLabel, type HistoryLabeler } from '../history/index';

export interface SyncContext {
  store: Store;
  actor: string;
  dataDir: string;
  /** Keeps the token `sync.token.set` saves and gives it when a call has none; without it, `token` gives it. */
  tokenStore?: SyncTokenStore;
  /** The token when none is given with the call and there is no tokenStore. */
  token?: () => string | undefined;
  transport?: Transport;
  now?: () => number;
  maxClockSkewMs?: number;
  pullPageSize?: number;
  /** Labels of capabilities the dossiers do not know, so conflicts read as the History does (partner form imports). */
  historyLabeler?: HistoryLabeler;
  /** Called after each pulled page is applied (tests use it to stop a client mid-apply). */
  onPageApplied?: (applied: number) => void;
}

const META = {
  url: 'sync_server_url',
  serverId: 'sync_server_id',
  cursor: 'sync_cursor',
  lastSynced: 'sync_last_synced_at',
  lastError: 'sync_last_error',
} as const;

const FAILURE_CODES = {
  offline: 'internal',
  server: 'internal',
  protocol: 'internal',
  unauthorized: 'forbidden',
  forbidden: 'forbidden',
  lineage: 'conflict',
  clock_skew: 'conflict',
  mass_delete: 'conflict',
} as const;

function formatSkew(ms: number): string {
  const abs = Math.abs(ms);
  const text = abs >= 3_600_000 ? `${(abs / 3_600_000).toFixed(1)} h` : abs >= 60_000 ? `${Math.round(abs / 60_000)} min` : `${Math.round(abs / 1000)} s`;
  return `${text} ${ms > 0 ? 'behind' : 'ahead of'}`;
}

/**
 * Lets the event loop send a request made ahead of need before synchronous work holds it. A sync
 * that stops before awaiting the request (another page's lineage failed) leaves its failure
 * handled; awaiting it still gives the failure.
 */
async function sendAhead(request: Promise<unknown>): Promise<void> {
  request.catch(() => undefined);
  await new Promise((resolve) => setImmediate(resolve));
}

/** Changes applied in one sync from which the query planner's statistics are refreshed. */
const BULK_APPLIED = 1_000;

export class SyncService {
  private running: Promise<SyncResult> | null = null;
  private progress: SyncStatus['progress'] = null;

  constructor(private readonly ctx: SyncContext) {}

  private get store(): Store {
    return this.ctx.store;
  }

  private now(): number {
    return (this.ctx.now ?? Date.now)();
  }

  private cursor(): number {
    return Number(this.store.meta(META.cursor) ?? 0);
  }

  private savedToken(): string | undefined {
    return this.ctx.tokenStore ? this.ctx.tokenStore.read() : this.ctx.token?.();
  }

  /** Settles once a token kept from an earlier run is readable (the desktop decrypts it at start). */
  async tokenReady(): Promise<void> {
    await this.ctx.tokenStore?.ready;
  }

  /** Keeps the token for later syncs (null: forgets it); a refusal leaves the old one in use. */
  async setToken(token: string | null): Promise<SyncStatus> {
    if (!this.ctx.tokenStore) throw new WorkbenchError('forbidden', 'This workbench does not keep a sync token: give it with each sync.');
    await this.tokenReady();
    await this.ctx.tokenStore.write(token);
    return this.status();
  }

  status(): SyncStatus {
    const lastError = this.store.meta(META.lastError);
    const open = (this.store.prepare('SELECT COUNT(*) AS n FROM sync_conflicts WHERE resolved_at IS NULL').get() as { n: number }).n;
    const quarantine = quarantineSummary(this.store);
    return {
      server_url: this.store.meta(META.url) ?? null,
      has_token: Boolean(this.savedToken()),
      ...(this.ctx.tokenStore ? { token_keeping: this.ctx.tokenStore.keeping() } : {}),
      running: this.running !== null,
      progress: this.progress,
      last_synced_at: this.store.meta(META.lastSynced) ?? null,
      last_error: lastError ? (JSON.parse(lastError) as SyncStatus['last_error']) : null,
      waiting: outboxSize(this.store),
      open_conflicts: open,
      server_id: this.store.meta(META.serverId) ?? null,
      cursor: this.cursor(),
      quarantined: quarantine.count,
      quarantine_reasons: quarantine.reasons,
    };
  }

  listQuarantine(includeDropped: boolean): QuarantinedChange[] {
    return listQuarantine(this.store, includeDropped);
  }

  dropQuarantined(id: string): QuarantinedChange {
    return dropQuarantined(this.store, id, this.ctx.actor, new Date(this.now()).toISOString());
  }

  setServerUrl(url: string | null): SyncStatus {
    const current = this.store.meta(META.url);
    if (url === null) this.store.prepare('DELETE FROM meta WHERE key = ?').run(META.url);
    else if (current !== url.replace(/\/+$/, '')) this.store.setMeta(META.url, url.replace(/\/+$/, ''));
    return this.status();
  }

  private connection(input: { server_url?: string | undefined; token?: string | undefined }): SyncApi {
    const url = (input.server_url ?? this.store.meta(META.url))?.replace(/\/+$/, '');
    if (!url) throw new WorkbenchError('validation', 'No sync server is set: give --server URL (it is remembered) or set it in the sync settings.');
    const token = input.token ?? this.savedToken();
    if (!token) throw new WorkbenchError('validation', 'No sync token: give --token, set PCR_WORKBENCH_SYNC_TOKEN, or save it in the sync settings.');
    return new SyncApi(url, token, this.ctx.transport ?? fetchTransport);
  }

  async test(input: OperationArgs<'sync.test'>): Promise<OperationOutput<'sync.test'>> {
    await this.tokenReady();
    const api = this.connection(input);
    const started = this.now();
    try {
      const hello = await api.hello();
      const skew = hello.server_time - (started + this.now()) / 2;
      const known = this.store.meta(META.serverId);
      const same = known ? known === hello.server_id : null;
      const notes = [`Connected to ${api.serverUrl} as ${hello.user} (${hello.role}).`];
      if (same === false) notes.push('This is not the server this workbench synced with before (it was restored or reset); a sync will stop and ask.');
      if (Math.abs(skew) > (this.ctx.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS)) notes.push(`This computer's clock is ${formatSkew(skew)} the server's; correct it before syncing.`);
      return {
        ok: same !== false,
        server_url: api.serverUrl,
        message: notes.join(' '),
        server_id: hello.server_id,
        user: hello.user,
        role: hello.role,
        server_time: new Date(hello.server_time).toISOString(),
        skew_ms: Math.round(skew),
        same_server: same,
      };
    } catch (error) {
      if (!(error instanceof SyncFailure)) throw error;
      return { ok: false, server_url: api.serverUrl, message: error.message, server_id: null, user: null, role: null, server_time: null, skew_ms: null, same_server: null };
    }
  }

  async run(input: OperationArgs<'sync.run'>): Promise<SyncResult> {
    await this.tokenReady();
    if (this.running) throw new WorkbenchError('conflict', 'A sync is already running; wait for it to finish.');
    const api = this.connection(input);
    this.running = this.runWith(api, input);
    try {
      const result = await this.running;
      if (input.server_url) this.setServerUrl(input.server_url);
      this.store.setMeta(META.lastSynced, result.finished_at);
      this.store.prepare('DELETE FROM meta WHERE key = ?').run(META.lastError);
      return result;
    } catch (error) {
      if (error instanceof SyncFailure) {
        this.store.setMeta(META.lastError, JSON.stringify({ at: new Date(this.now()).toISOString(), kind: error.kind, message: error.message }));
        throw new WorkbenchError(FAILURE_CODES[error.kind], error.message, { sync_failure: error.kind, ...(error.reasons.length ? { reasons: error.reasons } : {}) });
      }
      throw error;
    } finally {
      this.running = null;
      this.progress = null;
    }
  }

  /** Stops unless the answer comes from the server this workbench has synced with, and is not behind it. */
  private checkLineage(state: ServerState, api: SyncApi): void {
    const known = this.store.meta(META.serverId);
    if (known && known !== state.server_id) {
      throw new SyncFailure(
        'lineage',
        `The sync server at ${api.serverUrl} is not the one this workbench synced with before: it was reset or replaced (server id ${state.server_id}, expected ${known}). Nothing was merged. If this is intended, accept the new server and sync again: every local change is then sent to it again.`,
      );
    }
    if (state.last_seq < this.cursor()) {
      throw new SyncFailure(
        'lineage',
        `The sync server at ${api.serverUrl} has fewer changes (${state.last_seq}) than this workbench already received from it (${this.cursor()}): it was probably restored from an older backup. Nothing was merged. If this is intended, accept the new server and sync again: every local change is then sent to it again.`,
      );
    }
  }

  private checkClock(serverTime: number, sentAt: number): number {
    const skew = serverTime - (sentAt + this.now()) / 2;
    const bound = this.ctx.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS;
    if (Math.abs(skew) > bound) {
      const local = new Date(this.now()).toISOString();
      const server = new Date(serverTime).toISOString();
      throw new SyncFailure(
        'clock_skew',
        `This computer's clock is ${formatSkew(skew)} the sync server's (server time ${server}, this computer ${local}); changes stamped with a wrong clock would win or lose wrongly. Correct the clock and sync again.`,
        [`Server time: ${server}`, `This computer: ${local}`],
      );
    }
    return skew;
  }

  private async runWith(api: SyncApi, input: OperationArgs<'sync.run'>): Promise<SyncResult> {
    const { store } = this;
    this.progress = { phase: 'connect', done: 0, total: 1 };
    const sentAt = this.now();
    const hello = await api.hello();
    const skew = this.checkClock(hello.server_time, sentAt);
    if (input.accept_new_server && store.meta(META.serverId) !== hello.server_id) {
      store.transaction(() => {
        store.prepare('UPDATE change_log SET server_seq = NULL').run();
        store.setMeta(OUTBOX_FROM, '0');
        store.prepare('DELETE FROM sync_attachments_sent').run();
        store.setMeta(META.cursor, '0');
        store.setMeta(META.serverId, hello.server_id);
      });
    }
    this.checkLineage(hello, api);
    if (!store.meta(META.serverId)) store.setMeta(META.serverId, hello.server_id);

    // Pull everything first, so the guard sees the whole of it before anything is applied. The
    // next page is asked for where the server says this one ends, before this one is read and
    // checked, so the server reads it meanwhile (asked again from the page read if the hint was wrong).
    const pageSize = this.ctx.pullPageSize ?? DEFAULT_PULL_PAGE;
    const pages: { changes: PulledChange[]; next: number; checked: CheckedPage }[] = [];
    let after = this.cursor();
    this.progress = { phase: 'pull', done: 0, total: Math.max(0, hello.last_seq - after) };
    let asked: Promise<PullAnswer> | null = api.pullAnswer(after, pageSize);
    while (asked) {
      const answer: PullAnswer = await asked;
      asked = answer.nextAfter === null ? null : api.pullAnswer(answer.nextAfter, pageSize);
      if (asked) await sendAhead(asked);
      const page = answer.read();
      this.checkLineage(page, api);
      after = page.next_after;
      if (!page.has_more || page.changes.length === 0) asked = null;
      else if (!asked || answer.nextAfter !== after) await sendAhead((asked = api.pullAnswer(after, pageSize)));
      pages.push({ changes: page.changes, next: page.next_after, checked: checkPage(page.changes) });
      this.progress = { phase: 'pull', done: after - this.cursor(), total: Math.max(page.last_seq - this.cursor(), 0) };
    }
    if (!input.allow_mass_delete) {
      const mass = findMassDeletes(store, pages.flatMap((p) => p.changes));
      if (mass.length) {
        throw new SyncFailure(
          'mass_delete',
          `This sync would delete most of ${mass.length === 1 ? 'a dossier' : `${mass.length} dossiers`}; nothing was applied. Check with the team, then allow the deletion and sync again.`,
          mass.map((m) => `${m.reference ?? m.dossier_id}: ${m.deleting} of ${m.live} records would be deleted`),
        );
      }
    }
    let pulled = 0;
    let applied = 0;
    let newConflicts = 0;
    let deferred = 0;
    let quarantined = 0;
    const merge = { store, actor: this.ctx.actor, now: () => this.now() };
    // Rows some change of this pull creates: a change naming a row neither here nor among them is kept aside.
    const creatable = creatableRows(pages.flatMap((p) => p.changes));
    // Each page commits with its cursor; the search index is rebuilt once per touched dossier at the end.
    store.deferAfterWrite(() => {
      // Changes kept aside by an older version of this workbench, which this one may now know.
      const kept = (store.prepare('SELECT body FROM sync_deferred').all() as { body: string }[])
        .map((r) => JSON.parse(r.body) as PulledChange)
        .sort((x, y) => x.seq - y.seq);
      const ready = kept.filter(isApplicable);
      if (ready.length) {
        store.transaction(() => {
          applied += applyPage(merge, ready).applied;
          const drop = store.prepare('DELETE FROM sync_deferred WHERE change_id = ?');
          for (const c of ready) drop.run(c.change_id);
        });
      }
      for (const page of pages) {
        const outcome = store.transaction(() => {
          const o = applyPage(merge, page.changes, creatable, page.checked);
          store.setMeta(META.cursor, String(page.next));
          return o;
        });
        pulled += outcome.received;
        applied += outcome.applied;
        newConflicts += outcome.newConflicts;
        deferred += outcome.deferred;
        quarantined += outcome.quarantined;
        this.ctx.onPageApplied?.(outcome.applied);
      }
    });
    const renumbered = renumberDuplicateReferences(store, this.ctx.actor);
    // A large pull changes the shape of the data the planner's statistics describe.
    if (applied >= BULK_APPLIED) store.optimize();

    // Push the outbox, batch by batch; a batch the server already has is simply acknowledged again.
    let pushed = 0;
    let refused = 0;
    const waiting = outboxSize(store);
    this.progress = { phase: 'push', done: 0, total: waiting };
    for (;;) {
      const batch = nextBatch(store);
      if (batch.length === 0) break;
      let answer;
      try {
        answer = await api.push(store.deviceId, batch);
      } catch (error) {
        // The server names each invalid change: those leave the outbox (kept aside with the reason), the rest is sent again.
        const setAside = error instanceof SyncFailure && error.refused.length ? setAsideRefused(store, error.refused, batch, new Date(this.now()).toISOString()) : 0;
        if (setAside === 0) throw error;
        refused += setAside;
        continue;
      }
      this.checkLineage(answer, api);
      acknowledge(store, answer.acked, batch);
      if (answer.acked.length < batch.length) throw new SyncFailure('protocol', 'The sync server did not acknowledge every change it was sent.');
      pushed += batch.length;
      this.progress = { phase: 'push', done: pushed, total: waiting };
    }

    this.progress = { phase: 'attachments', done: 0, total: 1 };
    const attachmentsDir = path.join(this.ctx.dataDir, 'attachments');
    const attachmentsSent = await sendAttachments(store, api, attachmentsDir);
    const attachmentsReceived = await receiveAttachments(store, api, attachmentsDir);
    this.progress = { phase: 'keys', done: 0, total: 1 };
    const keysReceived = await exchangeKeys(api, path.join(this.ctx.dataDir, 'keys'), new Date(this.now()));

    return {
      server_url: api.serverUrl,
      server_id: hello.server_id,
      user: hello.user,
      pushed,
      pulled,
      applied,
      new_conflicts: newConflicts,
      open_conflicts: this.status().open_conflicts,
      attachments_sent: attachmentsSent,
      attachments_received: attachmentsReceived,
      keys_received: keysReceived,
      renumbered,
      deferred,
      quarantined,
      refused,
      cursor: this.cursor(),
      skew_ms: Math.round(skew),
      finished_at: new Date(this.now()).toISOString(),
    };
  }

  listConflicts(input: OperationArgs<'conflicts.list'>, dossierIdOf: (ref: string) => string): Conflict[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (!input.include_resolved) where.push('c.resolved_at IS NULL');
    if (input.dossier) {
      where.push('c.dossier_id = ?');
      params.push(dossierIdOf(input.dossier));
    }
    const rows = this.store
      .prepare(
        `SELECT c.*, d.reference, d.organization__legal_name AS organization FROM sync_conflicts c LEFT JOIN dossiers d ON d.id = c.dossier_id
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.detected_at DESC, c.id LIMIT ?`,
      )
      .all(...params, input.limit) as ConflictRow[];
    return rows.map((row) => this.toConflict(row));
  }

  /** The conflict's field in words, from the same labels as the dossier's History. */
  private conflictLabel(row: ConflictRow): string {
    const labels = { store: this.store, ...(this.ctx.historyLabeler ? { historyLabeler: this.ctx.historyLabeler } : {}) };
    if (row.kind === 'field') return historyLabel(labels, row.entity, row.row_id, row.field);
    // A deletion concerns the whole row: its label without the field's words.
    const full = historyLabel(labels, row.entity, row.row_id, 'deleted_at');
    const cut = full.lastIndexOf(' — ');
    const rowName = cut > 0 ? full.slice(0, cut) : full !== 'deleted_at' ? full : (ROW_NAMES[row.entity] ?? row.entity.replaceAll('_', ' '));
    return `${rowName} — deleted on one side, edited on the other`;
  }

  private toConflict(row: ConflictRow): Conflict {
    return { ...toConflict(row), organization: row.organization, label: this.conflictLabel(row) };
  }

  resolveConflict(input: OperationArgs<'conflicts.resolve'>): Conflict {
    const { store } = this;
    return store.transaction(() => {
      const row = store.prepare('SELECT c.*, d.reference, d.organization__legal_name AS organization FROM sync_conflicts c LEFT JOIN dossiers d ON d.id = c.dossier_id WHERE c.id = ?').get(input.id) as
        | ConflictRow
        | undefined;
      if (!row) throw new WorkbenchError('not_found', `No conflict with id "${input.id}" (see \`conflicts list\`).`);
      if (row.resolved_at) throw new WorkbenchError('conflict', `Conflict ${input.id} was already settled (${row.resolution}, by ${row.resolved_by ?? 'someone'}, ${row.resolved_at}).`);
      const chosen = JSON.parse((input.keep === 'local' ? row.local_value : row.remote_value) ?? 'null') as StoredValue;
      // Writing the chosen value gives it a new stamp, so it wins on every device once synced.
      store.write(this.ctx.actor, [{ entity: row.entity as never, rowId: row.row_id, field: row.field, value: chosen, dossierId: row.dossier_id ?? row.row_id }]);
      store
        .prepare('UPDATE sync_conflicts SET resolved_at = ?, resolution = ?, resolved_by = ?, kept = ? WHERE id = ?')
        .run(new Date(this.now()).toISOString(), input.keep, this.ctx.actor, input.keep, input.id);
      return this.toConflict(store.prepare('SELECT c.*, d.reference, d.organization__legal_name AS organization FROM sync_conflicts c LEFT JOIN dossiers d ON d.id = c.dossier_id WHERE c.id = ?').get(input.id) as ConflictRow);
    });
  }
}

/** Names of rows whose History label is only a field's name (the dossier itself). */
const ROW_NAMES: Record<string, string> = { dossiers: 'Dossier' };

interface ConflictRow {
  id: string;
  entity: string;
  row_id: string;
  field: string;
  dossier_id: string | null;
  reference: string | null;
  organization: string | null;
  kind: 'field' | 'delete';
  local_change_id: string | null;
  local_value: string | null;
  local_actor: string | null;
  remote_change_id: string | null;
  remote_value: string | null;
  remote_actor: string | null;
  kept: 'local' | 'remote';
  detected_at: string;
  resolved_at: string | null;
  resolution: string | null;
  resolved_by: string | null;
}

function toConflict(row: ConflictRow): Conflict {
  const side = (value: string | null, actor: string | null, changeId: string | null) => ({
    value: JSON.parse(value ?? 'null') as StoredValue,
    actor,
    change_id: changeId,
    at: stampTime(changeId),
  });
  return {
    id: row.id,
    dossier_id: row.dossier_id,
    reference: row.reference,
    entity: row.entity,
    row_id: row.row_id,
    field: row.field,
    kind: row.kind,
    local: side(row.local_value, row.local_actor, row.local_change_id),
    remote: side(row.remote_value, row.remote_actor, row.remote_change_id),
    kept: row.kept,
    detected_at: row.detected_at,
    resolved_at: row.resolved_at,
    resolution: row.resolution,
    resolved_by: row.resolved_by,
  };
}
