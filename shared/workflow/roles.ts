/** The participants of PCR onboarding, from the Ministry (MoH), CGI and CIS. */
export const PARTICIPANT_ROLES = [
  { key: 'moh_registries_manager', label: 'MoH Health Registries manager', org: 'MoH' },
  { key: 'moh_registries_admin', label: 'MoH Health Registries admin', org: 'MoH' },
  { key: 'moh_dq_team', label: 'MoH data quality (DQ) team', org: 'MoH' },
  { key: 'cgi_business_support_lead', label: 'CGI business support lead', org: 'CGI' },
  { key: 'cgi_technical_team', label: 'CGI technical team', org: 'CGI' },
  { key: 'cgi_operations_team', label: 'CGI operations team', org: 'CGI' },
  { key: 'cis', label: 'Conformance and Integration Services (CIS)', org: 'MoH' },
] as const;

export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number]['key'] | 'connected_partner';

export const CONTACT_ROLES = [
  { key: 'sponsor', label: 'Sponsor' },
  { key: 'project_manager', label: 'Project manager' },
  { key: 'technical_lead', label: 'Technical lead' },
  { key: 'privacy_officer', label: 'Privacy officer' },
  { key: 'security_officer', label: 'Security officer' },
] as const;

export function roleLabel(role: ParticipantRole): string {
  if (role === 'connected_partner') return 'Connected Partner';
  return PARTICIPANT_ROLES.find((r) => r.key === role)?.label ?? role;
}
