/**
 * The PCR onboarding process as data: three phases, nine key activities with their owner roles,
 * the activities that apply only when a dossier flag is set, and what each phase gate requires.
 */
import type { ParticipantRole } from './roles';

export const PHASE_KEYS = ['intake', 'implementation', 'deployment'] as const;
export type PhaseKey = (typeof PHASE_KEYS)[number];
/** Where a dossier stands after it leaves Deployment: the partner is live in production. */
export const FINAL_STAGE = 'live' as const;
export type Stage = PhaseKey | typeof FINAL_STAGE;
export const STAGE_KEYS = [...PHASE_KEYS, FINAL_STAGE] as const;

export interface PhaseDefinition {
  key: PhaseKey;
  label: string;
  purpose: string;
}

export const PHASES: readonly PhaseDefinition[] = [
  { key: 'intake', label: 'Intake', purpose: 'Familiarize the partner with policies and procedures; MoH and CGI gather requirements.' },
  { key: 'implementation', label: 'Implementation', purpose: 'Design and develop the integrated solution and pass conformance testing.' },
  { key: 'deployment', label: 'Deployment', purpose: 'Fulfil other Ministry requirements, obtain the Interface Approval Notice and deploy to production.' },
];

export const ACTIVITY_KEYS = [
  'kickoff',
  'analysis_design',
  'develop_integration',
  'test_environment',
  'dq_process',
  'conformance_testing',
  'ministry_requirements',
  'deployment_planning',
  'go_live',
] as const;
export type ActivityKey = (typeof ACTIVITY_KEYS)[number];

export const ACTIVITY_STATUSES = ['not_started', 'in_progress', 'blocked', 'done', 'not_required'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  blocked: 'Blocked',
  done: 'Done',
  not_required: 'Not required',
};

/** Dossier flags that switch a conditional activity on. */
export type ActivityCondition = 'flags.integration_development_required' | 'flags.dq_process_required';

export interface ActivityDefinition {
  key: ActivityKey;
  label: string;
  phase: PhaseKey;
  ownerRole: ParticipantRole;
  description: string;
  condition?: ActivityCondition;
}

export const ACTIVITIES: readonly ActivityDefinition[] = [
  {
    key: 'kickoff',
    label: 'Kick-off (vendor discovery session)',
    phase: 'intake',
    ownerRole: 'moh_registries_manager',
    description: 'Needs, go-live timeline, conformance standards and testing, technical requirements, contacts and distribution list.',
  },
  {
    key: 'analysis_design',
    label: 'Analysis and design',
    phase: 'implementation',
    ownerRole: 'cgi_technical_team',
    description: 'CGI with MoH designs the solution and identifies any development needed.',
  },
  {
    key: 'develop_integration',
    label: 'Develop integration',
    phase: 'implementation',
    ownerRole: 'cgi_technical_team',
    description: 'Develop and test integration programs: a new MDM source and matching algorithms where the partner updates PCR.',
    condition: 'flags.integration_development_required',
  },
  {
    key: 'test_environment',
    label: 'Set up test environment',
    phase: 'implementation',
    ownerRole: 'cgi_operations_team',
    description: 'Add the organization to the test environment; SSL certificate; network access (IP added to the ACL).',
  },
  {
    key: 'dq_process',
    label: 'Data quality (DQ) process',
    phase: 'implementation',
    ownerRole: 'moh_dq_team',
    description: 'The MoH DQ team provides and checks the data quality requirements for active integrations.',
    condition: 'flags.dq_process_required',
  },
  {
    key: 'conformance_testing',
    label: 'Conformance testing',
    phase: 'implementation',
    ownerRole: 'moh_registries_admin',
    description: 'The partner tests with MoH Health Registries support; MoH validates the results and decides pass or fail.',
  },
  {
    key: 'ministry_requirements',
    label: 'Other Ministry requirements (audit, security)',
    phase: 'deployment',
    ownerRole: 'cis',
    description: 'Includes the privacy and security gap analysis (Volume 2); CIS issues the Interface Approval Notice.',
  },
  {
    key: 'deployment_planning',
    label: 'Deployment planning',
    phase: 'deployment',
    ownerRole: 'cgi_business_support_lead',
    description: 'MoH and CGI plan the production deployment and review it with the Change Advisory Board (CAB).',
  },
  {
    key: 'go_live',
    label: 'Go-live',
    phase: 'deployment',
    ownerRole: 'cgi_operations_team',
    description: 'Configure production, certificates and network access; CGI activates the integration.',
  },
];

export function activityDefinition(key: ActivityKey): ActivityDefinition {
  const def = ACTIVITIES.find((a) => a.key === key);
  if (!def) throw new Error(`Unknown activity "${key}"`);
  return def;
}

export function phaseLabel(stage: Stage): string {
  return stage === FINAL_STAGE ? 'Live' : (PHASES.find((p) => p.key === stage)?.label ?? stage);
}

export function nextStage(phase: PhaseKey): Stage {
  const i = PHASE_KEYS.indexOf(phase);
  return PHASE_KEYS[i + 1] ?? FINAL_STAGE;
}

/** What must hold before a dossier may leave a phase, besides its activities being finished. */
export const GATE_REQUIRED_FIELDS: Record<PhaseKey, readonly string[]> = {
  intake: [
    'organization.legal_name',
    'application.name',
    'integration.standard',
    'integration.type',
    'contacts.sponsor.name',
    'contacts.sponsor.email',
    'leads.moh_registries_manager',
    'leads.cgi_business_support_lead',
  ],
  implementation: ['integration.transactions', 'integration.environments'],
  deployment: ['targets.go_live_date'],
};
