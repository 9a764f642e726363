/**
 * The `app://workbench/` protocol: serves the built renderer (dist/renderer) and nothing else,
 * with the same Content-Security-Policy as the browser host.
 *
 * Paths: a file under the renderer folder is served as is. A path without an extension that
 * matches no file is a client-side route and gets index.html (as in the browser host); a missing
 * path with an extension (a script, a font) is a 404, so a broken asset fails loudly instead of
 * being answered with HTML.
 */
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../host/security';
import { APP_HOST, APP_SCHEME } from './origin';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** Privileges for `protocol.registerSchemesAsPrivileged`: a standard, secure origin; nothing more. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
  allowServiceWorkers: false,
  bypassCSP: false,
  corsEnabled: false,
  stream: false,
} as const;

export type ResolvedRequest =
  | { kind: 'file'; file: string; fallback: string | null }
  | { kind: 'refused'; status: 400 | 404; reason: string };

/**
 * Maps an `app://workbench/...` URL to a file under `rendererDir`, refusing anything that would
 * leave it (`..`, encoded `%2e%2e%2f`, backslashes, absolute paths, NUL bytes) or another host.
 * `fallback` is index.html for extensionless paths, tried when the file does not exist.
 */
export function resolveAppRequest(rendererDir: string, url: string): ResolvedRequest {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'refused', status: 400, reason: 'malformed URL' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST || parsed.port || parsed.username || parsed.password) {
    return { kind: 'refused', status: 404, reason: `not the app origin: ${parsed.origin}` };
  }
  let relative: string;
  try {
    relative = decodeURIComponent(parsed.pathname);
  } catch {
    return { kind: 'refused', status: 400, reason: 'malformed path encoding' };
  }
  if (relative.includes('\0') || relative.includes('\\')) return { kind: 'refused', status: 400, reason: 'forbidden character in path' };
  relative = relative.replace(/^\/+/, '');
  if (relative.split('/').includes('..')) return { kind: 'refused', status: 404, reason: 'path traversal' };

  const root = path.resolve(rendererDir);
  const indexFile = path.join(root, 'index.html');
  const file = path.resolve(root, relative || 'index.html');
  if (!file.startsWith(root + path.sep)) return { kind: 'refused', status: 404, reason: 'outside the renderer folder' };
  const fallback = path.extname(file) === '' ? indexFile : null;
  return { kind: 'file', file, fallback };
}

export interface AppProtocolOptions {
  rendererDir: string;
  /** Reads a file; rejects when it is missing. Electron's `fs` reads inside app.asar too. */
  readFile: (file: string) => Promise<Uint8Array<ArrayBuffer>>;
  log?: (line: string) => void;
}

export interface ProtocolRequest {
  readonly url: string;
  readonly method: string;
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** The handler for `protocol.handle(APP_SCHEME, ...)`. */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: ProtocolRequest) => Promise<Response> {
  const log = options.log ?? (() => {});
  const read = async (file: string): Promise<Uint8Array<ArrayBuffer> | null> => {
    try {
      return await options.readFile(file);
    } catch {
      return null;
    }
  };
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');
    const resolved = resolveAppRequest(options.rendererDir, request.url);
    if (resolved.kind === 'refused') {
      log(`app protocol refused ${request.url}: ${resolved.reason}`);
      return textResponse(resolved.status, resolved.status === 400 ? 'Bad request' : 'Not found');
    }
    let served = resolved.file;
    let body = await read(served);
    if (body === null && resolved.fallback) {
      served = resolved.fallback;
      body = await read(served);
    }
    if (body === null) return textResponse(404, 'Not found');
    const headers = { ...SECURITY_HEADERS, 'Content-Type': MIME[path.extname(served).toLowerCase()] ?? 'application/octet-stream' };
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
  };
}
