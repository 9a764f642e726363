/** The gap analysis in a line, for the dossier header: completion and open high or critical gaps. */
import type { QuestionnaireView } from '../../shared/api/questionnaireTypes';
import { completion, openGapCounts } from './model';

export function GapSummary({ view, onOpen }: { view: QuestionnaireView | undefined; onOpen(): void }) {
  if (!view) return <span className="muted">—</span>;
  const { overall } = view.rollup;
  const { high, critical } = openGapCounts(view.rollup);
  const severe = high + critical;
  const started = view.instance !== null || overall.answered > 0 || overall.assessed > 0;
  // The visible words are the button's name, completed by words only a screen reader needs.
  return (
    <button type="button" className="gap-summary" onClick={onOpen} data-testid="gap-summary">
      <span className="visually-hidden">Gap analysis </span>
      {started ? (
        <>
          <span className="gap-summary__percent">{completion(overall)}%</span>
          <span className="visually-hidden"> assessed, open gaps: </span>
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
