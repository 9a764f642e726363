/**
 * Workflow rules as data (issue #13): which activities must be done before another may be done,
 * from which phase each may be completed, and the date rules. One evaluation serves both uses:
 * refusing a change that would break a rule, and reporting stored data that already breaks one
 * (reported, never rewritten).
 */
import type { FieldValues } from '../dossier/values';
import { findField } from '../dossier/fields';
import {
  ACTIVITY_STATUS_LABELS,
  PHASE_KEYS,
  STAGE_KEYS,
  activityDefinition,
  phaseLabel,
  type ActivityKey,
  type ActivityStatus,
  type PhaseKey,
  type Stage,
} from './definition';

/**
 * What must be done (or not required) before an activity may be marked done. From the seed
 * process: analysis and design follows the kick-off; development follows design; the DQ team
 * sets its requirements once the design is known; conformance testing needs the test environment,
 * the integration developed and the DQ requirements (each when required); deployment planning
 * follows conformance testing; go-live comes last.
 */
export const ACTIVITY_PREREQUISITES: Record<ActivityKey, readonly ActivityKey[]> = {
  kickoff: [],
  analysis_design: ['kickoff'],
  develop_integration: ['analysis_design'],
  test_environment: ['kickoff'],
  dq_process: ['analysis_design'],
  conformance_testing: ['test_environment', 'develop_integration', 'dq_process'],
  ministry_requirements: ['kickoff'],
  deployment_planning: ['conformance_testing'],
  go_live: ['kickoff', 'analysis_design', 'develop_integration', 'test_environment', 'dq_process', 'conformance_testing', 'ministry_requirements', 'deployment_planning'],
};

/** The first phase in which an activity may be completed: its own phase (go-live only in Deployment). */
export function completableFrom(key: ActivityKey): PhaseKey {
  return activityDefinition(key).phase;
}

/** Target dates that must follow one another, in phase order. */
export const TARGET_ORDER = ['targets.kickoff_date', 'targets.conformance_date', 'targets.go_live_date'] as const;
/** Start events that must follow one another and lie in the past. */
export const START_EVENT_ORDER = ['start.request_received_date', 'start.cis_referral_date'] as const;
export const QUESTIONNAIRE_PROVIDED = 'start.questionnaire_provided_date';

export type RuleKind =
  | 'prerequisite'
  | 'phase'
  | 'completed_in_future'
  | 'due_before_intake'
  | 'target_order'
  | 'start_event_order'
  | 'start_event_in_future'
  | 'questionnaire_before_kickoff';

export interface RuleFinding {
  rule: RuleKind;
  /** The activity the finding is about (the one that may not be done yet). */
  activity?: ActivityKey;
  /** The activity that stands in the way (a prerequisite still open). */
  blocking?: ActivityKey;
  /** The dossier fields the finding is about. */
  paths?: string[];
  message: string;
}

export interface RuleActivity {
  key: ActivityKey;
  /** The effective status (not_required when the dossier's flags switch it off). */
  status: ActivityStatus;
  due_date: string | null;
  completed_date: string | null;
}

export interface RuleState {
  stage: Stage;
  fields: FieldValues;
  activities: RuleActivity[];
  today: string;
  /** The day the dossier was created (local date), used when the request date is not recorded. */
  createdOn: string;
}

const label = (key: ActivityKey) => activityDefinition(key).label;
const fieldLabel = (path: string) => findField(path)?.label ?? path;
const dateOf = (fields: FieldValues, path: string): string | null => {
  const value = fields[path];
  return typeof value === 'string' && value !== '' ? value : null;
};

/** The dossier's intake date: the day the integration request was received, else the day it was opened. */
export function intakeDate(state: Pick<RuleState, 'fields' | 'createdOn'>): string {
  return dateOf(state.fields, 'start.request_received_date') ?? state.createdOn;
}

function activityFindings(state: RuleState, activity: RuleActivity): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const byKey = new Map(state.activities.map((a) => [a.key, a]));
  const name = label(activity.key);
  if (activity.status === 'done') {
    for (const before of ACTIVITY_PREREQUISITES[activity.key]) {
      const prerequisite = byKey.get(before);
      if (!prerequisite || prerequisite.status === 'done' || prerequisite.status === 'not_required') continue;
      findings.push({
        rule: 'prerequisite',
        activity: activity.key,
        blocking: before,
        message: `${name} needs ${label(before)} done first (it is ${ACTIVITY_STATUS_LABELS[prerequisite.status].toLowerCase()}).`,
      });
    }
    const from = completableFrom(activity.key);
    if (STAGE_KEYS.indexOf(state.stage) < PHASE_KEYS.indexOf(from)) {
      findings.push({
        rule: 'phase',
        activity: activity.key,
        message: `${name} can be completed only from ${phaseLabel(from)} on; the dossier is in ${phaseLabel(state.stage)}.`,
      });
    }
  }
  if (activity.completed_date !== null && activity.completed_date > state.today) {
    findings.push({
      rule: 'completed_in_future',
      activity: activity.key,
      message: `${name}: the completed date ${activity.completed_date} is in the future (today is ${state.today}).`,
    });
  }
  const intake = intakeDate(state);
  if (activity.due_date !== null && activity.status !== 'not_required' && activity.due_date < intake) {
    findings.push({
      rule: 'due_before_intake',
      activity: activity.key,
      message: `${name}: the due date ${activity.due_date} is before the dossier's intake date ${intake}.`,
    });
  }
  return findings;
}

function orderFindings(fields: FieldValues, order: readonly string[], rule: RuleKind): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (let i = 0; i < order.length; i++) {
    const earlier = dateOf(fields, order[i]!);
    if (earlier === null) continue;
    for (let j = i + 1; j < order.length; j++) {
      const later = dateOf(fields, order[j]!);
      if (later === null || later >= earlier) continue;
      findings.push({
        rule,
        paths: [order[i]!, order[j]!],
        message: `${fieldLabel(order[j]!)} (${later}) is before ${fieldLabel(order[i]!)} (${earlier}).`,
      });
    }
  }
  return findings;
}

function fieldFindings(state: RuleState): RuleFinding[] {
  const { fields, today } = state;
  const findings = [
    ...orderFindings(fields, TARGET_ORDER, 'target_order').map((f) => ({ ...f, message: `Target dates out of phase order: ${f.message}` })),
    ...orderFindings(fields, START_EVENT_ORDER, 'start_event_order'),
  ];
  for (const path of [...START_EVENT_ORDER, QUESTIONNAIRE_PROVIDED]) {
    const value = dateOf(fields, path);
    if (value !== null && value > today) {
      findings.push({ rule: 'start_event_in_future', paths: [path], message: `${fieldLabel(path)} (${value}) is in the future (today is ${today}).` });
    }
  }
  const provided = dateOf(fields, QUESTIONNAIRE_PROVIDED);
  if (provided !== null) {
    const kickoff = state.activities.find((a) => a.key === 'kickoff');
    if (kickoff?.status !== 'done') {
      findings.push({ rule: 'questionnaire_before_kickoff', paths: [QUESTIONNAIRE_PROVIDED], blocking: 'kickoff', message: `${fieldLabel(QUESTIONNAIRE_PROVIDED)} is recorded but the kick-off is not done.` });
    } else if (kickoff.completed_date !== null && provided < kickoff.completed_date) {
      findings.push({
        rule: 'questionnaire_before_kickoff',
        paths: [QUESTIONNAIRE_PROVIDED],
        blocking: 'kickoff',
        message: `${fieldLabel(QUESTIONNAIRE_PROVIDED)} (${provided}) is before the kick-off was completed (${kickoff.completed_date}).`,
      });
    }
  }
  return findings;
}

/** Every rule the dossier's recorded data breaks. */
export function workflowFindings(state: RuleState): RuleFinding[] {
  return [...state.activities.flatMap((a) => activityFindings(state, a)), ...fieldFindings(state)];
}

const sameFinding = (a: RuleFinding, b: RuleFinding) => a.rule === b.rule && a.message === b.message;

/**
 * What a proposed change to one activity would break that was not broken before: the change is
 * refused for these. Findings already in the stored data are left to the report.
 */
export function activityChangeRefusals(before: RuleState, activity: ActivityKey, next: Omit<RuleActivity, 'key'>): RuleFinding[] {
  const after: RuleState = { ...before, activities: before.activities.map((a) => (a.key === activity ? { key: activity, ...next } : a)) };
  const existing = workflowFindings(before);
  return workflowFindings(after).filter((f) => f.activity === activity && !existing.some((e) => sameFinding(e, f)));
}

/** What a change of dossier fields would break that was not broken before, among the fields it changes. */
export function fieldChangeRefusals(before: RuleState, changes: FieldValues): RuleFinding[] {
  const after: RuleState = { ...before, fields: { ...before.fields, ...changes } };
  const changed = new Set(Object.keys(changes));
  const existing = workflowFindings(before);
  return workflowFindings(after).filter(
    (f) => f.activity === undefined && (f.paths ?? []).some((p) => changed.has(p)) && !existing.some((e) => sameFinding(e, f)),
  );
}

/** The activities that stand in the way, named once each, in workflow order. */
export function blockingActivities(findings: RuleFinding[]): ActivityKey[] {
  return [...new Set(findings.flatMap((f) => (f.blocking ? [f.blocking] : [])))];
}
