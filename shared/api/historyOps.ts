/**
 * The dossier's History grouped by operation: every change one write made (one call of the store's
 * write path) is one group with a summary line, filtered by kind and person, paged newest first.
 * Merged into the contract in contract.ts.
 */
import { z } from 'zod';
import { op } from './op';
import { dossierRefSchema, historyEntrySchema } from './types';
import { HISTORY_KINDS } from '../history/kinds';

export const historyKindSchema = z.enum(HISTORY_KINDS);

export const historyGroupSchema = z.object({
  /** Stable key of the operation (the write's place in the log; received changes also by device and person). */
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  /** True when the changes were made on another device and arrived through sync. */
  received: z.boolean(),
  /** The kinds of records the operation touched, most changes first. */
  kinds: z.array(historyKindSchema),
  /** One line for the whole operation, such as `Deployment plan started from the template`. */
  summary: z.string(),
  /** How many field changes the group holds (after the filters). */
  count: z.number().int(),
  /** The changes, in the order the operation made them. */
  entries: z.array(historyEntrySchema.extend({ kind: historyKindSchema })),
});
export type HistoryGroup = z.infer<typeof historyGroupSchema>;

export const historyOperations = {
  'dossier.history.groups': op(
    z.object({
      id: dossierRefSchema,
      /** Only changes of these kinds (none given: all). */
      kinds: z.array(historyKindSchema).max(HISTORY_KINDS.length).optional(),
      /** Only changes made by this person (their name as the History shows it). */
      person: z.string().trim().min(1).max(300).optional(),
      /** Paging: only operations older than this cursor (`next` of the previous page). */
      before: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(500).default(50),
    }),
    z.object({
      groups: z.array(historyGroupSchema),
      /** The cursor of the next (older) page, or null when this page is the last. */
      next: z.number().int().nullable(),
      /** Everyone who changed this dossier, for the person filter. */
      people: z.array(z.string()),
    }),
  ),
};
