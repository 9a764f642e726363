/** Open key activities owned by the role (unassigned, or assigned to the person) or assigned to the person. */
import { ACTIVITIES, PHASE_KEYS, STAGE_KEYS, activityDefinition, type ActivityKey } from '../../shared/workflow/definition';
import { roleLabel } from '../../shared/workflow/roles';
import type { Store } from '../store/index';
import type { WorkItemProvider, WorkQuery } from './providers';

const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

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

export function activityProvider(store: Store): WorkItemProvider {
  return {
    kind: 'activity',
    label: 'Activity',
    items(query: WorkQuery) {
      const mine: string[] = [];
      const params: Record<string, string> = {};
      if (query.role) {
        const keys = ACTIVITIES.filter((a) => a.ownerRole === query.role).map((a) => a.key);
        // With a name too, the role's activities that someone else took are theirs, not mine.
        if (keys.length) mine.push(`(a.key IN (${quoted(keys)})${query.assignee ? " AND (a.assignee IS NULL OR a.assignee = '' OR a.assignee = @assignee COLLATE NOCASE)" : ''})`);
      }
      if (query.assignee) {
        mine.push('a.assignee = @assignee COLLATE NOCASE');
        params.assignee = query.assignee;
      }
      if (!mine.length) return [];
      const rows = store
        .prepare(
          `SELECT a.id, a.key, a.status, a.assignee, a.due_date, d.id AS dossier_id, d.reference, d.organization__legal_name AS organization
           FROM activities a JOIN dossiers d ON d.id = a.dossier_id
           WHERE a.deleted_at IS NULL AND a.status NOT IN ('done', 'not_required') AND (${mine.join(' OR ')})
             AND d.deleted_at IS NULL AND (${ACTIONABLE}) AND ${APPLICABLE}`,
        )
        .all(params) as Row[];
      return rows.map((r) => {
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
      });
    },
  };
}
