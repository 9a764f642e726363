/**
 * The portfolio status report: every dossier at a glance for a manager — by phase, at risk and
 * overdue, upcoming go-lives, partners with open high or critical gaps, conformance status — as PDF or DOCX from
 * templates/documents/portfolio-report.md, with its charts drawn into the document.
 */
import type { OperationArgs, OperationOutput } from '../../shared/api/contract';
import { localIsoDate } from '../../shared/dates';
import { addDays } from '../../shared/work/queue';
import { ACTIVITIES, STAGE_KEYS, phaseLabel, type ActivityKey, type Stage } from '../../shared/workflow/definition';
import { dashboard } from '../dossiers/index';
import { generateFromData, type DocumentContext } from '../documents/index';
import { partnersAtRisk, type QuestionnaireContext } from '../questionnaire/index';
import { conformanceStatus } from './conformanceStatus';

type PortfolioContext = QuestionnaireContext & Partial<Pick<DocumentContext, 'readConformance'>>;

/** How far ahead "upcoming go-lives" look. */
export const GO_LIVE_HORIZON_DAYS = 90;
const LIST_LIMIT = 25;

interface DossierLine {
  reference: string;
  organization: string | null;
  application: string | null;
  phase: string;
  rag: string | null;
  go_live_date: string | null;
  overdue: number;
}

const RAG_LABELS: Record<string, string> = { green: 'Green', amber: 'Amber', red: 'Red' };

export function portfolioData(ctx: PortfolioContext, day: string) {
  const summary = dashboard(ctx, { today: day });
  const lines = ctx.store
    .prepare(
      `SELECT d.reference, d.organization__legal_name AS organization, d.application__name AS application, COALESCE(d.status__phase, 'intake') AS phase,
              d.status__rag AS rag, d.targets__go_live_date AS go_live_date,
              (SELECT COUNT(*) FROM activities a WHERE a.dossier_id = d.id AND a.deleted_at IS NULL AND a.status NOT IN ('done', 'not_required')
                 AND a.due_date < @today
                 AND NOT (a.key = 'develop_integration' AND COALESCE(d.flags__integration_development_required, 0) = 0)
                 AND NOT (a.key = 'dq_process' AND COALESCE(d.flags__dq_process_required, 0) = 0)) AS overdue
       FROM dossiers d WHERE d.deleted_at IS NULL`,
    )
    .all({ today: day }) as DossierLine[];
  const show = (l: DossierLine) => ({ ...l, phase: phaseLabel(l.phase as Stage), rag: l.rag ? (RAG_LABELS[l.rag] ?? l.rag) : '—' });
  const atRisk = lines
    .filter((l) => l.phase !== 'live' && (l.rag === 'red' || l.rag === 'amber' || l.overdue > 0))
    .sort((a, b) => (b.rag === 'red' ? 1 : 0) - (a.rag === 'red' ? 1 : 0) || b.overdue - a.overdue || (a.reference < b.reference ? -1 : 1));
  const horizon = addDays(day, GO_LIVE_HORIZON_DAYS);
  const upcoming = lines
    .filter((l) => l.phase !== 'live' && l.go_live_date !== null && l.go_live_date >= day && l.go_live_date <= horizon)
    .sort((a, b) => (a.go_live_date! < b.go_live_date! ? -1 : a.go_live_date! > b.go_live_date! ? 1 : 0));
  const gaps = partnersAtRisk(ctx);
  const overdueByActivity = new Map<ActivityKey, number>();
  for (const o of summary.overdue) overdueByActivity.set(o.activity, (overdueByActivity.get(o.activity) ?? 0) + 1);
  return {
    generated: { date: day, by: ctx.actor },
    total: summary.total,
    horizon_days: GO_LIVE_HORIZON_DAYS,
    list_limit: LIST_LIMIT,
    by_phase: STAGE_KEYS.map((stage) => ({ label: phaseLabel(stage), n: summary.by_phase[stage] ?? 0 })),
    by_rag: (['green', 'amber', 'red', 'unset'] as const).map((rag) => ({
      label: rag === 'unset' ? 'Not set' : RAG_LABELS[rag]!,
      n: summary.by_rag[rag] ?? 0,
      tone: rag === 'red' ? 'danger' : rag === 'amber' ? 'warning' : rag === 'green' ? 'ok' : 'neutral',
    })),
    at_risk: { count: atRisk.length, shown: atRisk.slice(0, LIST_LIMIT).map(show), more: Math.max(0, atRisk.length - LIST_LIMIT) },
    overdue_activities: {
      count: lines.reduce((n, l) => n + (l.phase === 'live' ? 0 : l.overdue), 0),
      by_activity: ACTIVITIES.filter((a) => overdueByActivity.has(a.key)).map((a) => ({ label: a.label, n: overdueByActivity.get(a.key)! })),
    },
    upcoming_go_lives: { count: upcoming.length, shown: upcoming.slice(0, LIST_LIMIT).map(show), more: Math.max(0, upcoming.length - LIST_LIMIT) },
    gap_partners: {
      count: gaps.length,
      shown: gaps.slice(0, LIST_LIMIT),
      more: Math.max(0, gaps.length - LIST_LIMIT),
      chart: gaps.slice(0, 10).map((g) => ({ label: `${g.organization ?? g.reference}`, n: g.high + g.critical, tone: g.critical > 0 ? 'danger' : 'warning' })),
    },
    conformance: conformanceStatus(ctx, LIST_LIMIT),
  };
}

export async function portfolioReport(ctx: DocumentContext, input: OperationArgs<'portfolio.report'>): Promise<OperationOutput<'portfolio.report'>> {
  const day = input.today ?? (ctx.today ?? (() => localIsoDate()))();
  const file = await generateFromData(ctx, {
    kind: 'portfolio-report',
    data: portfolioData(ctx, day),
    header: `Portfolio status · ${day}`,
    footer: `PCR onboarding portfolio · generated ${day} by ${ctx.actor}`,
    filePrefix: `pcr-${day}`,
    format: input.format,
  });
  return {
    file_name: file.fileName,
    media_type: file.mediaType,
    content_base64: Buffer.from(file.bytes).toString('base64'),
    template_version: file.templateVersion,
    page_count: file.pageCount,
  };
}
