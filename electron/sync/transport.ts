/**
 * Talking to the sync server: one request function (replaceable in tests to inject faults) and
 * typed calls that parse every answer with the protocol's schemas.
 */
import type { z } from 'zod';
import {
  SYNC_HEADERS,
  SYNC_PATHS,
  errorResponseSchema,
  helloResponseSchema,
  keysResponseSchema,
  parsePullResponse,
  pullResponseSchema,
  pushResponseSchema,
  serverStateSchema,
  type PublishedKey,
  type PullResponse,
  type RefusedChange,
  type WireChange,
} from '../../shared/sync/protocol';

export interface TransportRequest {
  method: 'GET' | 'POST' | 'PUT' | 'HEAD';
  url: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface TransportResponse {
  status: number;
  body: Buffer;
  /** Headers by lower-case name; a transport may leave them out (they only ever hint). */
  headers?: Record<string, string>;
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/** Why a sync stopped, in a form the service turns into a message and the status into a state. */
export type SyncFailureKind = 'offline' | 'unauthorized' | 'forbidden' | 'lineage' | 'clock_skew' | 'mass_delete' | 'protocol' | 'server';

export class SyncFailure extends Error {
  constructor(
    readonly kind: SyncFailureKind,
    message: string,
    readonly reasons: string[] = [],
    /** For a push the server refused: each invalid change and why. */
    readonly refused: RefusedChange[] = [],
  ) {
    super(message);
    this.name = 'SyncFailure';
  }
}

const REQUEST_TIMEOUT_MS = 60_000;
const RETRIES = 3;

export const fetchTransport: Transport = async (request) => {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body ? { body: new Uint8Array(request.body) as Uint8Array<ArrayBuffer> } : {}),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    throw new SyncFailure('offline', `Could not reach the sync server at ${new URL(request.url).origin}: ${cause}`);
  }
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()), headers: Object.fromEntries(response.headers) };
};

/** A pull answer as it arrived (see `SyncApi.pullAnswer`). */
export interface PullAnswer {
  after: number;
  nextAfter: number | null;
  read: () => PullResponse;
}

export class SyncApi {
  constructor(
    readonly serverUrl: string,
    private readonly token: string,
    private readonly transport: Transport = fetchTransport,
  ) {}

  private async request(method: TransportRequest['method'], path: string, body?: Uint8Array, contentType = 'application/json'): Promise<TransportResponse> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
    if (body) headers['content-type'] = contentType;
    let response: TransportResponse | undefined;
    // Every request is idempotent (pushes by change id), so a dropped connection is retried.
    for (let attempt = 1; !response; attempt += 1) {
      try {
        response = await this.transport({ method, url: new URL(path, this.serverUrl).toString(), headers, ...(body ? { body } : {}) });
      } catch (error) {
        const failure =
          error instanceof SyncFailure ? error : new SyncFailure('offline', `Could not reach the sync server at ${this.serverUrl}: ${error instanceof Error ? error.message : String(error)}`);
        if (failure.kind !== 'offline' || attempt >= RETRIES) throw failure;
        await new Promise((resolve) => setTimeout(resolve, 150 * attempt));
      }
    }
    if (response.status >= 200 && response.status < 300) return response;
    if (method === 'HEAD') return response;
    throw this.failureOf(response);
  }

  private failureOf(response: TransportResponse): SyncFailure {
    let parsed: z.infer<typeof errorResponseSchema> | undefined;
    try {
      parsed = errorResponseSchema.parse(JSON.parse(response.body.toString('utf8')));
    } catch {
      parsed = undefined;
    }
    const message = parsed?.error.message ?? `The sync server answered HTTP ${response.status}.`;
    switch (parsed?.error.code) {
      case 'unauthorized':
        return new SyncFailure('unauthorized', `The sync server refused the token: ${message}`);
      case 'forbidden':
        return new SyncFailure('forbidden', message);
      case 'clock_skew':
        return new SyncFailure('clock_skew', message, parsed.server_time ? [`Server time: ${new Date(parsed.server_time).toISOString()}`] : []);
      default:
        return new SyncFailure(response.status >= 500 ? 'server' : 'protocol', message, [], parsed?.error.refused ?? []);
    }
  }

  private async json<S extends z.ZodType>(schema: S | { parse: (body: unknown) => z.output<S> }, method: TransportRequest['method'], path: string, body?: unknown): Promise<z.output<S>> {
    const response = await this.request(method, path, body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8'));
    return this.parsed(schema, response, path);
  }

  private parsed<S extends z.ZodType>(schema: S | { parse: (body: unknown) => z.output<S> }, response: TransportResponse, path: string): z.output<S> {
    try {
      return schema.parse(JSON.parse(response.body.toString('utf8')));
    } catch {
      throw new SyncFailure('protocol', `The server at ${this.serverUrl} did not answer like a PCR workbench sync server (${path}).`);
    }
  }

  hello() {
    return this.json(helloResponseSchema, 'GET', SYNC_PATHS.hello);
  }

  push(deviceId: string, changes: WireChange[]) {
    return this.json(pushResponseSchema, 'POST', SYNC_PATHS.push, { device_id: deviceId, changes });
  }

  pull(after: number, limit: number): Promise<PullResponse> {
    return this.pullAnswer(after, limit).then((answer) => answer.read());
  }

  /**
   * A page of changes as it arrived, read (parsed and checked) only when asked: `nextAfter` is
   * where the server says it ends when more follow (null: it says nothing), so the next page can
   * be asked for first. The page read decides; the hint may be wrong.
   */
  async pullAnswer(after: number, limit: number): Promise<PullAnswer> {
    const path = `${SYNC_PATHS.pull}?after=${after}&limit=${limit}`;
    const response = await this.request('GET', path);
    const hint = Number(response.headers?.[SYNC_HEADERS.nextAfter] ?? Number.NaN);
    return {
      after,
      nextAfter: Number.isSafeInteger(hint) && hint > after ? hint : null,
      read: () => this.parsed<typeof pullResponseSchema>({ parse: parsePullResponse }, response, path),
    };
  }

  async hasAttachment(sha256: string): Promise<boolean> {
    const response = await this.request('HEAD', SYNC_PATHS.attachment(sha256));
    if (response.status === 200) return true;
    if (response.status === 404) return false;
    throw this.failureOf(response);
  }

  putAttachment(sha256: string, content: Buffer) {
    return this.request('PUT', SYNC_PATHS.attachment(sha256), content, 'application/octet-stream').then((r) => serverStateSchema.parse(JSON.parse(r.body.toString('utf8'))));
  }

  async getAttachment(sha256: string): Promise<Buffer> {
    return (await this.request('GET', SYNC_PATHS.attachment(sha256))).body;
  }

  keys() {
    return this.json(keysResponseSchema, 'GET', SYNC_PATHS.keys);
  }

  publishKey(key: PublishedKey) {
    return this.json(keysResponseSchema, 'POST', SYNC_PATHS.keys, key);
  }
}
