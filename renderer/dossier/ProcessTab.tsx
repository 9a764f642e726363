/** The onboarding process of one dossier: the phase gate, then each phase with its activities. */
import type { Activity, Dossier, GateEvaluation, RuleFindingView } from '../../shared/api/types';
import { PHASES, PHASE_KEYS, STAGE_KEYS, type PhaseKey, type Stage } from '../../shared/workflow/definition';
import type { GapView } from '../app/navigation';
import { StatusBadge, type StatusTone } from '../ui/index';
import { ActivityEditor } from './ActivityEditor';
import { GatePanel } from './GatePanel';
import { RuleFindings } from './RuleFindings';

interface ProcessTabProps {
  dossier: Dossier;
  onChange(dossier: Dossier): void;
  onEditField(path: string): void;
  onNotice(message: string): void;
  onOpenGaps(view: GapView): void;
}

type PhaseState = 'done' | 'current' | 'upcoming';

const STATE_LABELS: Record<PhaseState, string> = { done: 'Completed', current: 'Current phase', upcoming: 'Upcoming' };
const STATE_TONES: Record<PhaseState, StatusTone> = { done: 'success', current: 'info', upcoming: 'neutral' };

export function ProcessTab({ dossier, onChange, onEditField, onNotice, onOpenGaps }: ProcessTabProps) {
  const stage = (dossier.fields['status.phase'] as Stage | null) ?? 'intake';
  const stageIndex = STAGE_KEYS.indexOf(stage);
  const stateOf = (phase: PhaseKey): PhaseState => {
    const i = PHASE_KEYS.indexOf(phase);
    return i < stageIndex ? 'done' : i === stageIndex ? 'current' : 'upcoming';
  };

  const onActivityUpdated = (activity: Activity, gate: GateEvaluation, findings: RuleFindingView[]) =>
    onChange({ ...dossier, gate, findings, activities: dossier.activities.map((a) => (a.key === activity.key ? activity : a)) });

  return (
    <div className="process">
      <ol className="stepper" aria-label="Phases">
        {STAGE_KEYS.map((key, i) => {
          const state: PhaseState = i < stageIndex ? 'done' : i === stageIndex ? 'current' : 'upcoming';
          const label = PHASES.find((p) => p.key === key)?.label ?? 'Live';
          return (
            <li key={key} className={`stepper__step stepper__step--${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="stepper__marker" aria-hidden="true">
                {state === 'done' ? '✓' : i + 1}
              </span>
              <span className="stepper__label">{label}</span>
              <span className="visually-hidden"> ({state === 'done' ? 'completed' : state === 'current' ? 'current' : 'upcoming'})</span>
            </li>
          );
        })}
      </ol>

      <GatePanel dossier={dossier} onAdvanced={onChange} onEditField={onEditField} onNotice={onNotice} onOpenGaps={onOpenGaps} />

      <RuleFindings findings={dossier.findings} planDrift={dossier.plan_drift} />

      {PHASES.map((phase) => {
        const state = stateOf(phase.key);
        const activities = dossier.activities.filter((a) => a.phase === phase.key);
        return (
          <section key={phase.key} className={`card card--flush phase-section phase-section--${state}`} aria-labelledby={`phase-${phase.key}`}>
            <header className="phase-section__header">
              <h2 id={`phase-${phase.key}`} className="phase-section__title">
                {phase.label}
              </h2>
              <StatusBadge tone={STATE_TONES[state]} className="phase-state">
                {STATE_LABELS[state]}
              </StatusBadge>
              <p className="phase-section__purpose">{phase.purpose}</p>
            </header>
            <ul className="activity-list">
              {activities.map((activity) => (
                <li key={activity.key}>
                  <ActivityEditor
                    dossierId={dossier.id}
                    activity={activity}
                    onUpdated={onActivityUpdated}
                    onAttached={(updated) => onChange({ ...dossier, activities: dossier.activities.map((a) => (a.key === updated.key ? updated : a)) })}
                    onEditField={onEditField}
                  />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
