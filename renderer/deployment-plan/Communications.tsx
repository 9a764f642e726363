/** Communications around the go-live: who is told what, when, how, and by which role. */
import { useRef } from 'react';
import type { Communication, DeploymentPlan, PlanRole } from '../../shared/deployment-plan/model';
import { RoleSelect, itemSaver } from './controls';
import { AddRow, RowActions, rowKeyDown, useRowMoves, type RowPlace } from './ListControls';
import { PlanText } from './PlanText';
import { patchRow, type PlanStore } from './usePlan';

interface Props {
  plan: DeploymentPlan;
  store: PlanStore;
  announce(text: string): void;
}

const communicationName = (c: Communication) => `communication ${c.position}${c.audience ? ` to “${c.audience}”` : ''}`;

export function Communications({ plan, store, announce }: Props) {
  const move = useRowMoves(store, announce);
  const count = plan.communications.length;
  return (
    <>
      {count === 0 ? (
        <p className="muted">No communications planned yet.</p>
      ) : (
        <div className="comms">
          <div className="comms__head" aria-hidden="true">
            <span>#</span>
            <span>Audience</span>
            <span>When</span>
            <span>Channel</span>
            <span>Sent by</span>
            <span />
          </div>
          <ol className="comms__list" aria-label="Communications, in order">
            {plan.communications.map((c) => (
              <CommunicationRow key={c.id} communication={c} count={count} store={store} onMove={move} />
            ))}
          </ol>
        </div>
      )}
      <AddRow
        label="New communication: audience"
        button="Add communication"
        onAdd={async (audience) => {
          await store.addItem('Adding a communication', 'communications', { audience });
          announce(`Added a communication to “${audience.trim()}”.`);
        }}
      />
    </>
  );
}

function CommunicationRow({ communication: c, count, store, onMove }: { communication: Communication; count: number; store: PlanStore; onMove: ReturnType<typeof useRowMoves> }) {
  const rowRef = useRef<HTMLLIElement>(null);
  const name = communicationName(c);
  const place: RowPlace = { list: 'communications', id: c.id, name, position: c.position, count };
  const key = (field: string) => `communications:${c.id}:${field}`;
  const text = (field: 'audience' | 'timing' | 'channel', label: string) => (
    <PlanText
      store={store}
      fieldKey={key(field)}
      label={`${label} of communication ${c.position}`}
      hideLabel
      wrap
      saver={itemSaver(store, 'communications', c.id, field, `The ${label.toLowerCase()} of ${name}`, c[field] ?? '')}
    />
  );
  return (
    <li ref={rowRef} className="comm" data-row={c.id} onKeyDown={(event) => rowKeyDown(event, (to) => onMove(place, to, rowRef.current))}>
      <span className="step__number" aria-hidden="true">
        {c.position}
      </span>
      {text('audience', 'Audience')}
      {text('timing', 'When')}
      {text('channel', 'Channel')}
      <div data-plan-field={key('owner_role')}>
        <RoleSelect
          label={`Sent by (communication ${c.position})`}
          hideLabel
          short
          value={c.owner_role}
          error={store.fieldError(key('owner_role'))}
          onChange={(role) =>
            store.updateItem(key('owner_role'), `The sender of ${name}`, 'communications', c.id, { owner_role: role as PlanRole | null }, (p) =>
              patchRow(p, 'communications', c.id, { owner_role: role }),
            )
          }
        />
      </div>
      <RowActions place={place} onMove={(to) => onMove(place, to, rowRef.current)} onRemove={() => store.removeItem(`Removing ${name}`, 'communications', c.id)} />
      <div className="comm__message">
        <PlanText
          store={store}
          fieldKey={key('message')}
          label="Message"
          multiline
          saver={itemSaver(store, 'communications', c.id, 'message', `The message of ${name}`, c.message ?? '')}
        />
      </div>
    </li>
  );
}
