import type { Stage } from '../../shared/workflow/definition';

/** Every tone's text meets WCAG AA (4.5:1) on its tint; renderer/ui/kit.css holds the colours. */
export type StatusTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'invalid' | Stage;

export const STATUS_TONES: readonly StatusTone[] = ['neutral', 'info', 'success', 'warning', 'danger', 'invalid', 'intake', 'implementation', 'deployment', 'live'];
