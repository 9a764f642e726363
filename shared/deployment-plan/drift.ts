/**
 * Plan drift (issue #13): what a started deployment plan says that the dossier no longer agrees
 * with, after the go-live target, the environments or the transactions changed. Flagged on the
 * plan, the Process tab and generated documents; never rewritten by the workbench.
 */
import { findField, optionLabel } from '../dossier/fields';
import type { FieldValues } from '../dossier/values';

export type DriftKind = 'cutover' | 'hypercare' | 'environment' | 'scope';

export interface PlanDrift {
  kind: DriftKind;
  message: string;
}

/** The parts of a plan drift is judged on (a structural subset of DeploymentPlan). */
export interface DriftPlan {
  started: boolean;
  steps: { planned_start: string | null; planned_end: string | null }[];
  environments: { key: string; name: string; needed: boolean; status: string; certificates_on: string | null; acl_on: string | null }[];
  scope: { summary: string | null; systems: string | null };
  support: { hypercare_start: string | null };
}

const day = (dateTime: string) => dateTime.slice(0, 10);

/** A "Label: a, b" line of the templated scope, as the set of its values. */
function listedIn(text: string | null, label: string): string[] | null {
  const line = text?.split('\n').find((l) => l.trim().startsWith(`${label}:`));
  if (!line) return null;
  const values = line.slice(line.indexOf(':') + 1).trim();
  return values === '—' || values === '' ? [] : values.split(',').map((v) => v.trim());
}

function scopeDrift(plan: DriftPlan, fields: FieldValues, path: string, label: string): PlanDrift[] {
  const listed = listedIn(plan.scope.systems, label);
  if (listed === null) return [];
  const def = findField(path)!;
  const wanted = ((fields[path] as string[] | null) ?? []).map((v) => optionLabel(def, v));
  const missing = wanted.filter((w) => !listed.includes(w));
  const extra = listed.filter((l) => !wanted.includes(l));
  if (missing.length === 0 && extra.length === 0) return [];
  const parts = [...(missing.length ? [`not ${missing.join(', ')}`] : []), ...(extra.length ? [`still ${extra.join(', ')}`] : [])];
  return [{ kind: 'scope', message: `The plan's scope lists ${label} that differ from the dossier's (${parts.join('; ')}).` }];
}

export function planDrift(plan: DriftPlan, fields: FieldValues): PlanDrift[] {
  if (!plan.started) return [];
  const drift: PlanDrift[] = [];
  const goLive = (fields['targets.go_live_date'] as string | null) ?? null;
  const starts = plan.steps.flatMap((s) => (s.planned_start ? [day(s.planned_start)] : [])).sort();
  const ends = plan.steps.flatMap((s) => (s.planned_end ? [day(s.planned_end)] : s.planned_start ? [day(s.planned_start)] : [])).sort();
  if (goLive && starts.length) {
    const first = starts[0]!;
    const last = ends.at(-1) ?? first;
    if (goLive < first || goLive > last) {
      drift.push({ kind: 'cutover', message: `The cutover steps run ${first === last ? `on ${first}` : `from ${first} to ${last}`}, but the go-live target is ${goLive}.` });
    }
  }
  if (goLive && plan.support.hypercare_start && plan.support.hypercare_start < goLive) {
    drift.push({ kind: 'hypercare', message: `Hypercare starts on ${plan.support.hypercare_start}, before the go-live target ${goLive}.` });
  }
  for (const env of plan.environments) {
    const prepared = env.status !== 'not_ready' || env.certificates_on !== null || env.acl_on !== null;
    if (!env.needed && prepared) drift.push({ kind: 'environment', message: `${env.name} is prepared in the plan but is no longer among the HCIM environments the dossier needs.` });
  }
  drift.push(...scopeDrift(plan, fields, 'integration.transactions', 'PCR transactions'), ...scopeDrift(plan, fields, 'integration.environments', 'HCIM environments'));
  return drift;
}
