/**
 * The 5 × 5 risk heat map: likelihood up the side, impact along the bottom, each cell coloured by
 * the template's risk matrix and showing how many open gaps sit in it. A cell with gaps filters
 * the register to them.
 */
import type { Gap } from '../../shared/api/questionnaireTypes';
import { GAP_STATUSES, GAP_STATUS_LABELS, type GapStatus } from '../../shared/questionnaire/rollup';
import type { RiskLevel } from '../../shared/questionnaire/template';
import { plural } from '../format/numbers';
import { IMPACT_LABELS, LIKELIHOOD_LABELS, RISK_LABELS, RISK_ORDER, isGapOpen } from './model';

export interface Cell {
  likelihood: number;
  impact: number;
}

interface RiskHeatMapProps {
  matrix: RiskLevel[][];
  gaps: readonly Gap[];
  byRisk: Partial<Record<RiskLevel | 'unrated', number>>;
  byStatus: Partial<Record<GapStatus, number>>;
  selected: Cell | null;
  onSelect(cell: Cell | null): void;
}

const LEVELS = [1, 2, 3, 4, 5] as const;

export function RiskHeatMap({ matrix, gaps, byRisk, byStatus, selected, onSelect }: RiskHeatMapProps) {
  const open = gaps.filter(isGapOpen);
  const count = (likelihood: number, impact: number) => open.filter((g) => g.likelihood === likelihood && g.impact === impact).length;
  const unrated = open.filter((g) => g.likelihood === null || g.impact === null).length;
  const levelsShown = (Object.keys(RISK_LABELS) as RiskLevel[]).sort((a, b) => RISK_ORDER[b] - RISK_ORDER[a]);

  return (
    <div className="heat-map">
      <table className="heat-map__grid">
        <caption className="visually-hidden">Open gaps by likelihood (rows) and impact (columns)</caption>
        <thead>
          <tr>
            <td className="heat-map__corner" />
            {LEVELS.map((impact) => (
              <th key={impact} scope="col" className="heat-map__axis heat-map__axis--impact" title={IMPACT_LABELS[impact - 1]}>
                {impact}
                <span className="heat-map__axis-word">{IMPACT_LABELS[impact - 1]}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...LEVELS].reverse().map((likelihood) => (
            <tr key={likelihood}>
              <th scope="row" className="heat-map__axis heat-map__axis--likelihood" title={LIKELIHOOD_LABELS[likelihood - 1]}>
                <span className="heat-map__axis-word">{LIKELIHOOD_LABELS[likelihood - 1]}</span>
                {likelihood}
              </th>
              {LEVELS.map((impact) => {
                const rating = matrix[likelihood - 1]?.[impact - 1] ?? 'low';
                const n = count(likelihood, impact);
                const isSelected = selected?.likelihood === likelihood && selected.impact === impact;
                const description = `Likelihood ${likelihood}, impact ${impact}: ${RISK_LABELS[rating]}, ${plural(n, 'open gap')}`;
                return (
                  <td
                    key={impact}
                    className={`heat-map__cell heat-map__cell--${rating}${n > 0 ? ' heat-map__cell--filled' : ''}${isSelected ? ' heat-map__cell--selected' : ''}`}
                    data-likelihood={likelihood}
                    data-impact={impact}
                    data-count={n}
                  >
                    {n > 0 ? (
                      <button
                        type="button"
                        className="heat-map__button"
                        aria-pressed={isSelected}
                        aria-label={`${description}. ${isSelected ? 'Show all gaps' : 'Show these gaps in the register'}`}
                        onClick={() => onSelect(isSelected ? null : { likelihood, impact })}
                      >
                        {n}
                      </button>
                    ) : (
                      <span className="heat-map__empty" title={description}>
                        <span className="visually-hidden">{description}</span>
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="heat-map__axes-note" aria-hidden="true">
        <span>↑ Likelihood</span>
        <span>Impact →</span>
      </p>
      <ul className="heat-map__legend" aria-label="Open gaps by risk level">
        {levelsShown.map((level) => (
          <li key={level}>
            <span className={`heat-map__swatch heat-map__cell--${level}`} aria-hidden="true" />
            {RISK_LABELS[level]}
            <span className="heat-map__legend-count">{byRisk[level] ?? 0}</span>
          </li>
        ))}
      </ul>
      <ul className="heat-map__statuses" aria-label="Gaps by status">
        {GAP_STATUSES.map((status) => (
          <li key={status}>
            {GAP_STATUS_LABELS[status]} <strong>{byStatus[status] ?? 0}</strong>
          </li>
        ))}
      </ul>
      {unrated > 0 && (
        <p className="heat-map__unrated" data-testid="unrated-gaps">
          {plural(unrated, 'open gap')} not rated yet: give {unrated === 1 ? 'it' : 'them'} a likelihood and an impact in the register.
        </p>
      )}
    </div>
  );
}
