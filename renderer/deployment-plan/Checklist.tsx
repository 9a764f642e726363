/** The go-live checklist: tick items (the day is kept), rename, reorder, add and remove them. */
import { useRef } from 'react';
import { Checkbox } from '@bcgov/design-system-react-components';
import type { ChecklistItem, DeploymentPlan } from '../../shared/deployment-plan/model';
import { localIsoDate } from '../../shared/dates';
import { itemSaver } from './controls';
import { AddRow, RowActions, rowKeyDown, useRowMoves, type RowPlace } from './ListControls';
import { PlanText } from './PlanText';
import { patchRow, type PlanStore } from './usePlan';

interface Props {
  plan: DeploymentPlan;
  store: PlanStore;
  announce(text: string): void;
}

const itemName = (item: ChecklistItem) => `checklist item ${item.position}${item.title ? ` “${item.title}”` : ''}`;

export function Checklist({ plan, store, announce }: Props) {
  const move = useRowMoves(store, announce);
  const count = plan.checklist.length;
  return (
    <>
      {count === 0 ? (
        <p className="muted">No checklist items yet.</p>
      ) : (
        <ul className="checklist" aria-label="Go-live checklist">
          {plan.checklist.map((item) => (
            <ChecklistRow key={item.id} item={item} count={count} store={store} onMove={move} />
          ))}
        </ul>
      )}
      <AddRow
        label="New checklist item"
        button="Add item"
        onAdd={async (title) => {
          await store.addItem('Adding a checklist item', 'checklist', { title });
          announce(`Added checklist item “${title.trim()}”.`);
        }}
      />
    </>
  );
}

function ChecklistRow({ item, count, store, onMove }: { item: ChecklistItem; count: number; store: PlanStore; onMove: ReturnType<typeof useRowMoves> }) {
  const rowRef = useRef<HTMLLIElement>(null);
  const name = itemName(item);
  const place: RowPlace = { list: 'checklist', id: item.id, name, position: item.position, count };
  const key = (field: string) => `checklist:${item.id}:${field}`;
  const error = store.fieldError(key('done'));
  return (
    <li
      ref={rowRef}
      className={`checklist__item${item.done ? ' checklist__item--done' : ''}`}
      data-row={item.id}
      onKeyDown={(event) => rowKeyDown(event, (to) => onMove(place, to, rowRef.current))}
    >
      <div className="checklist__check" data-plan-field={key('done')}>
        <Checkbox
          isSelected={item.done}
          aria-label={item.title ?? `Checklist item ${item.position}`}
          onChange={(done) =>
            store.updateItem(key('done'), `Ticking ${name}`, 'checklist', item.id, { done }, (p) =>
              patchRow(p, 'checklist', item.id, { done, done_on: done ? (item.done_on ?? localIsoDate()) : null }),
            )
          }
        />
      </div>
      <PlanText
        store={store}
        fieldKey={key('title')}
        label={`Checklist item ${item.position}`}
        hideLabel
        wrap
        saver={itemSaver(store, 'checklist', item.id, 'title', `The title of ${name}`, item.title ?? '')}
        className="checklist__title"
      />
      <span className="checklist__when">{item.done ? `Done ${item.done_on ?? ''}` : 'Open'}</span>
      <RowActions place={place} onMove={(to) => onMove(place, to, rowRef.current)} onRemove={() => store.removeItem(`Removing ${name}`, 'checklist', item.id)} />
      {error && (
        <p className="plan-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
