/**
 * A deployment plan not started yet: what a plan holds, the choice to start it from the template
 * or empty, and a read-only preview of what the template puts in. Nothing is written until the
 * lead chooses, so opening the tab leaves no trace in the history or the change log.
 */
import { Button } from '@bcgov/design-system-react-components';
import type { PlanTemplatePreview } from '../../shared/deployment-plan/defaults';
import type { DeploymentPlan } from '../../shared/deployment-plan/model';
import { addDays, formatDuration } from '../../shared/deployment-plan/time';
import { api } from '../api/bridge';
import { useApiQuery } from '../api/useApiQuery';
import { formatDate } from '../format/dates';
import { plural } from '../format/numbers';
import { Alert } from '../ui/Alert';
import { Card, CardSubtitle } from '../ui';

export type StartFrom = 'template' | 'empty';

interface PlanStartProps {
  plan: DeploymentPlan;
  /** The way the plan is being started, while it is. */
  starting: StartFrom | null;
  /** Why the last start failed, in the engine's words. */
  error: string | null;
  onStart(from: StartFrom): void;
}

export function PlanStart({ plan, starting, error, onStart }: PlanStartProps) {
  const template = useApiQuery(() => api.call('deploymentPlan.defaults', {}), []);
  const preview = template.data;
  return (
    <div className="plan plan-start">
      <header className="plan__header">
        <div>
          <h2 className="plan__title">Deployment plan</h2>
          <p className="plan__subtitle">Not started · go-live target {formatDate(plan.go_live_date)}</p>
        </div>
      </header>

      <Card level={3} headingId="plan-start-title" className="plan-start__choice" title={`Start the deployment plan of ${plan.reference}`}>
        <p>
          The plan holds the scope and systems in scope, the readiness of each HCIM environment, the cutover steps, the go-live checklist,
          communications, RACI and escalation, post-go-live support and hypercare, and the rollback plan. The deployment plan document is
          generated from it.
        </p>
        <p className="plan-start__note">Nothing is saved until you start it. Starting it is recorded in the dossier’s history in your name.</p>
        <div className="plan-start__actions">
          <div className="plan-start__action">
            <Button variant="primary" isPending={starting === 'template'} isDisabled={starting === 'empty'} onPress={() => onStart('template')}>
              {starting === 'template' ? 'Starting…' : 'Start from the template'}
            </Button>
            <p className="plan-start__hint">
              Recommended:{' '}
              {preview
                ? `${plural(preview.steps.length, 'cutover step')}, ${plural(preview.checklist.length, 'checklist item')}, ${plural(preview.communications.length, 'communication')} and ${plural(preview.raci_areas.length, 'RACI area')}, filled in from this dossier.`
                : 'the usual cutover steps, checklist, communications and RACI, filled in from this dossier.'}
            </p>
          </div>
          <div className="plan-start__action">
            <Button variant="secondary" isPending={starting === 'empty'} isDisabled={starting === 'template'} onPress={() => onStart('empty')}>
              {starting === 'empty' ? 'Starting…' : 'Start empty'}
            </Button>
            <p className="plan-start__hint">Every section blank, to fill in yourself.</p>
          </div>
        </div>
        {error && (
          <div className="plan-start__error">
            <Alert variant="danger" role="alert" title="The deployment plan was not started">
              {error}
            </Alert>
          </div>
        )}
      </Card>

      {template.error ? (
        <Alert variant="warning" title="The template cannot be shown">
          {template.error} You can still start the plan empty.
        </Alert>
      ) : preview ? (
        <TemplatePreview preview={preview} goLive={plan.go_live_date} />
      ) : null}
    </div>
  );
}

/** "2026-09-13 14:00" from the go-live date, or "Go-live day −1, 14:00" while the dossier has none. */
function stepStart(start: PlanTemplatePreview['steps'][number]['start'], goLive: string | null): string | null {
  if (!start) return null;
  if (goLive) return `${addDays(goLive, start.day)} ${start.time}`;
  const day = start.day === 0 ? 'Go-live day' : `Go-live day ${start.day > 0 ? '+' : '−'}${Math.abs(start.day)}`;
  return `${day}, ${start.time}`;
}

function TemplatePreview({ preview, goLive }: { preview: PlanTemplatePreview; goLive: string | null }) {
  return (
    <Card
      level={3}
      headingId="plan-preview-title"
      className="plan-start__preview"
      title="What the template puts in"
      aside={<CardSubtitle>Version {preview.version} · everything can be changed once the plan is started</CardSubtitle>}
    >
      {!goLive && (
        <p className="plan-start__note">
          The dossier has no go-live target yet, so the cutover steps start without times. Set the target on the Overview to have them
          planned around it.
        </p>
      )}
      <div className="plan-start__columns">
        <div>
          <h4 className="plan-start__heading">Cutover steps</h4>
          <ol className="plan-start__steps">
            {preview.steps.map((step) => (
              <li key={step.id}>
                <span className="plan-start__item-title">{step.title}</span>
                <span className="plan-start__meta">
                  {[stepStart(step.start, goLive), formatDuration(step.duration_minutes), step.owner_role_label].filter(Boolean).join(' · ')}
                </span>
              </li>
            ))}
          </ol>
        </div>
        <div>
          <h4 className="plan-start__heading">Go-live checklist</h4>
          <ul className="plan-start__checklist">
            {preview.checklist.map((item) => (
              <li key={item.id}>{item.title}</li>
            ))}
          </ul>
          <h4 className="plan-start__heading">And also</h4>
          <ul className="plan-start__also">
            <li>
              {plural(preview.communications.length, 'communication')}: {[...new Set(preview.communications.map((c) => c.audience))].join('; ')}
            </li>
            <li>
              {plural(preview.raci_areas.length, 'RACI area')}: {preview.raci_areas.map((r) => r.area).join('; ')}
            </li>
            <li>Scope, escalation path and rollback plan texts; {plural(preview.hypercare_days, 'day')} of hypercare from the go-live date</li>
          </ul>
        </div>
      </div>
    </Card>
  );
}
