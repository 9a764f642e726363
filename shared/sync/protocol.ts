/**
 * The sync protocol between a workbench and the team sync server: what travels, as zod schemas
 * both sides parse with. Runs anywhere (no Node import).
 *
 * Every answer carries the server's identity (`server_id`, its lineage), its clock and the last
 * sequence number it has given, so a client notices a restored or reset server and a skewed clock
 * before it merges anything.
 */
import { z } from 'zod';
import { breaksTextRule } from '../text/textRule';

export const PROTOCOL_VERSION = 1;

/** Paths of the server's HTTP API. */
export const SYNC_PATHS = {
  health: '/health',
  hello: '/v1/hello',
  push: '/v1/push',
  pull: '/v1/pull',
  attachment: (sha256: string) => `/v1/attachments/${sha256}`,
  keys: '/v1/keys',
} as const;

/**
 * Headers of a pull answer: where the page ends when more follow (the body's `next_after`), so a
 * client can ask for the next page while it reads this one. A hint: the body decides.
 */
export const SYNC_HEADERS = { nextAfter: 'x-pcr-next-after' } as const;

/** Largest JSON request body the server accepts by default. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Largest attachment (evidence files are at most 25 MB). */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
/** A push batch stays under both bounds. */
export const PUSH_BATCH_CHANGES = 1000;
export const PUSH_BATCH_BYTES = 1024 * 1024;
export const DEFAULT_PULL_PAGE = 2000;
export const MAX_PULL_PAGE = 5000;
/** Clocks further apart than this stop a sync with the server's time in the message. */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const HLC_STAMP = /^\d{15}:\d{5}:[A-Za-z0-9-]{1,64}$/;
const identifier = z.string().regex(IDENTIFIER, 'expected a table or column name');
export const hlcStampSchema = z.string().regex(HLC_STAMP, 'expected a hybrid-logical-clock stamp');
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in hexadecimal');

/** One field change as it travels: `value` is the JSON text of the new value, as the change log keeps it. */
export const wireChangeSchema = z.object({
  change_id: hlcStampSchema,
  entity: identifier,
  row_id: z.string().min(1).max(200),
  field: identifier,
  value: z.string().max(1_000_000),
  device_id: z.string().min(1).max(64),
  actor: z.string().max(300),
  dossier_id: z.string().max(200).nullable(),
  /** The change of the same field the writer's device showed when this one was made (null: none). */
  base: hlcStampSchema.nullable(),
});
export type WireChange = z.infer<typeof wireChangeSchema>;

/** A change as the server hands it out: with its sequence number and the user who pushed it. */
export const pulledChangeSchema = wireChangeSchema.extend({
  seq: z.number().int().positive(),
  user: z.string(),
});
export type PulledChange = z.infer<typeof pulledChangeSchema>;

/** What every authenticated answer carries. */
export const serverStateSchema = z.object({
  server_id: z.string(),
  server_time: z.number(),
  last_seq: z.number().int().min(0),
});
export type ServerState = z.infer<typeof serverStateSchema>;

export const SERVER_ROLES = ['editor', 'viewer'] as const;
export type ServerRole = (typeof SERVER_ROLES)[number];

export const helloResponseSchema = serverStateSchema.extend({
  protocol: z.number(),
  user: z.string(),
  role: z.enum(SERVER_ROLES),
});
export type HelloResponse = z.infer<typeof helloResponseSchema>;

export const pushRequestSchema = z.object({
  device_id: z.string().min(1).max(64),
  changes: z.array(wireChangeSchema).max(PUSH_BATCH_CHANGES * 5),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const pushResponseSchema = serverStateSchema.extend({
  /** Every change of the batch with the sequence number the server holds it under (new or already there). */
  acked: z.array(z.object({ change_id: z.string(), seq: z.number().int().positive() })),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const pullResponseSchema = serverStateSchema.extend({
  changes: z.array(pulledChangeSchema),
  /** The cursor to ask after next. */
  next_after: z.number().int().min(0),
  has_more: z.boolean(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

const PULLED_CHANGE_KEYS = 11;
const isText = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max;

/** Whether a pulled change has exactly the fields of `pulledChangeSchema`, each as it requires (never more lenient). */
function isPlainPulledChange(c: unknown): c is PulledChange {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return false;
  const x = c as Record<string, unknown>;
  return (
    Object.keys(x).length === PULLED_CHANGE_KEYS &&
    typeof x.change_id === 'string' &&
    HLC_STAMP.test(x.change_id) &&
    typeof x.entity === 'string' &&
    IDENTIFIER.test(x.entity) &&
    isText(x.row_id, 1, 200) &&
    typeof x.field === 'string' &&
    IDENTIFIER.test(x.field) &&
    isText(x.value, 0, 1_000_000) &&
    isText(x.device_id, 1, 64) &&
    isText(x.actor, 0, 300) &&
    (x.dossier_id === null || isText(x.dossier_id, 0, 200)) &&
    (x.base === null || (typeof x.base === 'string' && HLC_STAMP.test(x.base))) &&
    Number.isSafeInteger(x.seq) &&
    (x.seq as number) > 0 &&
    typeof x.user === 'string'
  );
}

/** A pull answer without its changes (built once: a zod schema compiles itself on first use). */
const pullStateSchema = pullResponseSchema.omit({ changes: true });

/**
 * Parses a pull answer as `pullResponseSchema` does, checking its thousands of changes by hand
 * (several times faster than the schema); anything the hand check does not accept as plainly
 * valid, such as an unknown extra field, goes through the schema, which decides.
 */
export function parsePullResponse(body: unknown): PullResponse {
  if (typeof body === 'object' && body !== null && Array.isArray((body as { changes?: unknown }).changes)) {
    const { changes, ...rest } = body as { changes: unknown[] };
    if (changes.every(isPlainPulledChange)) return { ...pullStateSchema.parse(rest), changes };
  }
  return pullResponseSchema.parse(body);
}

/** A team member's public signing key as the server distributes it (the `keys export` document). */
/** Text the server stores beside changes: the text rule's refusals apply (no control characters, NUL, broken Unicode). */
const storedText = (max: number) => z.string().max(max).refine((s) => !breaksTextRule(s), 'contains a control character, NUL or broken Unicode');

export const publishedKeySchema = z.object({
  key_id: z.string().regex(/^[0-9a-f]{32}$/),
  public_key: storedText(200),
  name: storedText(200).pipe(z.string().min(1)),
  role: storedText(100).pipe(z.string().min(1)),
  published_by: storedText(300).optional(),
  published_at: storedText(100).optional(),
});
export type PublishedKey = z.infer<typeof publishedKeySchema>;
export const keysResponseSchema = serverStateSchema.extend({ keys: z.array(publishedKeySchema) });

/** The server's refusal, always with a code a client can act on. */
export const SYNC_ERROR_CODES = [
  'unauthorized',
  'forbidden',
  'too_large',
  'invalid',
  'clock_skew',
  'not_found',
  'hash_mismatch',
  'internal',
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];
/** A change of a push the server refused, and why (the schema check of shared/sync/schema.ts). */
export const refusedChangeSchema = z.object({ change_id: z.string(), reason: z.string() });
export type RefusedChange = z.infer<typeof refusedChangeSchema>;

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.enum(SYNC_ERROR_CODES),
    message: z.string(),
    /** For a refused push: every change that is not valid (nothing of the batch was stored). */
    refused: z.array(refusedChangeSchema).optional(),
  }),
  server_id: z.string().optional(),
  server_time: z.number().optional(),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
