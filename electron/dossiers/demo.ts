/** Realistic demo dossiers in every phase, for demonstrations, screenshots and benchmarks. */
import type { FieldValues } from '../../shared/dossier/values';
import { ACTIVITIES, PHASE_KEYS, type Stage } from '../../shared/workflow/definition';
import { localIsoDate } from '../../shared/dates';
import type { Change } from '../store/store';
import { createDossiers, type ServiceContext } from './service';

const ORGANIZATIONS: [string, string, string][] = [
  ['Sḵwx̱wú7mesh Úxwumixw Health Services', 'community_clinic', 'North Vancouver'],
  ['ʔaq̓am Community Health Centre', 'community_clinic', 'Cranbrook'],
  ['Interior Health Authority', 'health_authority', 'Kelowna'],
  ['Fraser Health Authority', 'health_authority', 'Surrey'],
  ['Island Health', 'health_authority', 'Victoria'],
  ['Northern Health', 'health_authority', 'Prince George'],
  ['Providence Health Care', 'health_authority', 'Vancouver'],
  ['Lheidli T’enneh Primary Care Clinic', 'community_clinic', 'Prince George'],
  ['Okanagan Valley Pharmacy Group', 'pharmacy', 'Penticton'],
  ['Coastal Lab Partners', 'laboratory', 'Burnaby'],
  ['Kootenay Family Practice Network', 'community_clinic', 'Nelson'],
  ['Nisg̱a’a Valley Health Authority', 'health_authority', 'New Aiyansh'],
  ['Cowichan Tribes Health Centre', 'community_clinic', 'Duncan'],
  ['Haida Gwaii Hospital Society', 'health_authority', 'Masset'],
  ['Pacific EMR Solutions Ltd.', 'emr_vendor', 'Vancouver'],
  ['Québec-Pacifique Santé Numérique', 'emr_vendor', 'Richmond'],
];
const APPLICATIONS: [string, string][] = [
  ['Clinic EMR', 'Pacific EMR Solutions'],
  ['Community Health Record', 'Telus Health'],
  ['Pharmacy Dispensing System', 'Kroll'],
  ['Laboratory Information System', 'Sunquest'],
  ['Patient Registration Portal', 'Nuvo Health Software'],
  ['Acute Care Clinical Information System', 'Cerner'],
  ['Mental Health Case Management', 'Carelink'],
];
const LEADS = ['Amrit Dhillon', 'Élise Tremblay', 'Jordan Whitehorse', 'Mei Chen', 'Siobhán O’Neill', 'Tomás Rivera'];
const MANAGERS = ['Harpreet Sandhu', 'Karen Lamoureux', 'Daniel Ngo'];
const PEOPLE = ['Ava Thompson', 'Noah Singh', 'Lucía Fernández', 'Liam Kwan', 'Chloé Gagnon', 'Ethan Joe', 'Maya Patel', 'Owen Sam'];

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length]!;
}

function addDays(base: Date, days: number): string {
  const d = new Date(base);
  d.setDate(d.getDate() + days);
  return localIsoDate(d);
}

export function demoValues(i: number, now: Date = new Date()): { values: FieldValues; stage: Stage } {
  const [org, type, city] = pick(ORGANIZATIONS, i);
  const [app, vendor] = pick(APPLICATIONS, i * 3 + 1);
  const stage: Stage = i % 7 === 6 ? 'live' : pick(PHASE_KEYS, i);
  const suffix = i < ORGANIZATIONS.length ? '' : ` (${Math.floor(i / ORGANIZATIONS.length) + 1})`;
  const sponsor = pick(PEOPLE, i + 2);
  const active = i % 3 !== 0;
  const values: FieldValues = {
    'organization.legal_name': `${org}${suffix}`,
    'organization.type': type,
    'organization.address.city': city,
    'organization.address.province': 'BC',
    'application.name': app,
    'application.vendor': vendor,
    'application.version': `${(i % 5) + 1}.${i % 10}`,
    'application.hosting': pick(['on_premises', 'vendor_hosted', 'public_cloud'], i),
    'integration.standard': pick(['fhir', 'hl7v3', 'both'], i),
    'integration.type': active ? 'active' : 'passive',
    'integration.transactions': active ? ['find_candidates', 'get_demographics', 'revise', 'distribution_new'] : ['find_candidates', 'get_demographics'],
    'integration.environments': ['HD4', 'HT2', 'HS1', 'HP1'],
    'contacts.sponsor.name': sponsor,
    'contacts.sponsor.email': `${sponsor.split(' ')[0]!.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}@example.org`,
    'contacts.technical_lead.name': pick(PEOPLE, i + 5),
    'volumes.daily_transactions': 500 + ((i * 737) % 20_000),
    'leads.moh_registries_manager': pick(MANAGERS, i),
    'leads.cgi_business_support_lead': pick(LEADS, i),
    'leads.cgi_technical_team': 'CGI Health Registries technical team',
    'targets.kickoff_date': addDays(now, -120 + (i % 30)),
    'targets.go_live_date': addDays(now, 30 + ((i * 11) % 200)),
    'status.rag': pick(['green', 'green', 'amber', 'red'], i),
    'flags.integration_development_required': active,
    'flags.dq_process_required': active && i % 2 === 0,
    'status.phase': stage,
  };
  return { values, stage };
}

/** Activities of phases already passed are done; the current phase has work in flight. */
function activityChanges(ctx: ServiceContext, dossierId: string, stage: Stage, i: number, now: Date): Change[] {
  const stageIndex = stage === 'live' ? 3 : PHASE_KEYS.indexOf(stage);
  const rows = ctx.store.prepare('SELECT id, key FROM activities WHERE dossier_id = ?').all(dossierId) as { id: string; key: string }[];
  const changes: Change[] = [];
  for (const row of rows) {
    const def = ACTIVITIES.find((a) => a.key === row.key)!;
    const phaseIndex = PHASE_KEYS.indexOf(def.phase);
    const set = (field: string, value: string) => changes.push({ entity: 'activities', rowId: row.id, field, value, dossierId });
    set('assignee', pick(LEADS, i + phaseIndex));
    if (phaseIndex < stageIndex) {
      set('status', 'done');
      set('completed_date', addDays(now, -60 + phaseIndex * 20));
    } else if (phaseIndex === stageIndex) {
      set('status', pick(['in_progress', 'not_started', 'done', 'blocked'], i + ACTIVITIES.indexOf(def)));
      set('due_date', addDays(now, -10 + ((i * 7 + ACTIVITIES.indexOf(def) * 5) % 40)));
    }
  }
  return changes;
}

export function seedDemo(ctx: ServiceContext, count: number, startAt = 0): number {
  const now = new Date();
  const items = Array.from({ length: count }, (_, k) => demoValues(startAt + k, now));
  ctx.store.transaction(() => {
    const ids = createDossiers(ctx, items.map((item) => item.values));
    ctx.store.write(ctx.actor, ids.flatMap((id, k) => activityChanges(ctx, id, items[k]!.stage, startAt + k, now)));
  });
  return count;
}
