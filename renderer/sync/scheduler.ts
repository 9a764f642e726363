/**
 * Background sync for one window: keeps the sync status fresh, runs `sync.run` when a server and
 * token are set — soon after start, every minute, soon after local changes — with back-off on
 * failures it may retry, never two at once, and not while the window is hidden or the computer is
 * offline. Failures that need a person stop it until someone decides (see failures.ts).
 * Framework-free so it can be tested with fake timers; SyncProvider binds it to React.
 */
import type { SyncResult, SyncStatus } from '../../shared/api/syncOps';
import type { ApiError } from '../../shared/api/errors';
import { adviceFor, backoffMs } from './failures';

export interface SyncRunOptions {
  allow_mass_delete?: boolean;
  accept_new_server?: boolean;
}

export interface SchedulerDeps {
  status(): Promise<SyncStatus>;
  run(options: SyncRunOptions): Promise<SyncResult>;
  /** The API error a failed call threw, or null for anything else. */
  apiErrorOf(error: unknown): ApiError | null;
  isHidden(): boolean;
  isOnline(): boolean;
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export interface SyncFailureState {
  kind: string;
  message: string;
  /** The engine's reasons (the dossiers a mass delete would empty, the two clocks). */
  reasons: string[];
  at: string;
}

export interface SyncSnapshot {
  status: SyncStatus | null;
  /** Why the status itself could not be read. */
  statusError: string | null;
  /** A sync started from this window is under way. */
  running: boolean;
  lastResult: SyncResult | null;
  /** The last failure of a sync run from this window (the status's last_error covers other runs). */
  failure: SyncFailureState | null;
  failuresInARow: number;
  /** When the background will try next (ms since epoch), or null when it waits for a person or for settings. */
  nextRunAt: number | null;
}

export const TIMING = {
  period: 60_000,
  afterLocalChange: 5_000,
  firstRun: 2_000,
  statusPoll: 10_000,
  progressPoll: 700,
} as const;

const EMPTY: SyncSnapshot = { status: null, statusError: null, running: false, lastResult: null, failure: null, failuresInARow: 0, nextRunAt: null };

export class SyncScheduler {
  private snapshot: SyncSnapshot = EMPTY;
  private readonly listeners = new Set<() => void>();
  private runTimer: unknown = null;
  private pollTimer: unknown = null;
  private inFlight: Promise<SyncResult> | null = null;
  /** A run came due while the window was hidden or offline: run when it is back. */
  private dueWhileAway = false;
  private stopped = true;

  constructor(private readonly deps: SchedulerDeps) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SyncSnapshot => this.snapshot;

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.refreshStatus().then(() => this.planAfterStatus(TIMING.firstRun));
  }

  stop(): void {
    this.stopped = true;
    this.clearRunTimer();
    if (this.pollTimer !== null) this.deps.clearTimer(this.pollTimer);
    this.pollTimer = null;
  }

  /** The window became visible or the computer came online: catch up on what came due meanwhile. */
  wake(): void {
    if (this.stopped || this.deps.isHidden()) return;
    void this.refreshStatus().then(() => {
      if (this.dueWhileAway || (this.snapshot.failure?.kind === 'offline' && this.deps.isOnline())) {
        this.dueWhileAway = false;
        this.schedule(TIMING.firstRun);
      }
    });
  }

  /** The server settings or the token changed: failures that waited for new settings may be retried. */
  settingsChanged(status?: SyncStatus): void {
    if (status) this.update({ status });
    if (this.snapshot.failure && adviceFor(this.snapshot.failure.kind).retry === 'settings') this.update({ failure: null, failuresInARow: 0 });
    void this.refreshStatus().then(() => this.planAfterStatus(TIMING.firstRun));
  }

  /** Runs a sync now, whatever the schedule says (a person asked); resolves to its result or null when it failed. */
  syncNow(options: SyncRunOptions = {}): Promise<SyncResult | null> {
    return this.runOnce(options);
  }

  /** Reads the status now (after a change made from this window, for example). */
  refresh(): Promise<void> {
    return this.refreshStatus();
  }

  private update(patch: Partial<SyncSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }

  /** Whether the background may start a sync by itself now. */
  private mayRunInBackground(): boolean {
    const { status, failure } = this.snapshot;
    if (!status?.server_url || !status.has_token) return false;
    if (failure && adviceFor(failure.kind).retry !== 'auto') return false;
    return true;
  }

  private planAfterStatus(delay: number): void {
    if (this.stopped || this.inFlight) return;
    if (this.mayRunInBackground()) this.schedule(delay);
    else this.clearRunTimer();
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    const at = this.deps.now() + delay;
    // An earlier run already planned stays: local changes never push the next sync further away.
    if (this.runTimer !== null && this.snapshot.nextRunAt !== null && this.snapshot.nextRunAt <= at) return;
    this.clearRunTimer();
    this.runTimer = this.deps.setTimer(() => {
      this.runTimer = null;
      this.update({ nextRunAt: null });
      this.runWhenDue();
    }, delay);
    this.update({ nextRunAt: at });
  }

  private clearRunTimer(): void {
    if (this.runTimer !== null) this.deps.clearTimer(this.runTimer);
    this.runTimer = null;
    if (this.snapshot.nextRunAt !== null) this.update({ nextRunAt: null });
  }

  private runWhenDue(): void {
    if (this.stopped || !this.mayRunInBackground()) return;
    if (this.deps.isHidden() || !this.deps.isOnline()) {
      this.dueWhileAway = true;
      return;
    }
    void this.runOnce({});
  }

  private async runOnce(options: SyncRunOptions): Promise<SyncResult | null> {
    if (this.inFlight) {
      // Never two at once: a second request waits for the sync under way.
      return this.inFlight.then(
        (r) => r,
        () => null,
      );
    }
    this.clearRunTimer();
    const attempt = this.deps.run(options);
    this.inFlight = attempt;
    this.update({ running: true });
    this.pollProgress();
    try {
      const result = await attempt;
      this.inFlight = null;
      this.update({ running: false, lastResult: result, failure: null, failuresInARow: 0 });
      await this.refreshStatus();
      this.planAfterStatus(TIMING.period);
      return result;
    } catch (error) {
      this.inFlight = null;
      const apiError = this.deps.apiErrorOf(error);
      await this.refreshStatus();
      const recorded = this.snapshot.status?.last_error;
      // The engine names a sync failure in the error (and records it in the status, for an older engine);
      // other refusals (no server, no token) are settings problems.
      const kind =
        apiError?.details?.sync_failure ??
        (recorded && apiError && recorded.message === apiError.message ? recorded.kind : apiError?.code === 'validation' ? 'settings' : (recorded?.kind ?? 'unknown'));
      const failure: SyncFailureState = {
        kind,
        message: apiError?.message ?? 'The sync stopped unexpectedly.',
        reasons: apiError?.details?.reasons ?? [],
        at: new Date(this.deps.now()).toISOString(),
      };
      const failuresInARow = this.snapshot.failuresInARow + 1;
      this.update({ running: false, failure, failuresInARow });
      if (adviceFor(kind).retry === 'auto') this.schedule(backoffMs(failuresInARow));
      return null;
    }
  }

  private pollProgress(): void {
    if (!this.inFlight || this.stopped) return;
    this.deps.setTimer(() => {
      if (!this.inFlight) return;
      void this.refreshStatus().then(() => this.pollProgress());
    }, TIMING.progressPoll);
  }

  private async refreshStatus(): Promise<void> {
    const before = this.snapshot.status;
    try {
      const status = await this.deps.status();
      this.update({ status, statusError: null });
      // Work saved here since the last look: sync it soon rather than at the next full period.
      if (before && status.waiting > before.waiting && !this.inFlight && this.mayRunInBackground()) this.schedule(TIMING.afterLocalChange);
      if (before && (before.server_url !== status.server_url || before.has_token !== status.has_token)) this.planAfterStatus(TIMING.firstRun);
    } catch (error) {
      this.update({ statusError: this.deps.apiErrorOf(error)?.message ?? 'The sync status could not be read.' });
    }
    this.schedulePoll();
  }

  private schedulePoll(): void {
    if (this.stopped || this.inFlight) return;
    if (this.pollTimer !== null) this.deps.clearTimer(this.pollTimer);
    this.pollTimer = this.deps.setTimer(() => {
      this.pollTimer = null;
      // A hidden window stops asking; wake() catches up when it shows again.
      if (this.deps.isHidden()) return;
      void this.refreshStatus();
    }, TIMING.statusPoll);
  }
}
