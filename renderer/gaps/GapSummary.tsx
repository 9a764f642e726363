/** The gap analysis in a line, for the dossier header: completion and open high or critical gaps. */
import type { QuestionnaireView } from '../../shared/api/questionnaireTypes';
import { completion, openGapCounts } from './model';

export function GapSummary({ view, onOpen }: { view: QuestionnaireView | undefined; onOpen(): void }) {
  if (!view) return <span className="muted">—</span>;
  const { overall } = view.rollup;
  const { high, critical } = openGapCounts(view.rollup);
  const severe = high + critical;
  const started = view.instance !== null || overall.answered > 0 || overall.assessed > 0;
  const label = started
    ? `Gap analysis ${completion(overall)}% assessed, ${severe} open high or critical ${severe === 1 ? 'gap' : 'gaps'}. Open the results.`
    : 'Gap analysis not started. Open it.';
  return (
    <button type="button" className="gap-summary" onClick={onOpen} aria-label={label} data-testid="gap-summary">
      {started ? (
        <>
          <span className="gap-summary__percent">{completion(overall)}%</span>
          <span className={`gap-summary__risk${severe > 0 ? ' gap-summary__risk--severe' : ''}`}>
            {severe > 0 ? `${severe} high/critical` : 'no high/critical'}
          </span>
        </>
      ) : (
        <span className="gap-summary__none">Not started</span>
      )}
    </button>
  );
}
