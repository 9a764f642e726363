/**
 * Every field of a dossier, once: its dotted path (as in `dossier show --json` and
 * `dossier set`), its column in the store, its label, kind and allowed values. The store schema,
 * the API validation, the CLI and the Overview form are all driven from this list.
 */
import { CONTACT_ROLES, PARTICIPANT_ROLES } from '../workflow/roles';
import { STAGE_KEYS, phaseLabel } from '../workflow/definition';
import { HCIM_ENVIRONMENTS, PCR_TRANSACTIONS } from '../reference';

export type FieldKind = 'text' | 'longtext' | 'email' | 'phone' | 'date' | 'integer' | 'boolean' | 'enum' | 'set';

export interface FieldOption {
  value: string;
  label: string;
}

export const SECTIONS = [
  { key: 'organization', label: 'Connected Partner organization' },
  { key: 'start', label: 'Start events and hand-offs' },
  { key: 'contacts', label: 'Partner contacts' },
  { key: 'application', label: 'Application / system' },
  { key: 'integration', label: 'Integration' },
  { key: 'volumes', label: 'Expected volumes' },
  { key: 'leads', label: 'Assigned leads' },
  { key: 'targets', label: 'Target dates' },
  { key: 'status', label: 'Status and flags' },
] as const;
export type SectionKey = (typeof SECTIONS)[number]['key'];

export interface FieldDef {
  path: string;
  label: string;
  section: SectionKey;
  kind: FieldKind;
  options?: readonly FieldOption[];
  /** Changed only by the workbench itself (the phase moves only through `advance`). */
  readOnly?: boolean;
  maxLength?: number;
}

/** The column that stores a field on the `dossiers` table (sets live in `dossier_set_items`). */
export function columnOf(path: string): string {
  return path.replaceAll('.', '__');
}

const opts = (pairs: readonly (readonly [string, string])[]): FieldOption[] =>
  pairs.map(([value, label]) => ({ value, label }));

export const ORGANIZATION_TYPES = opts([
  ['health_authority', 'Health authority'],
  ['emr_vendor', 'EMR / software vendor'],
  ['community_clinic', 'Community clinic or practice'],
  ['pharmacy', 'Pharmacy'],
  ['laboratory', 'Laboratory'],
  ['ministry_program', 'Ministry program'],
  ['government_other', 'Other government body'],
  ['other', 'Other'],
]);
export const HOSTING_MODELS = opts([
  ['on_premises', 'On premises (partner-hosted)'],
  ['vendor_hosted', 'Vendor-hosted'],
  ['public_cloud', 'Public cloud'],
  ['ministry_hosted', 'Ministry-hosted'],
]);
export const INTEGRATION_STANDARDS = opts([
  ['hl7v3', 'HL7v3'],
  ['fhir', 'FHIR'],
  ['both', 'HL7v3 and FHIR'],
]);
export const INTEGRATION_TYPES = opts([
  ['web_only', 'Web application access only (HCIM Web)'],
  ['active', 'Active integration (updates PCR)'],
  ['passive', 'Passive integration (query / receive only)'],
]);
export const RAG_STATUSES = opts([
  ['green', 'Green — on track'],
  ['amber', 'Amber — at risk'],
  ['red', 'Red — off track'],
]);

const contactFields: FieldDef[] = CONTACT_ROLES.flatMap((role) => [
  { path: `contacts.${role.key}.name`, label: `${role.label} — name`, section: 'contacts', kind: 'text' },
  { path: `contacts.${role.key}.title`, label: `${role.label} — title`, section: 'contacts', kind: 'text' },
  { path: `contacts.${role.key}.email`, label: `${role.label} — e-mail`, section: 'contacts', kind: 'email' },
  { path: `contacts.${role.key}.phone`, label: `${role.label} — phone`, section: 'contacts', kind: 'phone' },
]);

const leadFields: FieldDef[] = PARTICIPANT_ROLES.map((role) => ({
  path: `leads.${role.key}`,
  label: role.label,
  section: 'leads',
  kind: 'text',
}));

export const DOSSIER_FIELDS: readonly FieldDef[] = [
  { path: 'organization.legal_name', label: 'Legal name', section: 'organization', kind: 'text', maxLength: 300 },
  { path: 'organization.type', label: 'Organization type', section: 'organization', kind: 'enum', options: ORGANIZATION_TYPES },
  { path: 'organization.address.street', label: 'Street address', section: 'organization', kind: 'text' },
  { path: 'organization.address.city', label: 'City', section: 'organization', kind: 'text' },
  { path: 'organization.address.province', label: 'Province', section: 'organization', kind: 'text' },
  { path: 'organization.address.postal_code', label: 'Postal code', section: 'organization', kind: 'text', maxLength: 10 },
  ...contactFields,
  { path: 'start.request_received_date', label: 'Integration request received', section: 'start', kind: 'date' },
  { path: 'start.cis_referral_date', label: 'Referred by CIS to Health Registries', section: 'start', kind: 'date' },
  // Recorded through `questionnaire.provide` (after the kick-off), never typed into the form.
  { path: 'start.questionnaire_provided_date', label: 'Gap analysis provided to the partner', section: 'start', kind: 'date', readOnly: true },
  { path: 'application.name', label: 'Application name', section: 'application', kind: 'text', maxLength: 300 },
  { path: 'application.vendor', label: 'Vendor', section: 'application', kind: 'text' },
  { path: 'application.version', label: 'Version', section: 'application', kind: 'text' },
  { path: 'application.hosting', label: 'Hosting', section: 'application', kind: 'enum', options: HOSTING_MODELS },
  { path: 'integration.standard', label: 'Standard', section: 'integration', kind: 'enum', options: INTEGRATION_STANDARDS },
  { path: 'integration.type', label: 'Integration type', section: 'integration', kind: 'enum', options: INTEGRATION_TYPES },
  {
    path: 'integration.transactions',
    label: 'PCR transactions requested',
    section: 'integration',
    kind: 'set',
    options: PCR_TRANSACTIONS.map((t) => ({ value: t.key, label: t.name })),
  },
  {
    path: 'integration.environments',
    label: 'HCIM environments needed',
    section: 'integration',
    kind: 'set',
    options: HCIM_ENVIRONMENTS.map((e) => ({ value: e.key, label: e.name })),
  },
  { path: 'volumes.daily_transactions', label: 'Transactions per day', section: 'volumes', kind: 'integer' },
  { path: 'volumes.peak_per_hour', label: 'Peak transactions per hour', section: 'volumes', kind: 'integer' },
  { path: 'volumes.users', label: 'Point-of-service users', section: 'volumes', kind: 'integer' },
  ...leadFields,
  { path: 'targets.kickoff_date', label: 'Kick-off', section: 'targets', kind: 'date' },
  { path: 'targets.conformance_date', label: 'Conformance testing', section: 'targets', kind: 'date' },
  { path: 'targets.go_live_date', label: 'Go-live', section: 'targets', kind: 'date' },
  {
    path: 'status.phase',
    label: 'Phase',
    section: 'status',
    kind: 'enum',
    readOnly: true,
    options: STAGE_KEYS.map((s) => ({ value: s, label: phaseLabel(s) })),
  },
  { path: 'status.rag', label: 'RAG status', section: 'status', kind: 'enum', options: RAG_STATUSES },
  { path: 'status.summary', label: 'Status summary', section: 'status', kind: 'longtext', maxLength: 20_000 },
  {
    path: 'flags.integration_development_required',
    label: 'Integration development required',
    section: 'status',
    kind: 'boolean',
  },
  { path: 'flags.dq_process_required', label: 'DQ process required', section: 'status', kind: 'boolean' },
];

const byPath = new Map(DOSSIER_FIELDS.map((f) => [f.path, f]));

export function findField(path: string): FieldDef | undefined {
  return byPath.get(path);
}

export const SCALAR_FIELDS = DOSSIER_FIELDS.filter((f) => f.kind !== 'set');
export const SET_FIELDS = DOSSIER_FIELDS.filter((f) => f.kind === 'set');

export function optionLabel(def: FieldDef, value: string): string {
  return def.options?.find((o) => o.value === value)?.label ?? value;
}
