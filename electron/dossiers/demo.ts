/**
 * Demo dossiers that obey the workflow (issue #14): each one's activities, start events, gap
 * analysis and deployment plan match its phase; dates are spread over the past months in process
 * order (prerequisites first, nothing completed in the future); several people act. A Live demo
 * dossier passes every gate it went through. Seeding runs in one transaction per batch.
 */
import type { FieldValues } from '../../shared/dossier/values';
import { ACTIVITIES, PHASE_KEYS, STAGE_KEYS, type ActivityKey, type Stage } from '../../shared/workflow/definition';
import { ACTIVITY_PREREQUISITES } from '../../shared/workflow/rules';
import { addDays } from '../../shared/deployment-plan/time';
import { localIsoDate } from '../../shared/dates';
import type { Change } from '../store/store';
import { createDossiers, type ServiceContext } from './service';
import { VOLUME2_TEMPLATE_ID, type TemplateLibrary } from '../questionnaire/templates';
import { demoGapAnalysisChanges } from '../questionnaire/demo';
import { loadPlanDefaults, startChanges } from '../deployment-plan/defaults';
import type { PlanDefaults } from '../../shared/deployment-plan/defaults';
import type { QuestionnaireTemplate } from '../../shared/questionnaire/template';

export interface DemoContext extends ServiceContext {
  templates: TemplateLibrary;
}

/** Named partners first, then plausible community partners built from BC places and kinds. */
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
const PLACES = [
  'Abbotsford', 'Armstrong', 'Burns Lake', 'Campbell River', 'Castlegar', 'Chilliwack', 'Comox Valley', 'Courtenay', 'Creston', 'Dawson Creek',
  'Fernie', 'Fort St. John', 'Golden', 'Grand Forks', 'Hope', 'Houston', 'Invermere', 'Kamloops', 'Kimberley', 'Kitimat', 'Ladysmith',
  'Langley', 'Lillooet', 'Maple Ridge', 'Merritt', 'Mission', 'Nanaimo', 'New Westminster', 'Oliver', 'Osoyoos', 'Parksville', 'Port Alberni',
  'Port Hardy', 'Powell River', 'Prince Rupert', 'Qualicum Beach', 'Quesnel', 'Revelstoke', 'Salmon Arm', 'Sechelt', 'Smithers', 'Sooke',
  'Squamish', 'Summerland', 'Terrace', 'Tofino', 'Trail', 'Vanderhoof', 'Vernon', 'Whistler', 'Williams Lake', 'Ucluelet',
];
const KINDS: [string, string][] = [
  ['Family Practice', 'community_clinic'],
  ['Medical Clinic', 'community_clinic'],
  ['Primary Care Network', 'community_clinic'],
  ['Urgent and Primary Care Centre', 'community_clinic'],
  ['Community Health Centre', 'community_clinic'],
  ['Pharmacy', 'pharmacy'],
  ['Apothecary', 'pharmacy'],
  ['Medical Laboratory', 'laboratory'],
  ['Imaging and Lab Services', 'laboratory'],
  ['Health Society', 'community_clinic'],
  ['Nurse Practitioner Clinic', 'community_clinic'],
  ['Midwifery Collective', 'community_clinic'],
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
/** Who does each activity, by the role that owns it. */
const ROLE_PEOPLE: Record<string, readonly string[]> = {
  moh_registries_manager: MANAGERS,
  moh_registries_admin: ['Priya Grewal', 'Marc-André Roy'],
  moh_dq_team: ['Gwen Peters', 'Raj Malhotra'],
  cgi_business_support_lead: LEADS,
  cgi_technical_team: ['Kenji Watanabe', 'Fatima Haddad', 'Ben Okafor'],
  cgi_operations_team: ['Sofia Lindqvist', 'Dev Kapoor'],
  cis: ['Naomi Charlie', 'Greg Ostrowski'],
};

/** Days each activity takes after its prerequisites (and the referral, for the first). */
const DURATIONS: Record<ActivityKey, number> = {
  kickoff: 18,
  analysis_design: 24,
  develop_integration: 35,
  test_environment: 21,
  dq_process: 20,
  conformance_testing: 30,
  ministry_requirements: 55,
  deployment_planning: 18,
  go_live: 9,
};
/** How long ago the integration request came in, by the phase the dossier has reached. */
const AGE_RANGE: Record<Stage, [number, number]> = { intake: [12, 60], implementation: [75, 170], deployment: [190, 300], live: [320, 540] };

function pick<T>(list: readonly T[], i: number): T {
  return list[((i % list.length) + list.length) % list.length]!;
}

/** A small deterministic spread (0..n-1) per dossier and purpose. */
function spread(i: number, salt: number, n: number): number {
  let h = (i + 1) * 2654435761 + salt * 40503;
  h = Math.imul(h ^ (h >>> 15), 2246822519);
  h = Math.imul(h ^ (h >>> 13), 3266489917);
  return ((h ^ (h >>> 16)) >>> 0) % n;
}

function organization(i: number): [string, string, string] {
  if (i < ORGANIZATIONS.length) return ORGANIZATIONS[i]!;
  const k = i - ORGANIZATIONS.length;
  const place = pick(PLACES, k);
  const [kind, type] = pick(KINDS, Math.floor(k / PLACES.length) + k);
  return [`${place} ${kind}`, type, place];
}

function stageOf(i: number): Stage {
  return i % 7 === 6 ? 'live' : pick(PHASE_KEYS, i);
}

interface Timeline {
  received: string;
  referred: string;
  /** When each activity is (or was) planned to finish, prerequisites first. */
  finish: Record<ActivityKey, string>;
}

function timeline(i: number, stage: Stage, today: string, flags: { dev: boolean; dq: boolean }): Timeline {
  const [low, high] = AGE_RANGE[stage];
  const received = addDays(today, -(low + spread(i, 1, high - low)));
  const referred = addDays(received, 2 + spread(i, 2, 8));
  const finish = {} as Record<ActivityKey, string>;
  for (const def of ACTIVITIES) {
    const skipped = (def.key === 'develop_integration' && !flags.dev) || (def.key === 'dq_process' && !flags.dq);
    const after = ACTIVITY_PREREQUISITES[def.key].map((k) => finish[k]!).reduce((a, b) => (a > b ? a : b), referred);
    finish[def.key] = skipped ? after : addDays(after, Math.round(DURATIONS[def.key] * (0.7 + spread(i, 10 + ACTIVITIES.indexOf(def), 60) / 100)));
  }
  return { received, referred, finish };
}

export function demoValues(i: number, now: Date = new Date()): { values: FieldValues; stage: Stage } {
  return demoPlan(i, localIsoDate(now)).item;
}

interface DemoPlan {
  item: { values: FieldValues; stage: Stage };
  timeline: Timeline;
}

function demoPlan(i: number, today: string): DemoPlan {
  const [org, type, city] = organization(i);
  const [app, vendor] = pick(APPLICATIONS, Math.floor(i / 3) + i);
  const stage = stageOf(i);
  const sponsor = pick(PEOPLE, i + 2);
  const active = i % 3 !== 0;
  const flags = { dev: active, dq: active && i % 2 === 0 };
  const t = timeline(i, stage, today, flags);
  // The go-live target: the actual day once live; otherwise the plan, moved out when it slipped.
  const goLive = stage === 'live' || t.finish.go_live > today ? t.finish.go_live : addDays(today, 21 + spread(i, 3, 120));
  const conformance = t.finish.conformance_testing < goLive ? t.finish.conformance_testing : addDays(goLive, -14);
  const values: FieldValues = {
    'organization.legal_name': org,
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
    'start.request_received_date': t.received,
    'start.cis_referral_date': t.referred,
    'targets.kickoff_date': t.finish.kickoff,
    'targets.conformance_date': conformance,
    'targets.go_live_date': goLive,
    'status.rag': stage === 'live' ? 'green' : pick(['green', 'green', 'green', 'amber', 'green', 'red', 'amber'], i + spread(i, 4, 7)),
    'flags.integration_development_required': flags.dev,
    'flags.dq_process_required': flags.dq,
    'status.phase': stage,
  };
  return { item: { values, stage }, timeline: t };
}

interface ActivityOutcome {
  status: 'done' | 'in_progress' | 'not_started' | 'blocked';
  completed?: string;
  due?: string;
}

/**
 * What each activity looks like today: phases passed are done on their planned day; in the
 * current phase an activity is done when its day has passed and its prerequisites are done,
 * in flight (sometimes blocked, sometimes overdue) when they are, and waiting otherwise.
 */
function activityOutcomes(i: number, stage: Stage, t: Timeline, today: string): Map<ActivityKey, ActivityOutcome> {
  const stageIndex = STAGE_KEYS.indexOf(stage);
  const outcomes = new Map<ActivityKey, ActivityOutcome>();
  const done = (k: ActivityKey) => outcomes.get(k)?.status === 'done';
  for (const def of ACTIVITIES) {
    const phaseIndex = PHASE_KEYS.indexOf(def.phase);
    const day = t.finish[def.key];
    const ready = ACTIVITY_PREREQUISITES[def.key].every(done);
    if (phaseIndex < stageIndex || stage === 'live') {
      outcomes.set(def.key, { status: 'done', completed: day < today ? day : today, due: day });
    } else if (phaseIndex === stageIndex && ready && day < today && def.key !== 'go_live') {
      outcomes.set(def.key, { status: 'done', completed: day, due: day });
    } else if (phaseIndex === stageIndex && ready) {
      // Overdue by a varied number of days for some, due ahead for others.
      const due = day < today ? addDays(today, spread(i, 20 + ACTIVITIES.indexOf(def), 5) === 0 ? -(3 + spread(i, 30, 40)) : 4 + spread(i, 31, 30)) : day;
      outcomes.set(def.key, { status: spread(i, 40 + ACTIVITIES.indexOf(def), 9) === 0 ? 'blocked' : 'in_progress', due });
    } else {
      outcomes.set(def.key, { status: 'not_started', ...(phaseIndex <= stageIndex + 1 ? { due: day > today ? day : addDays(today, 14 + spread(i, 50, 40)) } : {}) });
    }
  }
  return outcomes;
}

function activityChanges(
  ctx: ServiceContext,
  dossierId: string,
  outcomes: Map<ActivityKey, ActivityOutcome>,
  i: number,
  received: string,
): { actor: string; changes: Change[] }[] {
  const rows = ctx.store.prepare('SELECT id, key FROM activities WHERE dossier_id = ?').all(dossierId) as { id: string; key: ActivityKey }[];
  return rows.map((row) => {
    const def = ACTIVITIES.find((a) => a.key === row.key)!;
    const assignee = pick(ROLE_PEOPLE[def.ownerRole] ?? PEOPLE, i + ACTIVITIES.indexOf(def));
    const outcome = outcomes.get(row.key)!;
    const changes: Change[] = [];
    const set = (field: string, value: string) => changes.push({ entity: 'activities', rowId: row.id, field, value, dossierId });
    set('assignee', assignee);
    if (outcome.status !== 'not_started') set('status', outcome.status);
    if (outcome.due) set('due_date', outcome.due < received ? received : outcome.due);
    if (outcome.completed) set('completed_date', outcome.completed);
    if (outcome.status === 'blocked') set('notes', 'Waiting on the partner: firewall change request not yet approved by their IT.');
    return { actor: assignee, changes };
  });
}

/** How far the gap analysis has come, by phase: answers through Implementation, fully assessed before Deployment. */
function gapAnalysisShare(stage: Stage, i: number): { answered: number; assessed: number } {
  switch (stage) {
    case 'intake':
      return { answered: 0.15 + spread(i, 60, 30) / 100, assessed: 0 };
    case 'implementation':
      return { answered: 0.7 + spread(i, 61, 31) / 100, assessed: 0.2 + spread(i, 62, 50) / 100 };
    default:
      return { answered: 1, assessed: 1 };
  }
}

export function seedDemo(ctx: DemoContext, count: number, startAt = 0): number {
  const today = (ctx.today ?? (() => localIsoDate()))();
  const template = ctx.templates.latest(VOLUME2_TEMPLATE_ID);
  let defaults: PlanDefaults | undefined;
  const planDefaults = () => (defaults ??= loadPlanDefaults(ctx.templates.dir));
  const plans = Array.from({ length: count }, (_, k) => demoPlan(startAt + k, today));
  for (let from = 0; from < plans.length; from += SEED_BATCH) {
    ctx.store.transaction(() => plans.slice(from, from + SEED_BATCH).forEach((plan, k) => seedOne(ctx, plan, startAt + from + k, today, template, planDefaults)));
  }
  ctx.store.optimize();
  return count;
}

/** Dossiers written per transaction: one commit per batch, and a bounded write-ahead log. */
const SEED_BATCH = 250;

function seedOne(ctx: DemoContext, plan: DemoPlan, i: number, today: string, template: QuestionnaireTemplate, planDefaults: () => PlanDefaults): void {
  const { values, stage } = plan.item;
  const lead = values['leads.cgi_business_support_lead'] as string;
  const [id] = createDossiers({ ...ctx, actor: pick(ROLE_PEOPLE.cis!, i) }, [values]);
  const dossierId = id!;
  ctx.store.write(pick(ROLE_PEOPLE.cis!, i), [{ entity: 'dossiers', rowId: dossierId, field: 'created_at', value: `${plan.timeline.received}T17:00:00.000Z`, dossierId }]);
  const outcomes = activityOutcomes(i, stage, plan.timeline, today);
  for (const part of activityChanges(ctx, dossierId, outcomes, i, plan.timeline.received)) ctx.store.write(part.actor, part.changes);

  const kickoff = outcomes.get('kickoff')!;
  const providedOn = kickoff.completed ? addDays(kickoff.completed, 1 + spread(i, 70, 5)) : null;
  if (providedOn && providedOn <= today) {
    ctx.store.write(pick(ROLE_PEOPLE.cis!, i), [{ entity: 'dossiers', rowId: dossierId, field: 'start__questionnaire_provided_date', value: providedOn, dossierId }]);
    const share = gapAnalysisShare(stage, i);
    const changes = demoGapAnalysisChanges(template, {
      dossierId,
      seed: i,
      ...share,
      providedOn,
      today,
      severeGapsSettled: stage === 'deployment' || stage === 'live',
      remediationOwners: [values['contacts.technical_lead.name'] as string, `${String(values['organization.legal_name']).split(' ')[0]} IT security`],
    });
    ctx.store.write(lead, changes);
  }
  if (stage === 'deployment' || stage === 'live') {
    const startedOn = outcomes.get('conformance_testing')!.completed ?? today;
    ctx.store.write(lead, startChanges({ id: dossierId, fields: values }, planDefaults(), startedOn));
  }
}
