/**
 * The Deployment plan tab of a dossier: scope and systems, environment readiness, the cutover
 * runbook, the go-live checklist, communications, RACI and escalation, post-go-live support and
 * hypercare, and the rollback plan. Every change saves on its own, through the plan's operations.
 * Opening the tab only reads: a plan never started waits for the lead to start it.
 */
import { useEffect, useRef, useState } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import type { Dossier } from '../../shared/api/types';
import type { DeploymentPlan, PlanRole } from '../../shared/deployment-plan/model';
import { formatLocalDateTime } from '../../shared/deployment-plan/time';
import { useLeaveGuard } from '../app/useLeaveGuard';
import { formatDate } from '../format/dates';
import { plural } from '../format/numbers';
import { Alert } from '../ui/Alert';
import { Card, CardSubtitle } from '../ui';
import { apiErrorOf, errorMessage } from '../api/errors';
import { InlineError, Loading } from '../ui/StatusMessages';
import { Checklist } from './Checklist';
import { Communications } from './Communications';
import { RoleSelect, planFieldLabel, planFieldSaver } from './controls';
import { CutoverSteps } from './CutoverSteps';
import { Environments } from './Environments';
import { PlanStart, type StartFrom } from './PlanStart';
import { PlanText } from './PlanText';
import { Raci } from './Raci';
import { usePlan, type PlanStore } from './usePlan';
import '../ui/save-indicator.css';
import './plan.css';
import { scrollBehavior } from '../appearance/index';

const SECTIONS = [
  { id: 'scope', label: 'Scope and systems' },
  { id: 'environments', label: 'Environments' },
  { id: 'cutover', label: 'Cutover steps' },
  { id: 'checklist', label: 'Go-live checklist' },
  { id: 'communications', label: 'Communications' },
  { id: 'contacts', label: 'Contacts and escalation' },
  { id: 'support', label: 'Support and hypercare' },
  { id: 'rollback', label: 'Rollback plan' },
] as const;

interface DeploymentPlanTabProps {
  dossier: Dossier;
  active: boolean;
}

export function DeploymentPlanTab({ dossier, active }: DeploymentPlanTabProps) {
  const store = usePlan(dossier.id);
  const { plan } = store;
  const [starting, setStarting] = useState<StartFrom | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  // Set once this window starts the plan: the plan's title takes the focus, and a start made elsewhere meanwhile is told.
  const [started, setStarted] = useState<{ notice: string | null } | null>(null);
  useLeaveGuard(
    store.unsavedCount > 0 ? `Leave ${dossier.reference}? ${plural(store.unsavedCount, 'deployment-plan field')} not saved yet will be lost.` : null,
  );

  const start = (from: StartFrom) => {
    if (starting) return;
    setStarting(from);
    setStartError(null);
    store.start(from).then(
      () => setStarted({ notice: null }),
      (error: unknown) => {
        // Started meanwhile on another device or window: the plan is read again and shown as it is.
        if (apiErrorOf(error)?.code === 'conflict') setStarted({ notice: errorMessage(error) });
        else setStartError(errorMessage(error));
      },
    ).finally(() => setStarting(null));
  };

  // Back on the tab, read the plan again: the dossier's go-live date, leads and environments feed it.
  const wasActive = useRef(active);
  useEffect(() => {
    if (active && !wasActive.current && store.unsavedCount === 0 && store.status.state !== 'saving') store.reload();
    wasActive.current = active;
  }, [active, store]);

  if (!plan) {
    return store.loadError ? (
      <InlineError title="The deployment plan could not be loaded" onRetry={store.reload}>
        {store.loadError}
      </InlineError>
    ) : (
      <Loading label="Loading the deployment plan…" />
    );
  }
  if (!plan.started) return <PlanStart plan={plan} starting={starting} error={startError} onStart={start} />;
  return <Plan plan={plan} store={store} justStarted={started} />;
}

function Plan({ plan, store, justStarted }: { plan: DeploymentPlan; store: PlanStore; justStarted: { notice: string | null } | null }) {
  const [announcement, setAnnouncement] = useState('');
  const title = useRef<HTMLHeadingElement>(null);
  const { summary } = plan;
  // A keyboard user who just started the plan goes on from its title rather than from the top of the page.
  useEffect(() => {
    if (justStarted) title.current?.focus();
  }, [justStarted]);
  const field = (key: Parameters<typeof planFieldSaver>[1], stored: string | null, options: { multiline?: boolean; description?: string; placeholder?: string } = {}) => (
    <PlanText store={store} fieldKey={`plan:${key}`} label={planFieldLabel(key)} saver={planFieldSaver(store, key, stored)} {...options} />
  );
  const section = (id: (typeof SECTIONS)[number]['id'], children: React.ReactNode, subtitle?: React.ReactNode) => (
    <Card
      id={`plan-${id}`}
      level={3}
      headingId={`plan-${id}-title`}
      className="form-card plan-section"
      title={SECTIONS.find((s) => s.id === id)!.label}
      aside={subtitle && <CardSubtitle>{subtitle}</CardSubtitle>}
    >
      {children}
    </Card>
  );

  return (
    <div className="plan">
      <header className="plan__header">
        <div>
          <h2 className="plan__title" ref={title} tabIndex={-1}>
            Deployment plan
          </h2>
          <p className="plan__subtitle">
            {plan.template_version !== null ? `Started from the template (version ${plan.template_version})` : 'Started empty'}
            {plan.created_at && ` on ${formatDate(plan.created_at)}`} · go-live target {formatDate(plan.go_live_date)}
          </p>
        </div>
        <dl className="plan__facts">
          <div>
            <dt>Cutover</dt>
            <dd>{summary.cutover_start ? `${formatLocalDateTime(summary.cutover_start)} → ${formatLocalDateTime(summary.cutover_end)}` : 'No times yet'}</dd>
          </div>
          <div>
            <dt>Checklist</dt>
            <dd data-testid="plan-checklist-count">
              {summary.checklist_done} of {summary.checklist_total} done
            </dd>
          </div>
          <div>
            <dt>Environments ready</dt>
            <dd>
              {summary.environments_ready} of {summary.environments_needed} needed
            </dd>
          </div>
        </dl>
        <SaveIndicator store={store} />
      </header>

      {justStarted?.notice && (
        <Alert variant="info" role="status" title="The plan was already started">
          {justStarted.notice}
        </Alert>
      )}

      {plan.drift.length > 0 && (
        <Alert variant="danger" title="The plan no longer agrees with the dossier">
          <ul className="plan__warnings" data-testid="plan-drift">
            {plan.drift.map((d) => (
              <li key={d.message}>{d.message}</li>
            ))}
          </ul>
          <p>Change the plan (or the dossier) until they agree; documents generated meanwhile say so on their first page.</p>
        </Alert>
      )}

      {summary.warnings.length > 0 && (
        <Alert variant="warning" title={`${plural(summary.warnings.length, 'thing')} to look at before go-live`}>
          <ul className="plan__warnings">
            {summary.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </Alert>
      )}

      <div className="plan__layout">
        <nav className="overview__toc plan__toc" aria-label="Deployment plan sections">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.id}>
                <button type="button" className="link-button" onClick={() => focusSection(s.id)}>
                  {s.label}
                </button>
              </li>
            ))}
          </ul>
          <p className="plan__keys">
            Text saves as you type. Move a row with its arrows or <kbd>Alt</kbd>+<kbd>↑</kbd> / <kbd>Alt</kbd>+<kbd>↓</kbd>.
          </p>
        </nav>

        <div className="plan__sections">
          {section(
            'scope',
            <div className="plan-grid plan-grid--two">
              {field('scope_summary', plan.scope.summary, { multiline: true })}
              {field('scope_systems', plan.scope.systems, { multiline: true, description: 'One line per system or fact' })}
            </div>,
          )}
          {section('environments', <Environments plan={plan} store={store} />, `${summary.environments_ready} of ${summary.environments_needed} needed ready`)}
          {section(
            'cutover',
            <CutoverSteps plan={plan} store={store} announce={setAnnouncement} />,
            `${plural(summary.steps, 'step')} · times as YYYY-MM-DD HH:MM where the cutover happens`,
          )}
          {section('checklist', <Checklist plan={plan} store={store} announce={setAnnouncement} />, `${summary.checklist_done} of ${summary.checklist_total} done`)}
          {section('communications', <Communications plan={plan} store={store} announce={setAnnouncement} />)}
          {section(
            'contacts',
            <>
              <Raci plan={plan} store={store} announce={setAnnouncement} />
              <div className="plan-grid">{field('escalation', plan.escalation, { multiline: true, description: 'Who to call, in order, when something goes wrong' })}</div>
            </>,
            'RACI by participant role',
          )}
          {section(
            'support',
            <div className="plan-grid plan-grid--support">
              {field('support_model', plan.support.model, { multiline: true })}
              <div className="plan-dates">
                {field('hypercare_start', plan.support.hypercare_start, { placeholder: 'YYYY-MM-DD' })}
                {field('hypercare_end', plan.support.hypercare_end, { placeholder: 'YYYY-MM-DD' })}
                <p className="plan-dates__days">{plan.support.hypercare_days !== null ? plural(plan.support.hypercare_days, 'day') : ''}</p>
              </div>
              {field('hypercare_contacts', plan.support.contacts, { multiline: true })}
              {field('hypercare_exit_criteria', plan.support.exit_criteria, { multiline: true })}
            </div>,
          )}
          {section(
            'rollback',
            <div className="plan-grid plan-grid--two">
              {field('rollback_triggers', plan.rollback.triggers, { multiline: true })}
              {field('rollback_steps', plan.rollback.steps, { multiline: true })}
              <div data-plan-field="plan:rollback_decision_role">
                <RoleSelect
                  label={planFieldLabel('rollback_decision_role')}
                  value={plan.rollback.decision_role}
                  error={store.fieldError('plan:rollback_decision_role')}
                  onChange={(role) =>
                    store.update('plan:rollback_decision_role', 'The rollback decision role', { rollback_decision_role: role as PlanRole | null }, (p) => ({
                      ...p,
                      rollback: { ...p.rollback, decision_role: role },
                    }))
                  }
                />
              </div>
              {field('rollback_decision_maker', plan.rollback.decision_maker, { description: 'The person who decides, by name' })}
            </div>,
          )}
        </div>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}

function focusSection(id: string) {
  const target = document.getElementById(`plan-${id}`);
  target?.scrollIntoView({ behavior: scrollBehavior(), block: 'start' });
  target?.querySelector<HTMLElement>('input, textarea, select, button')?.focus({ preventScroll: true });
}

function SaveIndicator({ store }: { store: PlanStore }) {
  const { status } = store;
  const failure = status.failures.at(-1);
  return (
    <div className={`save-indicator save-indicator--${status.state}`}>
      <span role="status" aria-live="polite" className="save-indicator__text" data-testid="plan-save-indicator">
        {status.state === 'saving' ? (
          <>
            <span className="inline-spinner" aria-hidden="true" /> Saving…
          </>
        ) : status.state === 'failed' ? (
          <>Not saved: {failure}</>
        ) : status.state === 'saved' ? (
          <>
            <span className="save-indicator__tick" aria-hidden="true">
              ✓
            </span>{' '}
            Saved
          </>
        ) : (
          'Changes save as you go'
        )}
      </span>
      {status.state === 'failed' && (
        <Button size="xsmall" variant="secondary" onPress={store.retryFailed}>
          {status.failures.length > 0 && store.unsavedCount > 0 ? 'Try again' : 'Dismiss'}
        </Button>
      )}
    </div>
  );
}
