/** What went wrong with the last sync, what to do, and — for stops that need a person — the decision itself. */
import { Button } from '@bcgov/design-system-react-components';
import { formatDateTime } from '../format/dates';
import { useConfirm } from '../ui/index';
import { ACTION_LABELS } from './failures';
import type { SyncDescription } from './describe';
import type { SyncRunOptions } from './scheduler';

interface Props {
  failure: NonNullable<SyncDescription['failure']>;
  busy: boolean;
  onDecide(options: SyncRunOptions): void;
}

export function SyncFailureDetails({ failure, busy, onDecide }: Props) {
  const action = failure.advice.action;
  const confirm = useConfirm();
  return (
    <div className={`sync-failure sync-failure--${failure.advice.retry === 'auto' ? 'warning' : 'danger'}`} role="group" aria-label="Last sync failure">
      <p className="sync-failure__title">{failure.advice.title}</p>
      <p className="sync-failure__message">{failure.message}</p>
      {failure.reasons.length > 0 && (
        <ul className="sync-failure__reasons">
          {failure.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      <p className="sync-failure__advice">
        <strong>What to do: </strong>
        {failure.advice.advice}
      </p>
      <p className="hint">Failed at {formatDateTime(failure.at)}.</p>
      {action && (
        <Button
          size="small"
          variant="secondary"
          isDisabled={busy}
          onPress={async () => {
            const labels = ACTION_LABELS[action];
            if (await confirm.ask({ title: labels.title, message: labels.confirm, confirmLabel: labels.confirmButton })) onDecide({ [action]: true });
          }}
        >
          {ACTION_LABELS[action].button}
        </Button>
      )}
      {confirm.dialog}
    </div>
  );
}
