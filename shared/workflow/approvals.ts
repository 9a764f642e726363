/**
 * Who approves a PCR integration's approval package, as data: the roles whose signature blocks the
 * package carries (in this order), which of them must approve, and the phase gate their complete
 * approvals open. Change the list here; the package, the dossier's approval status and the gate
 * all follow it.
 */
import type { ParticipantRole } from './roles';
import type { Stage } from './definition';

export interface PackageApprover {
  role: ParticipantRole;
  /** Whether the gate waits for this role's approval (approved, or approved with conditions). */
  required: boolean;
}

export const PACKAGE_APPROVERS: readonly PackageApprover[] = [
  { role: 'moh_registries_manager', required: true },
  { role: 'cis', required: true },
  { role: 'cgi_business_support_lead', required: false },
  { role: 'connected_partner', required: false },
];

/** The phase whose gate (to the next phase) needs the latest package's required approvals. */
export const APPROVALS_REQUIRED_AT: Stage = 'deployment';

/** The role that may accept a high or critical risk on a gap. */
export const RISK_ACCEPTOR_ROLE: ParticipantRole = 'moh_registries_manager';
