import { useState } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import type { Dashboard } from '../../shared/api/types';
import { useNavigation } from '../app/navigation';
import { daysBetween, formatDate } from '../format/dates';
import { plural } from '../format/numbers';
import { Card, CardEmpty, CardSubtitle, DataTable, StatusBadge, TwoLineCell, type DataColumn } from '../ui/index';

/** The engine sends at most this many, the most overdue first. */
const ENGINE_LIMIT = 50;
const FIRST_SHOWN = 10;

type Overdue = Dashboard['overdue'][number];

export function OverdueActivities({ overdue, today }: { overdue: Dashboard['overdue']; today: string }) {
  const { navigate } = useNavigation();
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? overdue : overdue.slice(0, FIRST_SHOWN);
  const columns: DataColumn<Overdue>[] = [
    { id: 'dossier', header: 'Dossier', cell: (item) => <TwoLineCell primary={item.organization ?? '—'} secondary={item.reference} /> },
    { id: 'activity', header: 'Activity', cell: (item) => item.label },
    { id: 'assignee', header: 'Assignee', cell: (item) => item.assignee ?? <span className="muted">Unassigned</span> },
    {
      id: 'due',
      header: 'Due',
      nowrap: true,
      cell: (item) => <TwoLineCell primary={formatDate(item.due_date)} secondary={`${plural(daysBetween(item.due_date, today), 'day')} late`} secondaryClassName="overdue-text" />,
    },
  ];
  return (
    <Card
      flush
      headingId="overdue-heading"
      title="Overdue activities"
      aside={
        <>
          {overdue.length > 0 && (
            <StatusBadge tone="danger" count>
              {overdue.length}
            </StatusBadge>
          )}
          {overdue.length >= ENGINE_LIMIT && <CardSubtitle>the {ENGINE_LIMIT} most overdue</CardSubtitle>}
        </>
      }
      footer={
        overdue.length > FIRST_SHOWN ? (
          <Button variant="tertiary" size="small" onPress={() => setShowAll((v) => !v)}>
            {showAll ? `Show the first ${FIRST_SHOWN}` : `Show all ${overdue.length}`}
          </Button>
        ) : undefined
      }
    >
      {overdue.length === 0 ? (
        <CardEmpty>Nothing is overdue. Activities appear here once their due date has passed and they are not done.</CardEmpty>
      ) : (
        <DataTable
          columns={columns}
          rows={shown}
          rowKey={(item) => `${item.dossier_id}:${item.activity}`}
          onOpen={(item) => navigate({ screen: 'dossier', id: item.dossier_id, tab: 'process' })}
          rowLabel={(item) => `${item.reference}, ${item.organization ?? 'no organization'}: ${item.label}, due ${item.due_date}. Open the process.`}
        />
      )}
    </Card>
  );
}
