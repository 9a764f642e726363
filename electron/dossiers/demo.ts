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
import type { ParticipantRole } from '../../shared/workflow/roles';
import { loadCatalogue } from '../conformance/catalogue';
import type { Catalogue } from '../../shared/conformance/catalogue';
import { demoRiskAcceptance, demoSigners, writeDemoConformance, writeDemoPackage, type DemoSigner } from './demoRecords';

export interface DemoContext extends ServiceContext {
  templates: TemplateLibrary;
  /** Where the keyring is: the demo's ephemeral signing keys are trusted there. */
  keys?: { keysDir: string } | undefined;
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
const AGE_RANGE: Record<Stage, [number, number]> = { intake: [4, 45], implementation: [75, 170], deployment: [190, 300], live: [320, 540] };

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
  const referred = earlier(today, addDays(received, 2 + spread(i, 2, 8)));
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
  // Two partners in three integrate actively (hashed, so every phase has both kinds); half of those need the DQ process.
  const active = spread(i, 5, 3) !== 0;
  const flags = { dev: active, dq: active && spread(i, 6, 2) === 0 };
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
 * A due date for open work, spread so every role's queue has some overdue, some due this week and
 * more later: about three in ten overdue (by 1 to 35 days), two in ten this week, the rest later.
 */
function openDue(i: number, salt: number, planned: string, today: string): string {
  const r = spread(i, salt, 10);
  if (r < 3) return addDays(today, -(1 + spread(i, salt + 1, 35)));
  if (r < 5) return addDays(today, spread(i, salt + 2, 7));
  return planned > addDays(today, 7) ? planned : addDays(today, 7 + spread(i, salt + 3, 60));
}

/**
 * What each activity looks like today: phases passed are done on their planned day; in the
 * current phase an activity is done when its day has passed and its prerequisites are done,
 * in flight (sometimes blocked) when they are, and waiting otherwise; open work is due over the
 * past weeks and the coming months.
 */
function activityOutcomes(i: number, stage: Stage, t: Timeline, today: string): Map<ActivityKey, ActivityOutcome> {
  const stageIndex = STAGE_KEYS.indexOf(stage);
  const outcomes = new Map<ActivityKey, ActivityOutcome>();
  const done = (k: ActivityKey) => outcomes.get(k)?.status === 'done';
  for (const def of ACTIVITIES) {
    const n = ACTIVITIES.indexOf(def);
    const phaseIndex = PHASE_KEYS.indexOf(def.phase);
    const day = t.finish[def.key];
    const ready = ACTIVITY_PREREQUISITES[def.key].every(done);
    if (phaseIndex < stageIndex || stage === 'live') {
      outcomes.set(def.key, { status: 'done', completed: day < today ? day : today, due: day });
    } else if (phaseIndex === stageIndex && ready && day < today && def.key !== 'go_live') {
      outcomes.set(def.key, { status: 'done', completed: day, due: day });
    } else if (phaseIndex === stageIndex && ready) {
      outcomes.set(def.key, { status: spread(i, 40 + n, 9) === 0 ? 'blocked' : 'in_progress', due: openDue(i, 100 + 10 * n, day, today) });
    } else {
      outcomes.set(def.key, { status: 'not_started', ...(phaseIndex <= stageIndex + 1 ? { due: openDue(i, 200 + 10 * n, day, today) } : {}) });
    }
  }
  return outcomes;
}

/** Who does an activity: one of the people of its owner role. */
const assigneeOf = (key: ActivityKey, i: number) => {
  const def = ACTIVITIES.find((a) => a.key === key)!;
  return pick(ROLE_PEOPLE[def.ownerRole] ?? PEOPLE, i + ACTIVITIES.indexOf(def));
};

/** A time of day on a date, varied per dossier so the History does not read as one minute. */
function at(day: string, i: number, salt: number): string {
  const minutes = 15 * 60 + spread(i, salt, 9 * 60);
  return `${day}T${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00.000Z`;
}
const earlier = (a: string, b: string) => (a < b ? a : b);
const later = (a: string, b: string) => (a > b ? a : b);

function activityChanges(
  ctx: ServiceContext,
  dossierId: string,
  outcomes: Map<ActivityKey, ActivityOutcome>,
  i: number,
  received: string,
  today: string,
): { actor: string; at: string; changes: Change[] }[] {
  const rows = ctx.store.prepare('SELECT id, key FROM activities WHERE dossier_id = ?').all(dossierId) as { id: string; key: ActivityKey }[];
  return rows.map((row) => {
    const n = ACTIVITIES.findIndex((a) => a.key === row.key);
    const assignee = assigneeOf(row.key, i);
    const outcome = outcomes.get(row.key)!;
    const changes: Change[] = [];
    const set = (field: string, value: string) => changes.push({ entity: 'activities', rowId: row.id, field, value, dossierId });
    // About one open activity in three waits for someone of its role to take it.
    const unassigned = outcome.status !== 'done' && spread(i, 80 + n, 3) === 0;
    if (!unassigned) set('assignee', assignee);
    if (outcome.status !== 'not_started') set('status', outcome.status);
    const due = outcome.due && outcome.due < received ? received : outcome.due;
    if (due) set('due_date', due);
    if (outcome.completed) set('completed_date', outcome.completed);
    if (outcome.status === 'blocked') set('notes', 'Waiting on the partner: firewall change request not yet approved by their IT.');
    const day = outcome.completed ?? earlier(today, later(received, addDays(due ?? today, -21)));
    const actor = unassigned ? pick(LEADS, i) : assignee;
    return { actor, at: at(day, i, 300 + n), changes };
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

/** Who signs in the demo: managers (package approvals, risk acceptance), leads (package approvals) and CIS (interface and package approvals). */
const SIGNING_PEOPLE: { name: string; role: ParticipantRole }[] = [
  ...MANAGERS.map((name) => ({ name, role: 'moh_registries_manager' as const })),
  ...LEADS.map((name) => ({ name, role: 'cgi_business_support_lead' as const })),
  ...ROLE_PEOPLE.cis!.map((name) => ({ name, role: 'cis' as const })),
];

interface SeedRun {
  today: string;
  template: QuestionnaireTemplate;
  planDefaults: () => PlanDefaults;
  signers: Map<string, DemoSigner>;
  /** Signed risk acceptances still to place (one per seeding run). */
  acceptances: number;
  catalogue: () => Catalogue;
}

export function seedDemo(ctx: DemoContext, count: number, startAt = 0): number {
  const today = (ctx.today ?? (() => localIsoDate()))();
  let defaults: PlanDefaults | undefined;
  let catalogue: Catalogue | undefined;
  const run: SeedRun = {
    today,
    template: ctx.templates.latest(VOLUME2_TEMPLATE_ID),
    planDefaults: () => (defaults ??= loadPlanDefaults(ctx.templates.dir)),
    // Ephemeral keys, trusted here for their roles; the private keys end with this call.
    signers: demoSigners(SIGNING_PEOPLE, ctx.keys?.keysDir, new Date()),
    acceptances: 1,
    catalogue: () => (catalogue ??= loadCatalogue(ctx.templates.dir)),
  };
  const plans = Array.from({ length: count }, (_, k) => demoPlan(startAt + k, today));
  for (let from = 0; from < plans.length; from += SEED_BATCH) {
    ctx.store.transaction(() => plans.slice(from, from + SEED_BATCH).forEach((plan, k) => seedOne(ctx, plan, startAt + from + k, run)));
  }
  ctx.store.optimize();
  return count;
}

/** Dossiers written per transaction: one commit per batch, and a bounded write-ahead log. */
const SEED_BATCH = 250;

/** The gap fields a risk acceptance sets: written by the manager who accepts, apart from the gap analysis. */
const ACCEPTANCE_FIELDS = new Set(['status', 'accepted_by', 'accepted_role', 'accepted_date', 'acceptance_justification', 'acceptance_conditions', 'acceptance_expires', 'accepted_at', 'acceptance_key_id', 'acceptance_public_key', 'acceptance_signature', 'closed_at']);
/** What the reviewer writes; the lead enters the partner's answers. */
const REVIEWER_FIELDS = new Set(['assessment', 'reviewer_comment']);

function seedOne(ctx: DemoContext, plan: DemoPlan, i: number, run: SeedRun): void {
  const { today } = run;
  const { values, stage } = plan.item;
  const t = plan.timeline;
  const lead = values['leads.cgi_business_support_lead'] as string;
  const manager = values['leads.moh_registries_manager'] as string;
  const cis = pick(ROLE_PEOPLE.cis!, i);
  const [dossierId] = createDossiers({ ...ctx, actor: cis }, [values], new Date(at(t.received, i, 1)));
  const id = dossierId!;
  const outcomes = activityOutcomes(i, stage, t, today);
  for (const part of activityChanges(ctx, id, outcomes, i, t.received, today)) ctx.store.write(part.actor, part.changes, { at: part.at });

  const kickoff = outcomes.get('kickoff')!;
  const providedOn = kickoff.completed ? addDays(kickoff.completed, 1 + spread(i, 70, 5)) : null;
  if (providedOn && providedOn <= today) {
    ctx.store.write(cis, [{ entity: 'dossiers', rowId: id, field: 'start__questionnaire_provided_date', value: providedOn, dossierId: id }], { at: at(providedOn, i, 2) });
    const settled = stage === 'deployment' || stage === 'live';
    const acceptedOn = earlier(today, addDays(providedOn, 120));
    const changes = demoGapAnalysisChanges(run.template, {
      dossierId: id,
      seed: i,
      ...gapAnalysisShare(stage, i),
      providedOn,
      today,
      severeGapsSettled: settled,
      remediationOwners: [values['contacts.technical_lead.name'] as string, `${String(values['organization.legal_name']).split(' ')[0]} IT security`],
      acceptRisk: (gap) => {
        const signer = run.signers.get(manager);
        if (run.acceptances === 0 || !signer) return null;
        run.acceptances -= 1;
        return demoRiskAcceptance(signer, { dossierId: id, ...gap }, acceptedOn, addDays(today, 150));
      },
    });
    const accepted = changes.filter((c) => c.entity === 'gaps' && ACCEPTANCE_FIELDS.has(c.field) && changes.some((a) => a.rowId === c.rowId && a.field === 'acceptance_signature'));
    const reviewed = changes.filter((c) => !accepted.includes(c) && (c.entity === 'gaps' || REVIEWER_FIELDS.has(c.field)));
    const entered = changes.filter((c) => !accepted.includes(c) && !reviewed.includes(c));
    ctx.store.write(lead, entered, { at: at(earlier(today, addDays(providedOn, 12 + spread(i, 71, 10))), i, 3) });
    if (reviewed.length) ctx.store.write(pick(ROLE_PEOPLE.moh_registries_admin!, i), reviewed, { at: at(earlier(today, addDays(providedOn, 25 + spread(i, 72, 10))), i, 4) });
    if (accepted.length) ctx.store.write(manager, accepted, { at: at(acceptedOn, i, 5) });
  }
  seedConformance(ctx, id, values, outcomes, t, i, run);
  if (stage === 'deployment' || stage === 'live') {
    const startedOn = outcomes.get('conformance_testing')!.completed ?? today;
    ctx.store.write(lead, startChanges({ id, fields: values }, run.planDefaults(), startedOn), { at: at(startedOn, i, 6) });
  }
  const planned = outcomes.get('deployment_planning')!;
  if (planned.completed) {
    // The approval package goes out when deployment planning is done; its approvals come back before go-live.
    const exportedOn = planned.completed;
    const golive = outcomes.get('go_live')!.completed;
    const reference = (ctx.store.prepare('SELECT reference FROM dossiers WHERE id = ?').get(id) as { reference: string }).reference;
    const answered = stage === 'live' ? 3 : spread(i, 90, 4);
    const signer = (name: string, days: number) => ({ signer: run.signers.get(name)!, on: earlier(golive ?? today, addDays(exportedOn, days)) });
    const decisions = [signer(lead, 1), signer(manager, 2 + spread(i, 91, 4)), signer(cis, 1 + spread(i, 92, 4))].slice(0, answered);
    writeDemoPackage(ctx.store, { dossierId: id, reference, exportedOn, lead, decisions: decisions.filter((d) => d.signer) });
  }
}

/**
 * Conformance testing as the workflow wants it: done only with a round run in the conformance
 * environment, every required case passed and the CIS interface approval signed over it; in flight,
 * a round being run or waiting for CIS review (a reviewer named or not).
 */
function seedConformance(ctx: DemoContext, dossierId: string, values: FieldValues, outcomes: Map<ActivityKey, ActivityOutcome>, t: Timeline, i: number, run: SeedRun): void {
  const outcome = outcomes.get('conformance_testing')!;
  const startOn = addDays(ACTIVITY_PREREQUISITES.conformance_testing.map((k) => t.finish[k]).reduce(later, t.referred), 2);
  // CIS reviews the rounds and signs the interface approval (the activity itself is Health Registries').
  const reviewer = pick(ROLE_PEOPLE.cis!, i);
  const tester = values['contacts.technical_lead.name'] as string;
  if (outcome.completed) {
    const twoRounds = spread(i, 93, 3) === 0;
    const end1 = addDays(startOn, 6);
    const rounds = twoRounds
      ? [
          { startedOn: startOn, endedOn: end1, partnerTester: tester, reviewer, failed: [spread(i, 94, 50)], share: 1 },
          { startedOn: addDays(end1, 7), endedOn: addDays(outcome.completed, -2), partnerTester: tester, reviewer, failed: [], share: 1 },
        ]
      : [{ startedOn: startOn, endedOn: addDays(outcome.completed, -3), partnerTester: tester, reviewer, failed: [], share: 1 }];
    writeDemoConformance(ctx.store, run.catalogue(), { dossierId, fields: values, rounds, defect: twoRounds, approver: { signer: run.signers.get(reviewer)!, on: outcome.completed } });
    return;
  }
  if ((outcome.status !== 'in_progress' && outcome.status !== 'blocked') || startOn >= run.today) return;
  // In flight: half the rounds have ended and wait for review (due from their end), half are being run.
  const ended = spread(i, 95, 2) === 0 ? earlier(addDays(run.today, -(1 + spread(i, 96, 12))), addDays(startOn, 8)) : undefined;
  const round = {
    startedOn: startOn,
    ...(ended && ended >= startOn ? { endedOn: ended } : {}),
    partnerTester: tester,
    reviewer: spread(i, 97, 3) === 0 ? null : reviewer,
    failed: [spread(i, 98, 50)],
    share: ended && ended >= startOn ? 1 : 0.5,
  };
  writeDemoConformance(ctx.store, run.catalogue(), { dossierId, fields: values, rounds: [round], defect: false });
}
