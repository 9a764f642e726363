import { describe, expect, it } from 'vitest';
import type { OperationName } from '../../shared/api/contract';
import type { ApiResult } from '../../shared/api/errors';
import { createCallHandler, senderRefusal, type IpcCallEvent } from '../../electron/app/ipcGuard';
import { MAX_REQUEST_BYTES } from '../../electron/host/security';

const WINDOW_ID = 7;

function event(overrides: { senderId?: number; url?: string; parent?: unknown; frame?: null } = {}): IpcCallEvent {
  return {
    sender: { id: overrides.senderId ?? WINDOW_ID },
    senderFrame: overrides.frame === null ? null : { url: overrides.url ?? 'app://workbench/index.html', parent: overrides.parent ?? null },
  };
}

function setup() {
  const forwarded: { name: OperationName; input: unknown }[] = [];
  const logged: string[] = [];
  const handler = createCallHandler({
    trustedWebContentsId: () => WINDOW_ID,
    forward: async (name, input) => {
      forwarded.push({ name, input });
      return { ok: true, value: { echoed: name } };
    },
    log: (line) => logged.push(line),
  });
  return { handler, forwarded, logged };
}

const expectError = (result: ApiResult<unknown>, code: string) => {
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error.code).toBe(code);
  return result.ok ? undefined : result.error;
};

describe('IPC sender guard', () => {
  it('forwards a valid call from the main frame of the workbench window, with input parsed by the contract', async () => {
    const { handler, forwarded } = setup();
    const result = await handler(event(), 'dossier.list', { search: 'Fraser' });
    expect(result).toEqual({ ok: true, value: { echoed: 'dossier.list' } });
    // Defaults from the contract's schema are filled in before the call leaves the main process.
    expect(forwarded).toEqual([
      { name: 'dossier.list', input: { search: 'Fraser', sort: 'updated_at', direction: 'desc', offset: 0, limit: 100 } },
    ]);
  });

  it('treats a missing input as an empty object', async () => {
    const { handler, forwarded } = setup();
    expect((await handler(event(), 'app.info', undefined)).ok).toBe(true);
    expect(forwarded[0]).toEqual({ name: 'app.info', input: {} });
  });

  it('refuses a page from a foreign origin, with a typed forbidden error, and logs it', async () => {
    const { handler, forwarded, logged } = setup();
    const error = expectError(await handler(event({ url: 'https://evil.example/' }), 'dossier.list', {}), 'forbidden');
    expect(error?.message).toContain('https://evil.example');
    expect(forwarded).toEqual([]);
    expect(logged.join('\n')).toMatch(/refused workbench:call "dossier.list": the sending page is not the workbench app/);
  });

  it.each([
    ['credentials smuggled before the host', 'app://workbench@evil.example/index.html'],
    ['another host on the app scheme', 'app://other/index.html'],
    ['a file URL', 'file:///etc/passwd'],
    ['a port', 'app://workbench:8080/'],
    ['the browser host', 'http://127.0.0.1:4780/'],
  ])('refuses %s', async (_label, url) => {
    const { handler, forwarded } = setup();
    expectError(await handler(event({ url }), 'app.info', {}), 'forbidden');
    expect(forwarded).toEqual([]);
  });

  it('refuses a subframe, even one showing the app origin', async () => {
    const { handler, forwarded } = setup();
    const error = expectError(await handler(event({ parent: { url: 'app://workbench/index.html' } }), 'app.info', {}), 'forbidden');
    expect(error?.message).toContain('subframe');
    expect(forwarded).toEqual([]);
  });

  it('refuses another webContents, a destroyed frame, and any call while there is no window', async () => {
    const { handler } = setup();
    expectError(await handler(event({ senderId: 99 }), 'app.info', {}), 'forbidden');
    expectError(await handler(event({ frame: null }), 'app.info', {}), 'forbidden');
    expect(senderRefusal(event(), undefined)).toBe('the sender is not the workbench window');
  });

  it('refuses an operation that is not in the contract', async () => {
    const { handler, forwarded } = setup();
    const error = expectError(await handler(event(), 'store.dropEverything', {}), 'validation');
    expect(error?.message).toContain('Unknown operation "store.dropEverything"');
    expectError(await handler(event(), 'toString', {}), 'validation');
    expectError(await handler(event(), 42, {}), 'validation');
    expect(forwarded).toEqual([]);
  });

  it('refuses input the contract rejects, with field-level problems', async () => {
    const { handler, forwarded } = setup();
    const error = expectError(await handler(event(), 'dossier.list', { limit: 0, sort: 'password' }), 'validation');
    expect(error?.details?.problems?.map((p) => p.field).sort()).toEqual(['limit', 'sort']);
    expectError(await handler(event(), 'activity.update', { id: 'PCR-2026-0001', activity: 'kickoff', changes: { status: 'done', extra: 1 } }), 'validation');
    expect(forwarded).toEqual([]);
  });

  it('refuses input over the size limit and input that is not plain data', async () => {
    const { handler, forwarded } = setup();
    const huge = { fields: { notes: 'x'.repeat(MAX_REQUEST_BYTES) } };
    expect(expectError(await handler(event(), 'dossier.create', huge), 'validation')?.message).toContain('bytes');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expectError(await handler(event(), 'dossier.create', cyclic), 'validation');
    expect(forwarded).toEqual([]);
  });

  it('turns a failure on the way to the engine into a typed internal error instead of throwing', async () => {
    const logged: string[] = [];
    const handler = createCallHandler({
      trustedWebContentsId: () => WINDOW_ID,
      forward: async () => {
        throw new Error('channel closed');
      },
      log: (line) => logged.push(line),
    });
    const error = expectError(await handler(event(), 'app.info', {}), 'internal');
    expect(error?.message).not.toContain('channel closed');
    expect(logged.join('\n')).toContain('channel closed');
  });
});
