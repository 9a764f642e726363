/**
 * The secrets bridge's messages on the engine channel. The engine's utility process cannot reach
 * Electron's safeStorage (it lives in the main process), so it asks: "encrypt this value of the
 * secret NAME" or "decrypt these bytes of the secret NAME". Both sides parse what they receive with
 * these schemas; anything else is ignored. Ciphertext travels as base64 text. No 'electron' import:
 * the utility process loads this file too.
 */
import { z } from 'zod';
import { SECRET_FAILURES } from '../engine/secrets';

/** Lower-case words joined by '.', '-' or '_': names appear in logs and file names, values never do. */
export const SECRET_NAME_PATTERN = /^[a-z][a-z0-9]*(?:[._-][a-z0-9]+)*$/;
export const MAX_SECRET_NAME_LENGTH = 64;
/** Room for a PKCS#8 key or a token with headroom; a bigger value is a mistake, not a secret. */
export const MAX_SECRET_VALUE_LENGTH = 16 * 1024;
const MAX_CIPHERTEXT_BASE64_LENGTH = 64 * 1024;

export const secretNameSchema = z.string().max(MAX_SECRET_NAME_LENGTH).regex(SECRET_NAME_PATTERN, 'a secret name is lower-case words joined by . - or _');
const base64Schema = z
  .string()
  .min(1)
  .max(MAX_CIPHERTEXT_BASE64_LENGTH)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64');

export const secretRequestSchema = z.discriminatedUnion('op', [
  z.strictObject({ kind: z.literal('secret.request'), id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), op: z.literal('encrypt'), name: secretNameSchema, value: z.string().max(MAX_SECRET_VALUE_LENGTH) }),
  z.strictObject({ kind: z.literal('secret.request'), id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER), op: z.literal('decrypt'), name: secretNameSchema, data: base64Schema }),
]);
export type SecretRequest = z.infer<typeof secretRequestSchema>;
export type SecretOp = SecretRequest['op'];

const failureSchema = z.strictObject({ ok: z.literal(false), failure: z.enum(SECRET_FAILURES), message: z.string().max(2000) });

export const secretResponseSchema = z.strictObject({
  kind: z.literal('secret.response'),
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  result: z.union([
    z.strictObject({ ok: z.literal(true), op: z.literal('encrypt'), data: base64Schema }),
    /** `renewed`: the same value encrypted afresh, when the keychain rotated its key; store it in place of the old bytes. */
    z.strictObject({ ok: z.literal(true), op: z.literal('decrypt'), value: z.string().max(MAX_SECRET_VALUE_LENGTH), renewed: base64Schema.optional() }),
    failureSchema,
  ]),
});
export type SecretResponse = z.infer<typeof secretResponseSchema>;
export type SecretResult = SecretResponse['result'];

/** Cheap routing test: is this message meant for the secrets bridge (to be parsed by its schema)? */
export const isSecretMessage = (message: unknown, kind: 'secret.request' | 'secret.response'): boolean =>
  typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === kind;
