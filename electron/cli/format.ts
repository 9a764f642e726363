/** Text renderings of dossiers, activities and history for the terminal. */
import type { Activity, Dossier, HistoryEntry } from '../../shared/api/types';
import { DOSSIER_FIELDS, SECTIONS, optionLabel } from '../../shared/dossier/fields';
import { nestValues, type FieldValue } from '../../shared/dossier/values';
import { ACTIVITY_STATUS_LABELS, phaseLabel } from '../../shared/workflow/definition';
import { roleLabel, type ParticipantRole } from '../../shared/workflow/roles';
import { table } from './output';

/** The dossier as `dossier show --json` prints it: nested by the dotted field paths. */
export function dossierJson(dossier: Dossier): Record<string, unknown> {
  return {
    id: dossier.id,
    reference: dossier.reference,
    created_at: dossier.created_at,
    updated_at: dossier.updated_at,
    ...nestValues(dossier.fields),
    activities: dossier.activities,
    gate: dossier.gate,
    ...(dossier.invalid ? { invalid: dossier.invalid } : {}),
    findings: dossier.findings,
    plan_drift: dossier.plan_drift,
  };
}

function show(value: FieldValue, path: string): string {
  if (value === null || (Array.isArray(value) && value.length === 0)) return '—';
  const def = DOSSIER_FIELDS.find((f) => f.path === path)!;
  if (Array.isArray(value)) return value.map((v) => optionLabel(def, v)).join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (def.kind === 'enum') return optionLabel(def, String(value));
  return String(value);
}

export function dossierText(dossier: Dossier): string {
  const f = dossier.fields;
  const lines = [
    `${dossier.reference}  ${f['organization.legal_name'] ?? ''} — ${f['application.name'] ?? ''}`,
    `id ${dossier.id} · phase ${dossier.invalid?.some((p) => p.field === 'status.phase') ? `invalid (stored "${String(dossier.fields['status.phase'])}")` : phaseLabel(dossier.gate.phase)} · updated ${dossier.updated_at}`,
  ];
  for (const section of SECTIONS) {
    const fields = DOSSIER_FIELDS.filter((d) => d.section === section.key && (f[d.path] ?? null) !== null && !(Array.isArray(f[d.path]) && (f[d.path] as string[]).length === 0));
    if (fields.length === 0) continue;
    lines.push('', section.label);
    for (const def of fields) lines.push(`  ${def.label}: ${show(f[def.path] ?? null, def.path)}  [${def.path}]`);
  }
  if (dossier.invalid?.length) {
    lines.push('', 'Invalid stored values (shown as stored; correct them with `dossier set`):', ...dossier.invalid.map((p) => `  - ${p.field}: ${p.message}`));
  }
  lines.push('', activitiesText(dossier.activities), '', gateText(dossier));
  if (dossier.findings.length) lines.push('', findingsText(dossier));
  if (dossier.plan_drift.length) lines.push('', 'The deployment plan no longer agrees with the dossier:', ...dossier.plan_drift.map((d) => `  - ${d}`));
  return lines.join('\n');
}

/** Recorded data that breaks a workflow rule: reported, never rewritten. */
export function findingsText(dossier: Pick<Dossier, 'findings'>): string {
  return ['Recorded data that breaks a workflow rule:', ...dossier.findings.map((f) => `  - ${f.message}`)].join('\n');
}

export function activitiesText(activities: Activity[]): string {
  return table(
    ['ACTIVITY', 'PHASE', 'STATUS', 'OWNER', 'ASSIGNEE', 'DUE', 'DONE'],
    activities.map((a) => [
      a.key,
      phaseLabel(a.phase),
      ACTIVITY_STATUS_LABELS[a.status] + (a.overdue ? ' (overdue)' : ''),
      roleLabel(a.owner_role as ParticipantRole),
      a.assignee,
      a.due_date,
      a.completed_date,
    ]),
  );
}

/** One activity with the records kept on it. */
export function activityText(a: Activity): string {
  const lines = [
    `${a.label} [${a.key}] · ${phaseLabel(a.phase)} · ${ACTIVITY_STATUS_LABELS[a.status]}${a.overdue ? ' (overdue)' : ''}`,
    `Owner: ${roleLabel(a.owner_role as ParticipantRole)} · assignee: ${a.assignee ?? '—'} · due: ${a.due_date ?? '—'} · completed: ${a.completed_date ?? '—'}`,
  ];
  if (a.notes) lines.push(`Notes: ${a.notes}`);
  if (a.attachments.length === 0) lines.push('No records attached.');
  else {
    lines.push(
      '',
      table(
        ['KIND', 'FILE', 'SIZE', 'SHA-256', 'ADDED'],
        a.attachments.map((f) => [f.kind_label, f.name, `${Math.max(1, Math.round(f.size / 1024))} KB`, f.sha256, f.added_at?.slice(0, 10) ?? null]),
      ),
    );
  }
  return lines.join('\n');
}

export function gateText(dossier: Dossier): string {
  const { gate } = dossier;
  if (gate.next === null) return 'The partner is live.';
  if (gate.ok) return `Ready to advance to ${phaseLabel(gate.next)}.`;
  return [`Not yet ready to advance to ${phaseLabel(gate.next)}:`, ...gate.reasons.map((r) => `  - ${r}`)].join('\n');
}

export function historyText(entries: HistoryEntry[]): string {
  const fmt = (v: FieldValue) => (v === null ? '—' : Array.isArray(v) ? v.join(', ') : String(v));
  return table(
    ['WHEN', 'WHO', 'FIELD', 'FROM', 'TO'],
    entries.map((e) => [e.at.replace('T', ' ').slice(0, 19), e.actor, e.label, fmt(e.old_value), fmt(e.new_value)]),
  );
}
