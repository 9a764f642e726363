import type { Decision, DocumentKind } from './documentsApi';

export interface KindInfo {
  kind: DocumentKind;
  title: string;
  description: string;
}

export const DOCUMENT_KINDS: readonly KindInfo[] = [
  {
    kind: 'deployment-plan',
    title: 'Deployment plan',
    description: 'Scope and systems, environment readiness, cutover steps with rollback, go-live checklist, communications, RACI, hypercare.',
  },
  {
    kind: 'gap-report',
    title: 'Gap-analysis report',
    description: 'The Privacy & Security Volume 2 roll-up by section, the gap register and the risk acceptances.',
  },
  {
    kind: 'approval-package',
    title: 'Approval package',
    description: 'Cover, executive summary, partner and system, integration, phase status, conformance, gaps and open risks, deployment plan, approvals.',
  },
  {
    kind: 'conformance-report',
    title: 'Conformance test report',
    description: 'Scope, results by transaction, round history, defects, evidence with SHA-256 hashes, and the CIS interface approval with its signer.',
  },
];

export const DECISIONS: readonly { id: Decision; label: string; description: string }[] = [
  { id: 'approved', label: 'Approved', description: 'The partner may go live as planned.' },
  { id: 'approved_with_conditions', label: 'Approved with conditions', description: 'Approved, subject to the conditions in the comment.' },
  { id: 'rejected', label: 'Rejected', description: 'Not approved; the comment says why.' },
];

export function decisionLabel(decision: Decision | null | undefined): string {
  return DECISIONS.find((d) => d.id === decision)?.label ?? '—';
}
