/**
 * Compliance score by section as horizontal bars (plain SVG, sized by attributes, so the strict
 * Content Security Policy has nothing to object to). The score counts compliant as 1 and
 * partially compliant as ½ among the assessed questions that apply.
 */
import type { RollupView } from '../../shared/api/questionnaireTypes';

function band(score: number): 'good' | 'fair' | 'poor' {
  return score >= 80 ? 'good' : score >= 50 ? 'fair' : 'poor';
}

export function formatScore(score: number | null): string {
  return score === null ? 'Not assessed' : `${Math.round(score)}%`;
}

export function ComplianceChart({ rollup, onSelectSection }: { rollup: RollupView; onSelectSection?(sectionId: string): void }) {
  const overall = rollup.overall.score;
  return (
    <figure className="compliance-chart">
      <figcaption className="compliance-chart__caption">
        Overall score{' '}
        <strong className={`compliance-chart__overall${overall === null ? '' : ` compliance-chart__overall--${band(overall)}`}`} data-testid="overall-score">
          {formatScore(overall)}
        </strong>
        <span className="compliance-chart__note"> · compliant counts 1, partially ½, among assessed questions</span>
      </figcaption>
      <ul className="compliance-chart__rows">
        {rollup.sections.map((section) => {
          const score = section.score;
          const label = (
            <>
              <span className="compliance-chart__label">{section.title}</span>
              <span className="compliance-chart__bar" aria-hidden="true">
                <svg viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false">
                  <rect className="compliance-chart__track" x="0" y="0" width="100" height="10" />
                  {score !== null && <rect className={`compliance-chart__fill compliance-chart__fill--${band(score)}`} x="0" y="0" width={Math.max(score, 0.8)} height="10" />}
                  <line className="compliance-chart__tick" x1="80" x2="80" y1="0" y2="10" />
                </svg>
              </span>
              <span className={`compliance-chart__value${score === null ? ' compliance-chart__value--none' : ''}`}>{formatScore(score)}</span>
            </>
          );
          return (
            <li key={section.id} className="compliance-chart__row" data-section={section.id} data-score={score ?? ''}>
              {onSelectSection ? (
                <button
                  type="button"
                  className="compliance-chart__button"
                  onClick={() => onSelectSection(section.id)}
                >
                  {label}
                  <span className="visually-hidden">
                    , {section.assessed} of {section.applicable} assessed
                  </span>
                </button>
              ) : (
                <div className="compliance-chart__button">{label}</div>
              )}
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
