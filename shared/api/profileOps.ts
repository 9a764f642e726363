/**
 * Operations of the profile (issue #11): who uses the workbench on this data folder — name,
 * participant role, organization, e-mail. The profile is the actor of their changes, the author
 * of their documents and the default identity of their signing key. Merged into contract.ts.
 */
import { z } from 'zod';
import { op } from './op';
import { SIGNER_ROLES } from './packageOps';

/** One line of text as a person types it: NFC, trimmed, no control characters. */
const line = (max: number) =>
  z
    .string()
    .transform((s) => s.normalize('NFC').trim())
    .pipe(
      z
        .string()
        .max(max, `at most ${max} characters`)
        .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'no control characters'),
    );

export const profileSchema = z.object({
  name: z.string(),
  role: z.enum(SIGNER_ROLES),
  organization: z.string().nullable(),
  email: z.string().nullable(),
  updated_at: z.string(),
});
export type Profile = z.infer<typeof profileSchema>;

export const profileChangeSchema = z.object({
  at: z.string(),
  /** Who was using the workbench when the change was made (the previous profile's name, or the OS account). */
  changed_by: z.string(),
  field: z.string(),
  old_value: z.string().nullable(),
  new_value: z.string().nullable(),
});
export type ProfileChange = z.infer<typeof profileChangeSchema>;

export const profileInputSchema = z.object({
  name: line(200).pipe(z.string().min(1, 'your name is needed')),
  role: z.enum(SIGNER_ROLES),
  organization: line(200).nullable().optional(),
  email: line(254)
    .pipe(z.union([z.literal(''), z.string().email('not an e-mail address')]))
    .nullable()
    .optional(),
});

export const profileOperations = {
  'profile.get': op(
    z.object({}),
    z.object({
      profile: profileSchema.nullable(),
      /** The name this workbench records as the actor of changes right now. */
      actor: z.string(),
      /** Changes to the profile, newest first. */
      changes: z.array(profileChangeSchema),
    }),
  ),
  'profile.set': op(profileInputSchema, profileSchema),
} as const;
