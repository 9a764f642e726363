/**
 * What the History can be filtered by: the kind of record a change touched, or that it came from
 * another device through sync. Each capability says which of its tables are of which kind
 * (electron/history registers them); the UI and the command line list these words.
 */
export const HISTORY_KINDS = ['dossier', 'activities', 'gap_analysis', 'plan', 'conformance', 'documents', 'forms', 'sync'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

export const HISTORY_KIND_LABELS: Record<HistoryKind, string> = {
  dossier: 'Dossier fields',
  activities: 'Activities',
  gap_analysis: 'Gap analysis',
  plan: 'Deployment plan',
  conformance: 'Conformance testing',
  documents: 'Documents and packages',
  forms: 'Partner forms',
  sync: 'Received through sync',
};

/** The one line an operation reads as: `Deployment plan started from the template (212 values)`. */
export function historyGroupTitle(group: { summary: string; count: number }): string {
  return group.count > 1 ? `${group.summary} (${group.count.toLocaleString('en-CA')} values)` : group.summary;
}
