/**
 * The browser host: the built renderer and the API contract over HTTP on 127.0.0.1 only, behind a
 * random per-launch token, so the real UI runs in any browser (end-to-end tests, development).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Handlers } from '../../shared/api/contract';
import { dispatch } from '../../shared/api/dispatch';
import type { ApiResult } from '../../shared/api/errors';
import { CONTENT_SECURITY_POLICY, MAX_REQUEST_BYTES } from './security';

export interface HostOptions {
  handlers: Handlers;
  rendererDir: string;
  port?: number;
  token?: string;
  log?: (line: string) => void;
}

export interface RunningHost {
  url: string;
  /** The URL to open: carries the token, which the page keeps and removes from the address bar. */
  launchUrl: string;
  token: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.json': 'application/json',
};

/** Installs `window.workbench` in the page: the same bridge the Electron preload provides. */
const BRIDGE_SCRIPT = `(() => {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem('workbench-token', fromUrl);
    params.delete('token');
    const query = params.toString();
    history.replaceState(null, '', location.pathname + (query ? '?' + query : '') + location.hash);
  }
  const token = sessionStorage.getItem('workbench-token') || '';
  const call = async (name, input) => {
    try {
      const response = await fetch('/api/' + encodeURIComponent(name), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
        body: JSON.stringify(input === undefined ? {} : input),
      });
      return await response.json();
    } catch (error) {
      return { ok: false, error: { code: 'internal', message: 'The workbench host is not reachable. Is it still running?' } };
    }
  };
  Object.defineProperty(window, 'workbench', { value: Object.freeze({ transport: 'browser', call }), writable: false });
})();
`;

function securityHeaders(res: http.ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}

function sendJson(res: http.ServerResponse, status: number, body: ApiResult<unknown>): void {
  securityHeaders(res);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function refuse(res: http.ServerResponse, status: number, code: 'forbidden' | 'validation' | 'not_found', message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

/** A log line without the host token, whatever the error quoted. */
export function redact(text: string, token: string): string {
  return token ? text.replaceAll(token, '[token]') : text;
}

/**
 * The last line of defence for a long-running host process: an error that escaped every handler
 * is logged (without the token) and the process keeps serving instead of dying.
 */
export function keepServing(log: (line: string) => void, token: string): void {
  process.on('uncaughtException', (error) => log(`unexpected error, still serving: ${redact(error.stack ?? error.message, token)}`));
  process.on('unhandledRejection', (reason) => log(`unexpected rejection, still serving: ${redact(reason instanceof Error ? (reason.stack ?? reason.message) : String(reason), token)}`));
}

function tokensMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

async function readBody(req: http.IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? crypto.randomBytes(32).toString('base64url');
  const log = options.log ?? (() => {});
  const rendererDir = path.resolve(options.rendererDir);
  const indexFile = path.join(rendererDir, 'index.html');
  if (!fs.existsSync(indexFile)) throw new Error(`The renderer is not built: ${indexFile} is missing. Run "npm run build:renderer".`);
  let port = 0;

  const serveApi = async (req: http.IncomingMessage, res: http.ServerResponse, name: string) => {
    if (req.method !== 'POST') return refuse(res, 405, 'validation', 'Use POST for API calls.');
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !tokensMatch(auth.slice(7), token)) return refuse(res, 401, 'forbidden', 'Missing or wrong host token.');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse(res, 415, 'validation', 'API calls take application/json.');
    if (Number(req.headers['content-length'] ?? 0) > MAX_REQUEST_BYTES) {
      res.setHeader('Connection', 'close');
      refuse(res, 413, 'validation', `Request body over ${MAX_REQUEST_BYTES} bytes.`);
      req.resume();
      return;
    }
    const text = await readBody(req);
    if (text === null) {
      refuse(res, 413, 'validation', `Request body over ${MAX_REQUEST_BYTES} bytes.`);
      req.destroy();
      return;
    }
    let input: unknown;
    try {
      input = text === '' ? {} : JSON.parse(text);
    } catch {
      return refuse(res, 400, 'validation', 'The request body is not valid JSON.');
    }
    const result = await dispatch(options.handlers, name, input, (error) => log(`internal error in ${name}: ${redact(error instanceof Error ? (error.stack ?? error.message) : String(error), token)}`));
    sendJson(res, 200, result);
  };

  const serveStatic = (res: http.ServerResponse, pathname: string) => {
    if (pathname === '/workbench-bridge.js') {
      securityHeaders(res);
      res.writeHead(200, { 'Content-Type': MIME['.js']! });
      return res.end(BRIDGE_SCRIPT);
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return refuse(res, 400, 'validation', 'The address holds a malformed percent-escape.');
    }
    if (decoded.includes('\0')) return refuse(res, 400, 'validation', 'The address holds a NUL character.');
    const relative = decoded.replace(/^\/+/, '');
    const file = path.resolve(rendererDir, relative || 'index.html');
    if (!file.startsWith(rendererDir + path.sep) && file !== rendererDir) return refuse(res, 404, 'not_found', 'Not found.');
    const target = fs.existsSync(file) && fs.statSync(file).isFile() ? file : indexFile;
    let body = fs.readFileSync(target);
    if (target === indexFile) {
      body = Buffer.from(body.toString('utf8').replace('<head>', '<head>\n    <script src="/workbench-bridge.js"></script>'));
    }
    securityHeaders(res);
    res.writeHead(200, { 'Content-Type': MIME[path.extname(target)] ?? 'application/octet-stream' });
    res.end(body);
  };

  const route = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const hostHeader = req.headers.host ?? '';
    // Refuse other host names so a web page cannot reach the API through DNS rebinding.
    if (hostHeader !== `127.0.0.1:${port}` && hostHeader !== `localhost:${port}`) return refuse(res, 421, 'forbidden', 'Unexpected Host header.');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${hostHeader}`);
    } catch {
      return refuse(res, 400, 'validation', 'The address cannot be read.');
    }
    if (url.pathname.startsWith('/api/')) {
      serveApi(req, res, url.pathname.slice(5)).catch((error: unknown) => failed(res, error));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'validation', 'Method not allowed.');
    serveStatic(res, url.pathname);
  };

  /** Whatever a request does, it gets an answer and the host keeps serving; the log gets the error, never the token. */
  const failed = (res: http.ServerResponse, error: unknown) => {
    log(`request failed: ${redact(error instanceof Error ? (error.stack ?? error.message) : String(error), token)}`);
    if (res.headersSent) res.destroy();
    else if (error instanceof URIError) refuse(res, 400, 'validation', 'The request could not be read.');
    else sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'The host could not answer this request; the details are in its log.' } });
  };

  const server = http.createServer((req, res) => {
    try {
      route(req, res);
    } catch (error) {
      failed(res, error);
    }
  });
  server.on('clientError', (error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy(error);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    launchUrl: `${url}/?token=${token}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
