/**
 * A portfolio for the work-queue and export tests and benchmarks: demo dossiers in every phase
 * (activities assigned and dated as the demo does), and gap-analysis gaps with owners and due
 * dates on every third dossier — all made through the services' write path.
 */
import { seedDemo } from '../../electron/dossiers/index';
import { assessQuestion, updateGap, type QuestionnaireContext } from '../../electron/questionnaire/index';
import { allQuestions } from '../../shared/questionnaire/template';
import { addDays } from '../../shared/work/queue';

export const GAP_OWNERS = ['Harpreet Sandhu', 'Amélie Tremblay', 'CGI technical team'] as const;

export function seedPortfolio(ctx: QuestionnaireContext, count: number, today: string, gapsEvery = 3): void {
  seedDemo(ctx, count);
  const ids = (ctx.store.prepare('SELECT id FROM dossiers WHERE deleted_at IS NULL ORDER BY reference').all() as { id: string }[]).map((r) => r.id);
  const questions = allQuestions(ctx.templates.latest('privacy-security-volume2')).filter((q) => !q.condition).slice(0, 3);
  ids.forEach((id, i) => {
    if (i % gapsEvery !== 0) return;
    questions.forEach((question, q) => {
      const { gap } = assessQuestion(ctx, { id, question: question.id, assessment: q === 0 ? 'not_compliant' : 'partially_compliant' });
      if (!gap) return;
      updateGap(ctx, {
        id,
        gap: gap.id,
        changes: { owner: GAP_OWNERS[(i + q) % GAP_OWNERS.length]!, due_date: addDays(today, -20 + ((i * 7 + q * 11) % 60)), likelihood: 2 + ((i + q) % 4), impact: 2 + (i % 4) },
      });
    });
  });
}
