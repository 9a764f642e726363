/** Sections of the questionnaire with their progress, and the overall progress above them. */
import type { RollupView } from '../../shared/api/questionnaireTypes';
import { formatCount } from '../format/numbers';
import { completion } from './model';

interface Tally {
  applicable: number;
  answered: number;
  assessed: number;
}

/** Two layers: assessed by the reviewer (solid) and answered by the partner (light). */
export function ProgressBar({ tally, label }: { tally: Tally; label?: string }) {
  const width = (n: number) => (tally.applicable === 0 ? 0 : Math.min(100, (n / tally.applicable) * 100));
  // Inside a button the bar is decoration: the button's own text says the same in words.
  const meter = label
    ? {
        role: 'progressbar',
        'aria-label': label,
        'aria-valuemin': 0,
        'aria-valuemax': tally.applicable,
        'aria-valuenow': tally.assessed,
        'aria-valuetext': `${tally.assessed} of ${tally.applicable} assessed, ${tally.answered} answered`,
      }
    : { 'aria-hidden': true };
  return (
    <span className="progress" {...meter}>
      <svg className="progress__svg" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <rect className="progress__track" x="0" y="0" width="100" height="6" rx="3" />
        <rect className="progress__answered" x="0" y="0" width={width(tally.answered)} height="6" rx="3" />
        <rect className="progress__assessed" x="0" y="0" width={width(tally.assessed)} height="6" rx="3" />
      </svg>
    </span>
  );
}

interface SectionNavProps {
  rollup: RollupView;
  currentSectionId: string | null;
  /** Questions passing the filter, per section; absent when no filter is on. */
  matches: Map<string, number> | null;
  /** Questions in the questionnaire, whether they apply to this partner or not. */
  questionCount: number;
  onSelect(sectionId: string): void;
}

export function SectionNav({ rollup, currentSectionId, matches, questionCount, onSelect }: SectionNavProps) {
  const { overall } = rollup;
  const notApplying = questionCount - overall.applicable;
  return (
    <nav className="section-nav" aria-label="Questionnaire sections">
      <div className="section-nav__overall">
        <p className="section-nav__overall-title">
          <span>Overall</span>
          <span className="section-nav__percent" data-testid="overall-completion">
            {completion(overall)}%
          </span>
        </p>
        <ProgressBar tally={overall} label="Overall progress" />
        <p className="section-nav__counts">
          {formatCount(overall.assessed)} of {formatCount(overall.applicable)} assessed by the reviewer · {formatCount(overall.answered)} answered by the partner
        </p>
        <p className="section-nav__explain" data-testid="applicable-explanation">
          {notApplying > 0
            ? `${formatCount(overall.applicable)} of the ${formatCount(questionCount)} questions apply to this partner; ${formatCount(notApplying)} do not, because of an earlier answer.`
            : `All ${formatCount(questionCount)} questions apply to this partner.`}
        </p>
        <p className="section-nav__legend" aria-hidden="true">
          <span className="legend-swatch legend-swatch--assessed" /> assessed <span className="legend-swatch legend-swatch--answered" /> answered
        </p>
      </div>
      <ol className="section-nav__list">
        {rollup.sections.map((section, i) => {
          const current = section.id === currentSectionId;
          const count = matches?.get(section.id) ?? 0;
          const done = section.applicable > 0 && section.assessed === section.applicable;
          return (
            <li key={section.id}>
              <button
                type="button"
                className={`section-nav__item${current ? ' section-nav__item--current' : ''}${matches && count === 0 ? ' section-nav__item--no-match' : ''}`}
                aria-current={current ? 'true' : undefined}
                data-section={section.id}
                onClick={() => onSelect(section.id)}
              >
                <span className="section-nav__name">
                  <span className="section-nav__number" aria-hidden="true">
                    {done ? '✓' : i + 1}
                  </span>
                  <span className="section-nav__title">{section.title}</span>
                </span>
                <span className="section-nav__progress">
                  <ProgressBar tally={section} />
                  <span className="section-nav__fraction" data-testid="section-progress" aria-hidden="true">
                    {section.assessed}/{section.applicable}
                  </span>
                  <span className="visually-hidden">
                    , {section.assessed} of {section.applicable} assessed, {section.answered} answered
                  </span>
                </span>
                {matches &&
                  (count === 0 ? (
                    <span className="visually-hidden">, no question matches the filter</span>
                  ) : (
                    <span className="section-nav__matches">{`${count} match${count === 1 ? '' : 'es'}`}</span>
                  ))}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
