import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../shared/api/errors';
import { engineArgs, parseEngineArgs } from '../../electron/app/engineArgs';
import { EngineBroker, type EngineChild, type Timers } from '../../electron/app/engineBroker';
import type { EngineRequest } from '../../electron/app/engineMessages';
import { answerWithHandlers, answerWithStartupFailure, serveEngineRequests, type ParentPortLike } from '../../electron/app/engineServer';
import { tempEngine } from '../support/tempData';

/** Stands in for Electron's UtilityProcess: records what main sends and lets the test answer or die. */
class FakeChild extends EventEmitter implements EngineChild {
  readonly sent: EngineRequest[] = [];
  killed = false;
  postMessage(message: unknown): void {
    this.sent.push(message as EngineRequest);
  }
  kill(): boolean {
    this.killed = true;
    return true;
  }
  answer(id: number, result: ApiResult<unknown>): void {
    this.emit('message', { id, result });
  }
  die(code: number): void {
    this.emit('exit', code);
  }
}

class FakeTimers implements Timers {
  time = 0;
  scheduled: { callback: () => void; at: number; handle: number }[] = [];
  private next = 1;
  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.next++;
    this.scheduled.push({ callback, at: this.time + ms, handle });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.scheduled = this.scheduled.filter((timer) => timer.handle !== handle);
  }
  now(): number {
    return this.time;
  }
  /** Moves the clock and runs what fell due; returns the delays that were waited for. */
  advance(ms: number): void {
    this.time += ms;
    const due = this.scheduled.filter((timer) => timer.at <= this.time);
    this.scheduled = this.scheduled.filter((timer) => timer.at > this.time);
    for (const timer of due) timer.callback();
  }
}

function setup() {
  const children: FakeChild[] = [];
  const logged: string[] = [];
  const timers = new FakeTimers();
  const broker = new EngineBroker({
    spawn: () => {
      const child = new FakeChild();
      children.push(child);
      return child;
    },
    log: (line) => logged.push(line),
    timers,
    restartDelaysMs: [100, 1_000, 10_000],
    healthyAfterMs: 60_000,
  });
  return { broker, children, logged, timers, current: () => children.at(-1)! };
}

describe('engine broker (main process side)', () => {
  it('resolves each pending call with the answer carrying its id, in whatever order answers come', async () => {
    const { broker, current } = setup();
    broker.start();
    const first = broker.call('dossier.list', { search: 'a' });
    const second = broker.call('app.info', {});
    const [a, b] = current().sent;
    expect(a).toMatchObject({ name: 'dossier.list', input: { search: 'a' } });
    expect(b).toMatchObject({ name: 'app.info' });
    current().answer(b!.id, { ok: true, value: 'info' });
    current().answer(a!.id, { ok: true, value: 'list' });
    expect(await first).toEqual({ ok: true, value: 'list' });
    expect(await second).toEqual({ ok: true, value: 'info' });
    expect(broker.pendingCount).toBe(0);
  });

  it('ignores malformed messages and answers to unknown calls', async () => {
    const { broker, current, logged } = setup();
    const call = broker.call('app.info', {});
    current().emit('message', 'garbage');
    current().emit('message', { id: 999, result: { ok: true, value: 1 } });
    current().emit('message', { id: current().sent[0]!.id, result: 'not an envelope' });
    expect(broker.pendingCount).toBe(1);
    current().answer(current().sent[0]!.id, { ok: true, value: 'done' });
    expect(await call).toEqual({ ok: true, value: 'done' });
    expect(logged.filter((line) => line.startsWith('ignored'))).toHaveLength(3);
  });

  it('logs the shape of a malformed message, never its values (it may hold a token)', () => {
    const { broker, current, logged } = setup();
    broker.start();
    current().emit('message', { id: 'x', token: 'pcrsync_s3cr3t-token-value', passphrase: 'hunter2 hunter2' });
    const line = logged.find((l) => l.includes('malformed'))!;
    expect(line).toContain('"token"');
    expect(logged.join('\n')).not.toContain('s3cr3t');
    expect(logged.join('\n')).not.toContain('hunter2');
  });

  it('answers every pending call with a typed internal error when the process exits, then restarts it', async () => {
    const { broker, children, current, timers, logged } = setup();
    broker.start();
    const calls = [broker.call('dossier.create', { fields: {} }), broker.call('dossier.list', {}), broker.call('app.info', {})];
    current().die(9);
    for (const result of await Promise.all(calls)) {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('internal');
        expect(result.error.message).toMatch(/stopped unexpectedly \(exit code 9\)/);
      }
    }
    expect(logged.join('\n')).toMatch(/exited with code 9 .* waiting calls: dossier\.create, dossier\.list, app\.info/);
    expect(broker.running).toBe(false);
    timers.advance(100);
    expect(children).toHaveLength(2);
    expect(broker.running).toBe(true);

    // The new process serves new calls; a late message from the dead one is ignored.
    const next = broker.call('app.info', {});
    children[0]!.answer(current().sent[0]!.id, { ok: true, value: 'from the dead' });
    current().answer(current().sent[0]!.id, { ok: true, value: 'fresh' });
    expect(await next).toEqual({ ok: true, value: 'fresh' });
  });

  it('backs off while the process keeps dying young, and forgives one that lived long', () => {
    const { broker, children, current, timers } = setup();
    broker.start();
    current().die(1);
    expect(timers.scheduled.map((t) => t.at - timers.time)).toEqual([100]);
    timers.advance(100);
    current().die(1);
    expect(timers.scheduled.map((t) => t.at - timers.time)).toEqual([1_000]);
    timers.advance(1_000);
    current().die(1);
    timers.advance(1); // not yet
    expect(children).toHaveLength(3);
    expect(timers.scheduled.map((t) => t.at - timers.time)).toEqual([9_999]);
    timers.advance(9_999);
    expect(children).toHaveLength(4);
    timers.advance(120_000); // a long, healthy life
    current().die(1);
    expect(timers.scheduled.map((t) => t.at - timers.time)).toEqual([100]);
  });

  it('does not wait for the back-off when the user asks for something', () => {
    const { broker, children, timers } = setup();
    broker.start();
    children[0]!.die(1);
    void broker.call('app.info', {});
    expect(children).toHaveLength(2);
    expect(timers.scheduled).toEqual([]);
  });

  it('on stop, answers pending calls, kills the process and never restarts it', async () => {
    const { broker, children, timers } = setup();
    broker.start();
    const pending = broker.call('app.info', {});
    broker.stop();
    expect(children[0]!.killed).toBe(true);
    expect((await pending).ok).toBe(false);
    children[0]!.die(0);
    timers.advance(100_000);
    expect(children).toHaveLength(1);
    const after = await broker.call('app.info', {});
    expect(after.ok ? null : after.error.code).toBe('internal');
  });

  it('answers with an internal error when the process cannot be spawned or reached', async () => {
    const broker = new EngineBroker({
      spawn: () => {
        throw new Error('no such file: engine.cjs');
      },
      log: () => {},
    });
    const result = await broker.call('app.info', {});
    expect(result.ok ? null : result.error.code).toBe('internal');

    const child = new FakeChild();
    child.postMessage = () => {
      throw new Error('channel closed');
    };
    const unreachable = new EngineBroker({ spawn: () => child, log: () => {} });
    const answer = await unreachable.call('app.info', {});
    expect(answer.ok ? null : answer.error.code).toBe('internal');
    expect(unreachable.pendingCount).toBe(0);
  });
});

/** Stands in for `process.parentPort` in the utility process. */
class FakeParentPort extends EventEmitter implements ParentPortLike {
  readonly posted: unknown[] = [];
  private waiters: (() => void)[] = [];
  postMessage(message: unknown): void {
    this.posted.push(message);
    this.waiters.splice(0).forEach((wake) => wake());
  }
  deliver(data: unknown): void {
    this.emit('message', { data });
  }
  async nextPosted(count: number): Promise<unknown[]> {
    while (this.posted.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.posted;
  }
}

describe('engine server (utility process side) on a real engine', () => {
  let engine: ReturnType<typeof tempEngine> | undefined;
  afterEach(() => {
    engine?.close();
    engine = undefined;
  });

  it('answers {id, name, input} with {id, result} through dispatch', async () => {
    engine = tempEngine({ actor: 'Dana Lead' });
    const port = new FakeParentPort();
    serveEngineRequests(port, answerWithHandlers(engine.handlers, () => {}), () => {});
    port.deliver({ id: 1, name: 'app.info', input: {} });
    port.deliver({ id: 2, name: 'dossier.get', input: { id: 'PCR-1999-0001' } });
    port.deliver({ id: 3, name: 'dossier.list', input: { limit: -1 } });
    port.deliver({ id: 4, name: 'no.such.operation', input: {} });
    const posted = (await port.nextPosted(4)) as { id: number; result: ApiResult<unknown> }[];
    const byId = new Map(posted.map((message) => [message.id, message.result]));
    expect(byId.get(1)).toMatchObject({ ok: true, value: { actor: 'Dana Lead', dataDir: engine.dataDir } });
    expect(byId.get(2)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(byId.get(3)).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(byId.get(4)).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('ignores messages that are not requests', async () => {
    engine = tempEngine();
    const port = new FakeParentPort();
    const logged: string[] = [];
    serveEngineRequests(port, answerWithHandlers(engine.handlers, () => {}), (line) => logged.push(line));
    port.deliver('hello');
    port.deliver({ id: 'x', name: 'app.info' });
    port.deliver({ id: 5, name: 'app.info', input: {} });
    expect(await port.nextPosted(1)).toHaveLength(1);
    expect(logged).toHaveLength(2);
  });

  it('says why, on every call, when the engine could not start', async () => {
    const port = new FakeParentPort();
    serveEngineRequests(port, answerWithStartupFailure(new Error('database is locked')), () => {});
    port.deliver({ id: 1, name: 'dossier.list', input: {} });
    expect(await port.nextPosted(1)).toEqual([
      { id: 1, result: { ok: false, error: { code: 'internal', message: 'The workbench engine could not start: database is locked' } } },
    ]);
  });

  it('round-trips a create and a read through broker and server joined by an in-memory channel', async () => {
    engine = tempEngine({ actor: 'Dana Lead' });
    const handlers = engine.handlers;
    const broker = new EngineBroker({
      log: () => {},
      spawn: () => {
        const child = new EventEmitter() as EventEmitter & EngineChild;
        const port = new FakeParentPort();
        port.postMessage = (message) => void child.emit('message', structuredClone(message));
        child.postMessage = (message) => port.deliver(structuredClone(message));
        child.kill = () => true;
        serveEngineRequests(port, answerWithHandlers(handlers, () => {}), () => {});
        return child;
      },
    });
    broker.start();
    const created = await broker.call('dossier.create', {
      fields: { 'organization.legal_name': 'Fraser Health Authority', 'application.name': 'Clinic EMR', 'integration.standard': 'fhir' },
    });
    expect(created.ok ? null : created.error).toBeNull();
    const id = created.ok ? (created.value as { id: string }).id : '';
    const read = await broker.call('dossier.get', { id });
    expect(read).toMatchObject({ ok: true, value: { id, fields: { 'organization.legal_name': 'Fraser Health Authority' } } });
    broker.stop();
  });
});

describe('engine launch arguments', () => {
  it('round-trips through the command line, ignoring what the runtime adds', () => {
    const launch = { dataDir: '/home/dana/.config/PCR Onboarding Workbench', actor: 'Dana Lead', nativeBinding: '/repo/.electron-native/better_sqlite3.node' };
    const argv = ['/opt/PCR Onboarding Workbench/pcr-onboarding-workbench', '/app.asar/dist/electron/engine.cjs', '--inspect-brk=0', ...engineArgs(launch)];
    expect(parseEngineArgs(argv)).toEqual(launch);
    expect(parseEngineArgs(engineArgs({ dataDir: '/d', actor: '--not-a-flag' }))).toEqual({ dataDir: '/d', actor: '--not-a-flag' });
  });

  it('refuses to start without a data folder or an actor', () => {
    expect(() => parseEngineArgs(['--actor=x'])).toThrow(/--data-dir/);
    expect(() => parseEngineArgs(['--data-dir=/d'])).toThrow(/--actor/);
  });
});
