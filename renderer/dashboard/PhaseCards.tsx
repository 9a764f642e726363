import { PHASES, STAGE_KEYS, phaseLabel, type Stage } from '../../shared/workflow/definition';
import { useNavigation } from '../app/navigation';
import { formatCount } from '../format/numbers';

const LIVE_PURPOSE = 'Integrated and activated in production.';

export function PhaseCards({ byPhase }: { byPhase: Partial<Record<Stage, number>> }) {
  const { navigate } = useNavigation();
  return (
    <section aria-labelledby="phases-heading">
      <h2 id="phases-heading" className="section-title">
        Dossiers by phase
      </h2>
      <ul className="phase-cards">
        {STAGE_KEYS.map((stage) => {
          const count = byPhase[stage] ?? 0;
          const purpose = PHASES.find((p) => p.key === stage)?.purpose ?? LIVE_PURPOSE;
          return (
            <li key={stage}>
              <button
                type="button"
                className={`phase-card phase-card--${stage}`}
                onClick={() => navigate({ screen: 'list', query: { phase: stage } })}
              >
                <span className="phase-card__label">{phaseLabel(stage)}</span>
                <span className="visually-hidden">: </span>
                <span className="phase-card__count">{formatCount(count)}</span>
                <span className="visually-hidden"> {count === 1 ? 'dossier' : 'dossiers'}. </span>
                <span className="phase-card__purpose">{purpose}</span>
                <span className="phase-card__open" aria-hidden="true">
                  View dossiers →
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
