/**
 * Operations of Settings › Appearance (issue #14): text size, table density and motion, kept on
 * this device like the reminder settings. Merged into contract.ts.
 */
import { z } from 'zod';
import { op } from './op';

export const TEXT_SIZES = ['normal', 'large', 'larger'] as const;
export const DENSITIES = ['comfortable', 'compact'] as const;
/** `system` follows the operating system's "reduce motion"; `reduce` stops animations whatever it says. */
export const MOTIONS = ['system', 'reduce'] as const;

export const appearanceSchema = z.object({
  text_size: z.enum(TEXT_SIZES),
  density: z.enum(DENSITIES),
  motion: z.enum(MOTIONS),
});
export type Appearance = z.infer<typeof appearanceSchema>;
export type TextSize = Appearance['text_size'];
export type Density = Appearance['density'];
export type Motion = Appearance['motion'];

export const DEFAULT_APPEARANCE: Appearance = { text_size: 'normal', density: 'comfortable', motion: 'system' };

export const appearanceOperations = {
  'appearance.get': op(z.object({}), appearanceSchema),
  /** Changes the settings given, keeps the others. */
  'appearance.set': op(appearanceSchema.partial().strict(), appearanceSchema),
} as const;
