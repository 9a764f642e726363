/** Phase gates: which activities apply to a dossier and what still stops it from moving on. */
import type { FieldValues } from '../dossier/values';
import { findField } from '../dossier/fields';
import {
  ACTIVITY_STATUS_LABELS,
  FINAL_STAGE,
  GATE_REQUIRED_FIELDS,
  activityDefinition,
  nextStage,
  type ActivityDefinition,
  type ActivityKey,
  type ActivityStatus,
  type Stage,
} from './definition';

export function isActivityRequired(def: ActivityDefinition, fields: FieldValues): boolean {
  return def.condition === undefined || fields[def.condition] === true;
}

export function effectiveStatus(def: ActivityDefinition, stored: ActivityStatus, fields: FieldValues): ActivityStatus {
  return isActivityRequired(def, fields) ? stored : 'not_required';
}

export function isFinished(status: ActivityStatus): boolean {
  return status === 'done' || status === 'not_required';
}

function isBlank(value: FieldValues[string] | undefined): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

export interface GateInput {
  stage: Stage;
  fields: FieldValues;
  /** Effective statuses of the dossier's activities. */
  activities: { key: ActivityKey; status: ActivityStatus }[];
  /** Reasons contributed by other capabilities (for example the gap analysis). */
  extraReasons?: string[];
}

export interface GateResult {
  phase: Stage;
  next: Stage | null;
  ok: boolean;
  reasons: string[];
}

export function evaluateGate({ stage, fields, activities, extraReasons = [] }: GateInput): GateResult {
  if (stage === FINAL_STAGE) return { phase: stage, next: null, ok: false, reasons: ['The partner is already live; there is no further phase.'] };
  const reasons: string[] = [];
  for (const activity of activities) {
    const def = activityDefinition(activity.key);
    if (def.phase !== stage || isFinished(activity.status)) continue;
    reasons.push(`${def.label} is not done (${ACTIVITY_STATUS_LABELS[activity.status].toLowerCase()}).`);
  }
  for (const path of GATE_REQUIRED_FIELDS[stage]) {
    if (isBlank(fields[path])) reasons.push(`${findField(path)?.label ?? path} is missing (${path}).`);
  }
  reasons.push(...extraReasons);
  return { phase: stage, next: nextStage(stage), ok: reasons.length === 0, reasons };
}

