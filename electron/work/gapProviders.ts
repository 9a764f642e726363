/**
 * Gap-analysis work: open gaps whose remediation the person (or their role) owns; for the role
 * that follows up the gap analysis, each dossier's remediations past their due dates; for the role
 * that accepts risks, acceptances about to expire or expired.
 */
import { RISK_ACCEPTOR_ROLE } from '../../shared/workflow/approvals';
import { activityDefinition } from '../../shared/workflow/definition';
import { PARTICIPANT_ROLES } from '../../shared/workflow/roles';
import { allQuestions, riskRating, type QuestionnaireTemplate } from '../../shared/questionnaire/template';
import type { TemplateLibrary } from '../questionnaire/index';
import type { Store } from '../store/index';
import type { ProvidedItem, WorkEntry, WorkItemProvider, WorkQuery } from './providers';

/** The role that follows up remediation: the owner of the activity that includes the gap analysis. */
export const REMEDIATION_FOLLOW_UP_ROLE = activityDefinition('ministry_requirements').ownerRole;

interface GapRow {
  id: string;
  question_id: string;
  description: string | null;
  owner: string | null;
  due_date: string | null;
  status: string;
  likelihood: number | null;
  impact: number | null;
  template_id: string;
  template_version: number;
  dossier_id: string;
  reference: string;
  organization: string | null;
}

const GAP_SELECT = `SELECT g.id, g.question_id, g.description, g.owner, g.due_date, g.status, g.likelihood, g.impact,
    i.template_id, i.template_version, d.id AS dossier_id, d.reference, d.organization__legal_name AS organization
  FROM gaps g JOIN questionnaire_instances i ON i.id = g.instance_id JOIN dossiers d ON d.id = g.dossier_id
  WHERE g.deleted_at IS NULL AND g.status IN ('open', 'in_progress') AND d.deleted_at IS NULL`;

function gapEntries(rows: GapRow[], templates: TemplateLibrary, kind: string, kindLabel: string): WorkEntry[] {
  const questionTexts = new Map<string, Map<string, string>>();
  const template = (row: GapRow): QuestionnaireTemplate => templates.get(row.template_id, row.template_version);
  const questionText = (row: GapRow): string => {
    const key = `${row.template_id}@${row.template_version}`;
    let texts = questionTexts.get(key);
    if (!texts) questionTexts.set(key, (texts = new Map(allQuestions(template(row)).map((q) => [q.id, q.text]))));
    return texts.get(row.question_id) ?? row.question_id;
  };
  const build = (row: GapRow): ProvidedItem => {
    const rating = riskRating(template(row), row.likelihood, row.impact);
    return {
      id: `${kind}:${row.id}`,
      kind,
      kind_label: kindLabel,
      dossier_id: row.dossier_id,
      reference: row.reference,
      organization: row.organization,
      title: `Gap ${row.question_id}: ${row.description?.trim() || questionText(row)}`,
      detail: [rating ? `${rating} risk` : 'not rated', row.owner ? `remediation owner ${row.owner}` : 'no remediation owner', row.status.replace('_', ' ')].join(' · '),
      due_date: row.due_date,
      target: { tab: 'gaps' as const, focus: row.id },
    };
  };
  return rows.map((row) => ({ id: `${kind}:${row.id}`, due_date: row.due_date, reference: row.reference, build: () => build(row) }));
}

/** Gaps whose remediation owner is the person, or is written as their role (its key or label). */
export function ownedGapsProvider(store: Store, templates: TemplateLibrary): WorkItemProvider {
  return {
    kind: 'gap',
    label: 'Gap you own',
    entries(query: WorkQuery) {
      const owners = [query.assignee, query.role, PARTICIPANT_ROLES.find((r) => r.key === query.role)?.label].filter((o): o is string => Boolean(o));
      if (!owners.length) return [];
      const rows = store
        .prepare(`${GAP_SELECT} AND g.owner COLLATE NOCASE IN (${owners.map(() => '?').join(', ')})`)
        .all(...owners) as GapRow[];
      return gapEntries(rows, templates, 'gap', 'Gap you own');
    },
  };
}

interface OverdueDossier {
  dossier_id: string;
  reference: string;
  organization: string | null;
  oldest_due: string;
}

interface OverdueDetail {
  oldest_gap: string;
  overdue: number;
  unowned: number;
}

/** Open gaps with a due date (the covering index gaps_open_dated_by_dossier, migration 16, holds exactly these). */
const OPEN_DATED = `g.deleted_at IS NULL AND g.status IN ('open', 'in_progress') AND g.due_date IS NOT NULL`;

/**
 * Remediation past its due date, for the role that follows the gap analysis up: one item per
 * dossier (how many, the oldest due date, how many have no owner), opening the gap register on the
 * oldest. A queue of every overdue gap across the portfolio would bury the follow-up it asks for.
 */
export function overdueRemediationProvider(store: Store): WorkItemProvider {
  return {
    kind: 'remediation',
    label: 'Overdue remediation',
    entries(query: WorkQuery) {
      if (query.role !== REMEDIATION_FOLLOW_UP_ROLE) return [];
      // Each dossier's oldest open due date is the first entry of its part of the covering index
      // gaps_open_dated_by_dossier (dossier, due date, ...; migration 16): one seek per dossier
      // instead of reading every open gap, materialized so the filter does not seek again. Named,
      // because sampled statistics make the planner prefer the status index.
      const dossiers = store
        .prepare(
          `WITH oldest AS MATERIALIZED (
             SELECT d.id AS dossier_id, d.reference, d.organization__legal_name AS organization,
                    (SELECT MIN(g.due_date) FROM gaps g INDEXED BY gaps_open_dated_by_dossier WHERE g.dossier_id = d.id AND ${OPEN_DATED}) AS oldest_due
             FROM dossiers d WHERE d.deleted_at IS NULL)
           SELECT * FROM oldest WHERE oldest_due < ?`,
        )
        .all(query.today) as OverdueDossier[];
      // How many and which is oldest, for the dossiers listed only. SQLite takes the bare column
      // g.id from the row that holds MIN(g.due_date).
      const detail = store.prepare(
        `SELECT g.id AS oldest_gap, MIN(g.due_date) AS oldest_due, COUNT(*) AS overdue, SUM(COALESCE(g.owner, '') = '') AS unowned
         FROM gaps g INDEXED BY gaps_open_dated_by_dossier WHERE g.dossier_id = ? AND ${OPEN_DATED} AND g.due_date < ?`,
      );
      return dossiers.map((r) => ({
        id: `remediation:${r.dossier_id}`,
        due_date: r.oldest_due,
        reference: r.reference,
        build: (): ProvidedItem => {
          const o = detail.get(r.dossier_id, query.today) as OverdueDetail;
          return {
            id: `remediation:${r.dossier_id}`,
            kind: 'remediation',
            kind_label: 'Overdue remediation',
            dossier_id: r.dossier_id,
            reference: r.reference,
            organization: r.organization,
            title: o.overdue === 1 ? '1 gap remediation past its due date' : `${o.overdue} gap remediations past their due dates`,
            detail: [`oldest due ${r.oldest_due}`, o.unowned ? `${o.unowned} without a remediation owner` : null].filter(Boolean).join(' · '),
            due_date: r.oldest_due,
            target: { tab: 'gaps' as const, focus: o.oldest_gap },
          };
        },
      }));
    },
  };
}

interface AcceptanceRow {
  id: string;
  question_id: string;
  acceptance_expires: string;
  dossier_id: string;
  reference: string;
  organization: string | null;
}

/** How far ahead an acceptance's expiry comes into the acceptor's work: time to renew it or have the gap remediated. */
const ACCEPTANCE_NOTICE_DAYS = 30;

function acceptanceItem(r: AcceptanceRow, today: string): ProvidedItem {
  const expired = r.acceptance_expires <= today;
  return {
    id: `risk-acceptance:${r.id}`,
    kind: 'risk-acceptance',
    kind_label: expired ? 'Risk acceptance expired' : 'Risk acceptance expiring',
    dossier_id: r.dossier_id,
    reference: r.reference,
    organization: r.organization,
    title: `Risk acceptance of gap ${r.question_id} ${expired ? `expired on ${r.acceptance_expires}: the gap is open again` : `expires on ${r.acceptance_expires}`}`,
    detail: 'accept it again with a new expiry, or have the gap remediated',
    due_date: r.acceptance_expires,
    target: { tab: 'gaps' as const, focus: r.id },
  };
}

/**
 * Risk acceptances that expire within a month, or have expired (the gap is open again), for the
 * role that accepts risks: accept again with a new expiry, or have the gap remediated.
 */
export function expiringAcceptanceProvider(store: Store): WorkItemProvider {
  return {
    kind: 'risk-acceptance',
    label: 'Risk acceptance expiring',
    entries(query: WorkQuery) {
      if (query.role !== RISK_ACCEPTOR_ROLE) return [];
      const rows = store
        .prepare(
          `SELECT g.id, g.question_id, g.acceptance_expires, d.id AS dossier_id, d.reference, d.organization__legal_name AS organization
           FROM gaps g JOIN dossiers d ON d.id = g.dossier_id
           WHERE g.deleted_at IS NULL AND d.deleted_at IS NULL AND g.status = 'risk_accepted'
             AND g.acceptance_expires IS NOT NULL AND g.acceptance_expires <= date(?, '+${ACCEPTANCE_NOTICE_DAYS} days')`,
        )
        .all(query.today) as AcceptanceRow[];
      return rows.map((r) => ({ id: `risk-acceptance:${r.id}`, due_date: r.acceptance_expires, reference: r.reference, build: () => acceptanceItem(r, query.today) }));
    },
  };
}
