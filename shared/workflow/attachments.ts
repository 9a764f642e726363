/** Files kept on an activity (issue #13): the records that show the work was done. */
export const ATTACHMENT_KINDS = ['results_letter', 'change_approval', 'meeting_minutes', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];
export const ATTACHMENT_KIND_LABELS: Record<AttachmentKind, string> = {
  results_letter: 'Results letter',
  change_approval: 'Change-approval record',
  meeting_minutes: 'Meeting minutes',
  other: 'Other record',
};
