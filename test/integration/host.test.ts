import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { startHost, type RunningHost } from '../../electron/host/index';
import { redact } from '../../electron/host/server';
import { removeDir, tempDir, tempEngine } from '../support/tempData';

let engine: ReturnType<typeof tempEngine>;
let host: RunningHost;
let rendererDir: string;

beforeAll(async () => {
  engine = tempEngine();
  rendererDir = tempDir('pcr-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  fs.writeFileSync(path.join(rendererDir, 'app.js'), 'console.log(1)');
  host = await startHost({ handlers: engine.handlers, rendererDir, port: 0 });
});
afterAll(async () => {
  await host.close();
  engine.close();
  removeDir(rendererDir);
});

const api = (name: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${host.url}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${host.token}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('browser host', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(new URL(host.url).hostname).toBe('127.0.0.1');
  });

  it('serves the API contract to a caller with the token', async () => {
    const created = await (await api('dossier.create', { fields: { 'organization.legal_name': 'ʔaq̓am', 'application.name': 'EMR' } })).json();
    expect(created).toMatchObject({ ok: true, value: { fields: { 'organization.legal_name': 'ʔaq̓am' } } });
    const listed = await (await api('dossier.list', {})).json();
    expect(listed.value.total).toBe(1);
  });

  it('returns typed errors, never a stack', async () => {
    const body = await (await api('dossier.get', { id: 'nope' })).json();
    expect(body).toEqual({ ok: false, error: { code: 'not_found', message: 'No dossier with id or reference "nope".' } });
    const invalid = await (await api('dossier.update', { id: 'x', changes: { 'volumes.users': 'many' } })).json();
    expect(invalid.error.code).toMatch(/validation|not_found/);
  });

  it('refuses calls without the token, with a wrong token, or with another Host header', async () => {
    expect((await api('dossier.list', {}, { authorization: '' })).status).toBe(401);
    expect((await api('dossier.list', {}, { authorization: 'Bearer wrong' })).status).toBe(401);
    const { port } = new URL(host.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, path: '/api/dossier.list', method: 'POST', headers: { host: 'attacker.example', authorization: `Bearer ${host.token}`, 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
  });

  it('refuses oversized and malformed bodies', async () => {
    expect((await api('dossier.list', 'x'.repeat(2 * 1024 * 1024))).status).toBe(413);
    expect((await api('dossier.list', '{not json')).status).toBe(400);
    expect((await api('dossier.list', '{}', { 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('serves the renderer with a strict Content-Security-Policy and the bridge script injected', async () => {
    const page = await fetch(`${host.url}/`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-eval');
    expect(await page.text()).toContain('<script src="/workbench-bridge.js"></script>');
    expect(await (await fetch(`${host.url}/app.js`)).text()).toBe('console.log(1)');
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await fetch(`${host.url}/..%2f..%2f..%2fetc%2fpasswd`);
    expect(await res.text()).not.toContain('root:');
  });

  it('answers malformed addresses with 400 and keeps serving', async () => {
    const { port } = new URL(host.url);
    /** One request written byte for byte (clients normalise addresses), the status line read back. */
    const raw = (requestLine: string, headers = `Host: 127.0.0.1:${port}`) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(`${requestLine}\r\n${headers}\r\nConnection: close\r\n\r\n`));
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
        socket.on('end', () => resolve(answer.split('\r\n')[0] ?? ''));
        socket.on('error', reject);
        socket.setTimeout(60_000, () => reject(new Error(`no answer to ${requestLine.slice(0, 60)}`)));
      });
    const cases: [string, RegExp][] = [
      ['GET /%E0%A4%A HTTP/1.1', / 400 /],
      ['GET /% HTTP/1.1', / 400 /],
      ['GET /%zz%E0 HTTP/1.1', / 400 /],
      ['GET /%00 HTTP/1.1', / 400 /],
      ['GET /api/% HTTP/1.1', / 40\d /],
      ['POST /api/%E0%A4%A HTTP/1.1', / 40\d /],
      ['GET http://[::1 HTTP/1.1', / 40\d /],
      [`GET /${'%41'.repeat(20_000)} HTTP/1.1`, / (200|400|414|431) /],
      ['GET //../../etc/passwd HTTP/1.1', / 200 /],
      ['BREW /coffee HTCPCP/1.0', / 400 /],
    ];
    for (const [line, status] of cases) {
      expect(await raw(line), line.slice(0, 60)).toMatch(status);
      // The host still answers a normal request after each one.
      expect((await fetch(`${host.url}/`)).status).toBe(200);
    }
    expect((await (await api('dossier.list', {})).json()).ok).toBe(true);
  });

  it('logs an error that escaped a handler without the token, and answers 500', async () => {
    const lines: string[] = [];
    const token = 'per-launch-token-for-this-test-0123456789';
    const broken = await startHost({
      token,
      handlers: { ...engine.handlers, 'dossier.list': () => Promise.reject(new TypeError(`boom near ${token}`)) } as typeof engine.handlers,
      rendererDir,
      port: 0,
      log: (line) => lines.push(line),
    });
    try {
      const res = await fetch(`${broken.url}/api/dossier.list`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${broken.token}` },
        body: '{}',
      });
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'internal' } });
      expect((await fetch(`${broken.url}/`)).status).toBe(200);
      expect(lines.join('\n')).toContain('boom near [token]');
      expect(lines.join('\n')).not.toContain(broken.token);
      expect(redact(`a ${broken.token} b`, broken.token)).toBe('a [token] b');
    } finally {
      await broken.close();
    }
  });
});

