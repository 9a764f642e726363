import { useState } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import type { Dashboard } from '../../shared/api/types';
import { useNavigation } from '../app/navigation';
import { daysBetween, formatDate } from '../format/dates';
import { plural } from '../format/numbers';

/** The engine sends at most this many, the most overdue first. */
const ENGINE_LIMIT = 50;
const FIRST_SHOWN = 10;

export function OverdueActivities({ overdue, today }: { overdue: Dashboard['overdue']; today: string }) {
  const { navigate } = useNavigation();
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? overdue : overdue.slice(0, FIRST_SHOWN);
  return (
    <section className="card card--flush" aria-labelledby="overdue-heading">
      <h2 id="overdue-heading" className="card__title">
        Overdue activities
        {overdue.length > 0 && <span className="count-pill count-pill--danger">{overdue.length}</span>}
        {overdue.length >= ENGINE_LIMIT && <span className="card__subtitle">the {ENGINE_LIMIT} most overdue</span>}
      </h2>
      {overdue.length === 0 ? (
        <p className="card__empty">Nothing is overdue. Activities appear here once their due date has passed and they are not done.</p>
      ) : (
        <table className="data-table data-table--interactive">
          <thead>
            <tr>
              <th scope="col">Dossier</th>
              <th scope="col">Activity</th>
              <th scope="col">Assignee</th>
              <th scope="col">Due</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((item) => {
              const open = () => navigate({ screen: 'dossier', id: item.dossier_id, tab: 'process' });
              return (
                <tr
                  key={`${item.dossier_id}:${item.activity}`}
                  tabIndex={0}
                  onClick={open}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') open();
                  }}
                  aria-label={`${item.reference}, ${item.organization ?? 'no organization'}: ${item.label}, due ${item.due_date}. Open the process.`}
                >
                  <td>
                    <span className="cell-primary">{item.organization ?? '—'}</span>
                    <span className="cell-secondary">{item.reference}</span>
                  </td>
                  <td>{item.label}</td>
                  <td>{item.assignee ?? <span className="muted">Unassigned</span>}</td>
                  <td className="nowrap">
                    <span className="cell-primary">{formatDate(item.due_date)}</span>
                    <span className="cell-secondary overdue-text">{plural(daysBetween(item.due_date, today), 'day')} late</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {overdue.length > FIRST_SHOWN && (
        <div className="card__footer">
          <Button variant="tertiary" size="small" onPress={() => setShowAll((v) => !v)}>
            {showAll ? `Show the first ${FIRST_SHOWN}` : `Show all ${overdue.length}`}
          </Button>
        </div>
      )}
    </section>
  );
}
