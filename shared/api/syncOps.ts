/**
 * Operations of team sync (issue #6): run a sync, its status (for a header indicator), the server
 * settings with a connection test, and the conflicts a person decides. Merged into the contract in
 * contract.ts. The token never comes back out: `sync.token.set` hands it to the engine once, which
 * keeps it (desktop: sealed by safeStorage; browser host: in memory for that run); `token` inputs of
 * sync.run and sync.test exist for a one-off test or run (the command line).
 */
import { z } from 'zod';
import { op } from './op';
import { dossierRefSchema } from './types';

const serverUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => /^https?:\/\/[^/\s]+/.test(s), 'the server address starts with http:// or https://');
const tokenSchema = z.string().trim().min(8, 'the token is too short').max(500);

export const syncRunInputSchema = z.object({
  server_url: serverUrlSchema.optional(),
  token: tokenSchema.optional(),
  /** Apply a pull even though it deletes most of a dossier (after a person looked at it). */
  allow_mass_delete: z.boolean().default(false),
  /** Accept a server whose identity changed (restored or reset): forget the cursor and send every change again. */
  accept_new_server: z.boolean().default(false),
});

export const syncResultSchema = z.object({
  server_url: z.string(),
  server_id: z.string(),
  user: z.string(),
  pushed: z.number(),
  /** Changes new to this device (its own, coming back, are not counted). */
  pulled: z.number(),
  /** Pulled changes that took effect here (the rest lost to newer values or were already here). */
  applied: z.number(),
  new_conflicts: z.number(),
  open_conflicts: z.number(),
  attachments_sent: z.number(),
  attachments_received: z.number(),
  keys_received: z.number(),
  /** Dossiers whose reference collided with another device's and was renumbered here. */
  renumbered: z.array(z.object({ dossier_id: z.string(), from: z.string(), to: z.string() })),
  /** Received changes from a newer workbench version, kept until this one is upgraded. */
  deferred: z.number(),
  /** Received changes kept aside in this sync (invalid, or naming a record that does not exist here); see `sync.quarantine.list`. */
  quarantined: z.number().optional(),
  /** Local changes the server refused in this sync, taken out of the outbox and kept aside with its reason. */
  refused: z.number().optional(),
  cursor: z.number(),
  /** Server clock minus this computer's, in ms. */
  skew_ms: z.number(),
  finished_at: z.string(),
});
export type SyncResult = z.infer<typeof syncResultSchema>;

export const SYNC_PHASES = ['connect', 'pull', 'push', 'attachments', 'keys'] as const;

export const TOKEN_KEEPING = ['keychain', 'memory', 'none'] as const;

/** How the engine keeps a token saved with `sync.token.set` (never the token itself). */
export const tokenKeepingSchema = z.object({
  /** keychain: sealed by this computer's keychain; memory: until the process stops; none: not kept (command line). */
  kind: z.enum(TOKEN_KEEPING),
  /** Where a saved token goes, in one or two sentences. */
  note: z.string(),
  /** Why the token kept from before cannot be used (save it again); null when nothing is wrong. */
  problem: z.string().nullable(),
});
export type TokenKeeping = z.infer<typeof tokenKeepingSchema>;

export const syncStatusSchema = z.object({
  server_url: z.string().nullable(),
  /** Whether the engine has a token to use (never the token itself). */
  has_token: z.boolean(),
  /** How this engine keeps a saved token (the engine always says; optional for older answers). */
  token_keeping: tokenKeepingSchema.optional(),
  running: z.boolean(),
  progress: z.object({ phase: z.enum(SYNC_PHASES), done: z.number(), total: z.number() }).nullable(),
  last_synced_at: z.string().nullable(),
  /** The last attempt's failure; null once a sync succeeds. `offline` when the server could not be reached. */
  last_error: z.object({ at: z.string(), kind: z.string(), message: z.string() }).nullable(),
  /** Local changes waiting in the outbox. */
  waiting: z.number(),
  open_conflicts: z.number(),
  server_id: z.string().nullable(),
  cursor: z.number(),
  /** Changes kept aside (received ones that could not apply, local ones the server refused), not yet dropped. The engine always says; optional for older answers. */
  quarantined: z.number().optional(),
  /** Why, in words: the distinct reasons, most frequent first (at most five). */
  quarantine_reasons: z.array(z.string()).optional(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncTestResultSchema = z.object({
  ok: z.boolean(),
  server_url: z.string(),
  /** What happened, in words (reachable and who you are, or why not). */
  message: z.string(),
  server_id: z.string().nullable(),
  user: z.string().nullable(),
  role: z.string().nullable(),
  server_time: z.string().nullable(),
  skew_ms: z.number().nullable(),
  /** False when the server answering is not the one this workbench synced with before. */
  same_server: z.boolean().nullable(),
});

const conflictSideSchema = z.object({
  /** The value as it was written (null: empty). */
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  actor: z.string().nullable(),
  change_id: z.string().nullable(),
  /** When it was written, from its clock stamp. */
  at: z.string().nullable(),
});

export const CONFLICT_KINDS = ['field', 'delete'] as const;
export const CONFLICT_SIDES = ['local', 'remote'] as const;

export const conflictSchema = z.object({
  id: z.string(),
  dossier_id: z.string().nullable(),
  reference: z.string().nullable(),
  /** The dossier's organization (legal name), when it has one. The engine always says; optional for older answers. */
  organization: z.string().nullable().optional(),
  /** The field in words, as the dossier's History names it (`Conformance testing — status`). The engine always says; optional for older answers. */
  label: z.string().optional(),
  entity: z.string(),
  row_id: z.string(),
  field: z.string(),
  /** `field`: two values for one field; `delete`: the row was deleted on one side and edited on the other. */
  kind: z.enum(CONFLICT_KINDS),
  local: conflictSideSchema,
  remote: conflictSideSchema,
  /** Which side is in effect now. */
  kept: z.enum(CONFLICT_SIDES),
  detected_at: z.string(),
  resolved_at: z.string().nullable(),
  /** `local`/`remote` as chosen, or `superseded` when a newer change of the field arrived. */
  resolution: z.string().nullable(),
  resolved_by: z.string().nullable(),
});
export type Conflict = z.infer<typeof conflictSchema>;

export const QUARANTINE_DIRECTIONS = ['received', 'refused'] as const;

/** A change sync kept aside: received and not applicable here, or local and refused by the server. */
export const quarantinedChangeSchema = z.object({
  /** The change id (its clock stamp). */
  id: z.string(),
  direction: z.enum(QUARANTINE_DIRECTIONS),
  reason: z.string(),
  /** When it was kept aside. */
  at: z.string(),
  entity: z.string(),
  row_id: z.string(),
  field: z.string(),
  /** The field in words. */
  label: z.string(),
  dossier_id: z.string().nullable(),
  reference: z.string().nullable(),
  organization: z.string().nullable(),
  /** The value as it travelled (JSON text). */
  value: z.string(),
  /** Who wrote it, and (received) which server user pushed it. */
  actor: z.string(),
  user: z.string().nullable(),
  server_seq: z.number().nullable(),
  dropped_at: z.string().nullable(),
  dropped_by: z.string().nullable(),
});
export type QuarantinedChange = z.infer<typeof quarantinedChangeSchema>;

export const syncOperations = {
  /** A failure says its kind in the error's `details.sync_failure` (as `sync.status` → `last_error.kind` does). */
  'sync.run': op(syncRunInputSchema, syncResultSchema),
  'sync.status': op(z.object({}), syncStatusSchema),
  'sync.settings.set': op(z.object({ server_url: serverUrlSchema.nullable() }), syncStatusSchema),
  /** Keeps the token for later syncs (null: forgets it); answers the status, whose `has_token` and `token_keeping` say what was kept where. */
  'sync.token.set': op(z.object({ token: tokenSchema.nullable() }), syncStatusSchema),
  'sync.test': op(z.object({ server_url: serverUrlSchema.optional(), token: tokenSchema.optional() }), syncTestResultSchema),
  'conflicts.list': op(
    z.object({
      dossier: dossierRefSchema.optional(),
      include_resolved: z.boolean().default(false),
      limit: z.number().int().min(1).max(5000).default(500),
    }),
    z.array(conflictSchema),
  ),
  'conflicts.resolve': op(z.object({ id: z.string().min(1).max(100), keep: z.enum(CONFLICT_SIDES) }), conflictSchema),
  /** Changes sync kept aside, newest first (dropped ones only when asked). */
  'sync.quarantine.list': op(z.object({ include_dropped: z.boolean().default(false) }), z.array(quarantinedChangeSchema)),
  /** Drops a quarantined change after review; it stays on record and is no longer counted. */
  'sync.quarantine.drop': op(z.object({ id: z.string().trim().min(1).max(100) }), quarantinedChangeSchema),
} as const;
