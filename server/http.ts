/**
 * The sync server's HTTP API (paths in shared/sync/protocol.ts). Every request but the health
 * check needs a bearer token; bodies are size-bounded; each request is logged as one JSON line
 * without tokens or dossier contents.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_CLOCK_SKEW_MS,
  DEFAULT_PULL_PAGE,
  MAX_ATTACHMENT_BYTES,
  MAX_PULL_PAGE,
  PROTOCOL_VERSION,
  SYNC_HEADERS,
  SYNC_PATHS,
  publishedKeySchema,
  pushRequestSchema,
  sha256Schema,
  type RefusedChange,
  type SyncErrorCode,
} from '../shared/sync/protocol';
import { checkWireChange } from '../shared/sync/schema';
import { parseHlc } from '../shared/hlc';
import { ServerStore, type UserRecord } from './db';
import type { Logger } from './log';

export interface ServerOptions {
  store: ServerStore;
  log: Logger;
  host?: string;
  port?: number;
  tls?: { cert: Buffer; key: Buffer };
  maxBodyBytes?: number;
  maxClockSkewMs?: number;
  now?: () => number;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: SyncErrorCode,
    message: string,
    readonly refused?: RefusedChange[],
  ) {
    super(message);
  }
}

/** A body over the limit is read and thrown away up to this many bytes, so the client gets its 413 instead of a reset. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

const ATTACHMENT_PATH = /^\/v1\/attachments\/([0-9a-f]{64})$/;

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { store, log } = options;
  const now = options.now ?? Date.now;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxSkew = options.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS;

  const state = async () => ({ server_id: store.serverId, server_time: now(), last_seq: await store.lastSeq() });

  const authenticate = async (req: http.IncomingMessage): Promise<UserRecord> => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HttpFailure(401, 'unauthorized', 'This server needs a token: send "Authorization: Bearer TOKEN" (ask the server administrator for one).');
    const user = await store.authenticate(match[1]!);
    if (!user) throw new HttpFailure(401, 'unauthorized', 'The token is not valid: it is wrong or has been revoked.');
    return user;
  };

  /**
   * Reads a body up to the limit. A larger one is drained (read and discarded, up to
   * DRAIN_LIMIT_BYTES) before the 413 is answered, so the client is never cut off mid-write.
   */
  const readBody = (req: http.IncomingMessage, limit: number): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const tooLarge = () => new HttpFailure(413, 'too_large', `The request body is over the server's limit of ${limit} bytes.`);
      const declared = Number(req.headers['content-length'] ?? Number.NaN);
      if (declared > DRAIN_LIMIT_BYTES) return reject(tooLarge());
      const chunks: Buffer[] = [];
      let size = 0;
      let over = declared > limit;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) over = true;
        if (!over) chunks.push(chunk);
        else if (size > DRAIN_LIMIT_BYTES) {
          req.removeAllListeners('data');
          reject(tooLarge());
        }
      });
      req.on('end', () => (over ? reject(tooLarge()) : resolve(Buffer.concat(chunks))));
      req.on('error', reject);
    });

  const parseJson = async <S extends z.ZodType>(req: http.IncomingMessage, schema: S): Promise<z.output<S>> => {
    const body = await readBody(req, maxBody);
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpFailure(400, 'invalid', 'The request body is not JSON.');
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HttpFailure(400, 'invalid', `The request is not valid: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown problem'}`);
    }
    return parsed.data;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, note: Record<string, unknown>): Promise<void> => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://server');
      decodeURIComponent(url.pathname);
    } catch {
      throw new HttpFailure(400, 'invalid', 'The request address is not valid.');
    }
    const route = `${req.method} ${url.pathname}`;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const bytes = Buffer.from(JSON.stringify(body), 'utf8');
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length, 'cache-control': 'no-store', ...headers });
      res.end(bytes);
    };
    if (route === `GET ${SYNC_PATHS.health}`) return send(200, { status: 'ok' });

    const user = await authenticate(req);
    note.user = user.name;
    if (route === `GET ${SYNC_PATHS.hello}`) return send(200, { ...(await state()), protocol: PROTOCOL_VERSION, user: user.name, role: user.role });
    if (route === `POST ${SYNC_PATHS.push}`) {
      if (user.role !== 'editor') throw new HttpFailure(403, 'forbidden', `User "${user.name}" may read but not send changes (role ${user.role}).`);
      const request = await parseJson(req, pushRequestSchema);
      // Every change against the schema both sides share; one invalid change refuses the batch
      // (nothing stored) and the answer names each invalid change and why.
      const refused = request.changes.flatMap((change) => {
        const reason = checkWireChange(change);
        return reason ? [{ change_id: change.change_id, reason }] : [];
      });
      if (refused.length) {
        note.refused = refused.length;
        const first = refused[0]!;
        throw new HttpFailure(
          400,
          'invalid',
          `${refused.length} change${refused.length === 1 ? ' is' : 's are'} not valid and nothing of this push was stored; first: change ${first.change_id}: ${first.reason}`,
          refused,
        );
      }
      const limit = now() + maxSkew;
      for (const change of request.changes) {
        const stamp = parseHlc(change.change_id);
        if (stamp.deviceId !== change.device_id) throw new HttpFailure(400, 'invalid', `Change ${change.change_id} does not carry the device id of its stamp.`);
        if (stamp.physical > limit) {
          throw new HttpFailure(409, 'clock_skew', `A change is stamped ${new Date(stamp.physical).toISOString()}, ahead of the server's clock (${new Date(now()).toISOString()}) by more than ${Math.round(maxSkew / 1000)} s: correct this computer's clock.`);
        }
      }
      const acked = await store.push(user.name, request.changes);
      note.changes = request.changes.length;
      return send(200, { ...(await state()), acked });
    }
    if (route === `GET ${SYNC_PATHS.pull}`) {
      const after = Number(url.searchParams.get('after') ?? '0');
      const limit = Number(url.searchParams.get('limit') ?? DEFAULT_PULL_PAGE);
      if (!Number.isInteger(after) || after < 0) throw new HttpFailure(400, 'invalid', '"after" must be a whole number of 0 or more.');
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PULL_PAGE) throw new HttpFailure(400, 'invalid', `"limit" must be between 1 and ${MAX_PULL_PAGE}.`);
      const st = await state();
      const changes = await store.pull(after, limit);
      note.changes = changes.length;
      const next = changes.at(-1)?.seq ?? after;
      const hasMore = next < st.last_seq;
      // Where the page ends, also in a header: a client can ask for the next page before it reads this one.
      return send(200, { ...st, changes, next_after: next, has_more: hasMore }, hasMore ? { [SYNC_HEADERS.nextAfter]: String(next) } : {});
    }
    if (route === `GET ${SYNC_PATHS.keys}`) return send(200, { ...(await state()), keys: await store.listKeys() });
    if (route === `POST ${SYNC_PATHS.keys}`) {
      if (user.role !== 'editor') throw new HttpFailure(403, 'forbidden', `User "${user.name}" may not publish keys (role ${user.role}).`);
      await store.publishKey(await parseJson(req, publishedKeySchema), user.name);
      return send(200, { ...(await state()), keys: await store.listKeys() });
    }
    const attachment = ATTACHMENT_PATH.exec(url.pathname);
    if (attachment) {
      const sha256 = sha256Schema.parse(attachment[1]);
      if (req.method === 'HEAD') {
        res.writeHead((await store.hasAttachment(sha256)) ? 200 : 404);
        return void res.end();
      }
      if (req.method === 'GET') {
        const content = await store.getAttachment(sha256);
        if (!content) throw new HttpFailure(404, 'not_found', `The server has no attachment ${sha256}.`);
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': content.length, 'x-sha256': sha256 });
        return void res.end(content);
      }
      if (req.method === 'PUT') {
        if (user.role !== 'editor') throw new HttpFailure(403, 'forbidden', `User "${user.name}" may not upload attachments (role ${user.role}).`);
        const content = await readBody(req, MAX_ATTACHMENT_BYTES);
        const actual = crypto.createHash('sha256').update(content).digest('hex');
        if (actual !== sha256) throw new HttpFailure(422, 'hash_mismatch', `The uploaded content's SHA-256 is ${actual}, not ${sha256}: nothing was stored.`);
        await store.putAttachment(sha256, content, user.name);
        note.bytes = content.length;
        return send(200, await state());
      }
    }
    throw new HttpFailure(404, 'not_found', `No such endpoint: ${req.method} ${url.pathname}`);
  };

  const answerFailure = (res: http.ServerResponse, failure: HttpFailure) => {
    if (res.headersSent || res.destroyed) return void res.destroy();
    const error = { code: failure.code, message: failure.message, ...(failure.refused ? { refused: failure.refused } : {}) };
    const text = JSON.stringify({ error, server_id: store.serverId, server_time: now() });
    res.writeHead(failure.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...(failure.status === 413 ? { connection: 'close' } : {}) });
    res.end(text);
  };

  // Every request ends in an answer or a closed connection, never a crash: an unexpected error is
  // logged by its kind only (no tokens, no content) and answered 500.
  const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const started = performance.now();
    const note: Record<string, unknown> = {};
    handle(req, res, note)
      .catch((error: unknown) => {
        const failure = error instanceof HttpFailure ? error : new HttpFailure(500, 'internal', 'The sync server failed; see its log.');
        if (!(error instanceof HttpFailure)) log.error('request_failed', describeError(error));
        note.error = failure.code;
        answerFailure(res, failure);
      })
      .catch((error: unknown) => {
        log.error('answer_failed', describeError(error));
        res.destroy();
      })
      .finally(() => {
        const path = (req.url ?? '').split('?')[0];
        log.info('request', { method: req.method, path: path && path.length > 200 ? `${path.slice(0, 200)}…` : path, status: res.statusCode, ms: Math.round(performance.now() - started), ...note });
      });
  };

  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, listener) : http.createServer(listener);
  // A request the HTTP parser cannot read (a malformed request line or header) is answered 400.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    log.info('client_error', { code: error.code ?? 'unknown' });
    if (socket.writable && !socket.destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  server.requestTimeout = 120_000;
  // Idle keep-alive connections stay open longer than a client keeps them (a client whose event loop
  // was busy would otherwise send its next request on a connection the server just closed).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4790, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${options.tls ? 'https' : 'http'}://${host}:${address.port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What the log says of an unexpected error: its kind and code, never its message (it may quote a value). */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: typeof error };
  const code = (error as { code?: unknown }).code;
  return { error: error.name, ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}) };
}
