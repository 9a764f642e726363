/**
 * The cutover runbook: ordered steps with planned start and duration (the end follows), then the
 * owner role, how each is verified and how it is rolled back. Rows move with their buttons or Alt+↑ / Alt+↓.
 */
import { useRef } from 'react';
import type { DeploymentPlan, PlanRole, PlanStep } from '../../shared/deployment-plan/model';
import { formatLocalDateTime } from '../../shared/deployment-plan/time';
import { RoleSelect, itemSaver, minutesOf } from './controls';
import { AddRow, RowActions, rowKeyDown, useRowMoves, type RowPlace } from './ListControls';
import { PlanText } from './PlanText';
import { patchRow, type PlanStore } from './usePlan';

interface Props {
  plan: DeploymentPlan;
  store: PlanStore;
  announce(text: string): void;
}

export const stepName = (step: Pick<PlanStep, 'position' | 'title'>) => `step ${step.position}${step.title ? ` “${step.title}”` : ''}`;

export function CutoverSteps({ plan, store, announce }: Props) {
  const move = useRowMoves(store, announce);
  const count = plan.steps.length;
  return (
    <>
      {count === 0 ? (
        <p className="muted">No cutover steps yet.</p>
      ) : (
        <div className="steps">
          <div className="steps__head" aria-hidden="true">
            <span>#</span>
            <span>Step</span>
            <span>Planned start</span>
            <span>Duration (min)</span>
            <span>Ends</span>
            <span />
          </div>
          <ol className="steps__list" aria-label="Cutover steps, in order">
            {plan.steps.map((step) => (
              <StepRow key={step.id} step={step} count={count} plan={plan} store={store} onMove={move} />
            ))}
          </ol>
        </div>
      )}
      <AddRow
        label="New cutover step"
        button="Add step"
        onAdd={async (title) => {
          await store.addItem('Adding a cutover step', 'steps', { title });
          announce(`Added step ${count + 1} “${title.trim()}”.`);
        }}
      />
    </>
  );
}

interface StepRowProps {
  step: PlanStep;
  count: number;
  plan: DeploymentPlan;
  store: PlanStore;
  onMove: ReturnType<typeof useRowMoves>;
}

function StepRow({ step, count, plan, store, onMove }: StepRowProps) {
  const rowRef = useRef<HTMLLIElement>(null);
  const name = stepName(step);
  const place: RowPlace = { list: 'steps', id: step.id, name, position: step.position, count };
  const key = (field: string) => `steps:${step.id}:${field}`;
  const saver = (field: string, what: string, stored: string, toValue?: (text: string) => unknown) =>
    itemSaver(store, 'steps', step.id, field, `The ${what} of ${name}`, stored, toValue);
  const n = step.position;
  const warnings = plan.summary.warnings.filter((w) => w.startsWith(`Cutover step ${n} `));
  return (
    <li ref={rowRef} className="step" data-row={step.id} data-step-title={step.title ?? ''} onKeyDown={(event) => rowKeyDown(event, (to) => onMove(place, to, rowRef.current))}>
      <span className="step__number" aria-hidden="true">
        {n}
      </span>
      <PlanText store={store} fieldKey={key('title')} label={`Title of step ${n}`} hideLabel saver={saver('title', 'title', step.title ?? '')} wrap className="step__title" />
      <PlanText
        store={store}
        fieldKey={key('planned_start')}
        label={`Planned start of step ${n}`}
        hideLabel
        placeholder="YYYY-MM-DD HH:MM"
        saver={saver('planned_start', 'planned start', step.planned_start ? formatLocalDateTime(step.planned_start) : '')}
      />
      <PlanText
        store={store}
        fieldKey={key('duration_minutes')}
        label={`Duration of step ${n} in minutes`}
        hideLabel
        inputMode="numeric"
        saver={saver('duration_minutes', 'duration', step.duration_minutes === null ? '' : String(step.duration_minutes), minutesOf)}
      />
      <span className="step__end">
        {step.planned_end ? formatLocalDateTime(step.planned_end).slice(step.planned_start?.slice(0, 10) === step.planned_end.slice(0, 10) ? 11 : 0) : '—'}
      </span>
      <RowActions place={place} onMove={(to) => onMove(place, to, rowRef.current)} onRemove={() => store.removeItem(`Removing ${name}`, 'steps', step.id)} />
      <div className="step__details">
        <div className="step__owner" data-plan-field={key('owner_role')}>
          <RoleSelect
            label="Owner role"
            short
            value={step.owner_role}
            error={store.fieldError(key('owner_role'))}
            onChange={(role) =>
              store.updateItem(key('owner_role'), `The owner role of ${name}`, 'steps', step.id, { owner_role: role as PlanRole | null }, (p) =>
                patchRow(p, 'steps', step.id, { owner_role: role }),
              )
            }
          />
        </div>
        <PlanText store={store} fieldKey={key('verification')} label="Verification" multiline saver={saver('verification', 'verification', step.verification ?? '')} />
        <PlanText store={store} fieldKey={key('rollback')} label="Rollback step" multiline saver={saver('rollback', 'rollback step', step.rollback ?? '')} />
      </div>
      {warnings.length > 0 && (
        <p className="step__warning">
          {warnings.map((w) => w.replace(/^Cutover step \d+ (“[^”]*”|\(untitled\)) /, 'This step ')).join(' ')}
        </p>
      )}
    </li>
  );
}
