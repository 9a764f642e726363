/** Open key activities owned by the role (unassigned, or assigned to the person) or assigned to the person. */
import { ACTIVITIES, PHASE_KEYS, STAGE_KEYS, activityDefinition, type ActivityKey } from '../../shared/workflow/definition';
import { roleLabel } from '../../shared/workflow/roles';
import type { Store } from '../store/index';
import type { ProvidedItem, WorkItemProvider, WorkQuery } from './providers';

const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** Open: the partial indexes activities_open_key and activities_open_assignee (migration 8) hold exactly these. */
const OPEN = "a.deleted_at IS NULL AND a.status NOT IN ('done', 'not_required')";

/**
 * Actionable now: the activity belongs to the dossier's phase or an earlier one, or someone gave
 * it a due date. Activities of a later phase without a date are not anyone's work yet.
 */
const ACTIONABLE = [
  'a.due_date IS NOT NULL',
  ...PHASE_KEYS.map((phase, i) => {
    const keys = ACTIVITIES.filter((a) => a.phase === phase).map((a) => a.key);
    const stages = STAGE_KEYS.slice(i);
    return `(a.key IN (${quoted(keys)}) AND COALESCE(d.status__phase, 'intake') IN (${quoted(stages)}))`;
  }),
].join(' OR ');

/** Conditional activities count only when their dossier flag is set (as the dossier list counts them). */
const APPLICABLE = ACTIVITIES.filter((a) => a.condition)
  .map((a) => `NOT (a.key = '${a.key}' AND COALESCE(d.${a.condition!.replaceAll('.', '__')}, 0) = 0)`)
  .join(' AND ');

interface Row {
  id: string;
  key: ActivityKey;
  status: string;
  assignee: string | null;
  due_date: string | null;
  dossier_id: string;
  reference: string;
  organization: string | null;
}

const STATUS_LABEL: Record<string, string> = { not_started: 'not started', in_progress: 'in progress', blocked: 'blocked' };

function activityItem(r: Row): ProvidedItem {
  const def = activityDefinition(r.key);
  return {
    id: `activity:${r.id}`,
    kind: 'activity',
    kind_label: 'Activity',
    dossier_id: r.dossier_id,
    reference: r.reference,
    organization: r.organization,
    title: def.label,
    detail: [STATUS_LABEL[r.status] ?? r.status, r.assignee ? `assigned to ${r.assignee}` : `${roleLabel(def.ownerRole)}, unassigned`].join(' · '),
    due_date: r.due_date,
    target: { tab: 'process' as const, focus: r.key },
  };
}

export function activityProvider(store: Store): WorkItemProvider {
  return {
    kind: 'activity',
    label: 'Activity',
    entries(query: WorkQuery) {
      // Each way an activity is mine is its own indexed lookup (open activities by key, by
      // assignee); as one OR the planner reads every open activity of the portfolio instead.
      const mine: string[] = [];
      const params: Record<string, string> = {};
      if (query.role) {
        const keys = ACTIVITIES.filter((a) => a.ownerRole === query.role).map((a) => a.key);
        // With a name too, the role's activities that someone else took are theirs, not mine.
        if (keys.length) mine.push(`SELECT a.id FROM activities a WHERE ${OPEN} AND a.key IN (${quoted(keys)})${query.assignee ? " AND (a.assignee IS NULL OR a.assignee = '' OR a.assignee = @assignee COLLATE NOCASE)" : ''}`);
      }
      if (query.assignee) {
        mine.push(`SELECT a.id FROM activities a WHERE ${OPEN} AND a.assignee = @assignee COLLATE NOCASE`);
        params.assignee = query.assignee;
      }
      if (!mine.length) return [];
      const rows = store
        .prepare(
          `SELECT a.id, a.key, a.status, a.assignee, a.due_date, d.id AS dossier_id, d.reference, d.organization__legal_name AS organization
           FROM activities a JOIN dossiers d ON d.id = a.dossier_id
           WHERE a.id IN (${mine.join(' UNION ALL ')}) AND d.deleted_at IS NULL AND (${ACTIONABLE}) AND ${APPLICABLE}`,
        )
        .all(params) as Row[];
      return rows.map((r) => ({ id: `activity:${r.id}`, due_date: r.due_date, reference: r.reference, build: () => activityItem(r) }));
    },
  };
}
