/** "My work": what is yours across all dossiers, overdue / this week / later; each row opens where the work is done. */
import { useState } from 'react';
import { Select } from '@bcgov/design-system-react-components';
import type { WorkItem } from '../../shared/api/workOps';
import { WORK_BUCKETS, WORK_BUCKET_LABELS, type WorkBucket } from '../../shared/work/queue';
import { PARTICIPANT_ROLES, roleLabel } from '../../shared/workflow/roles';
import { api } from '../api/bridge';
import { useApiQuery } from '../api/useApiQuery';
import { useNavigation, type DossierTab } from '../app/navigation';
import { useDocumentTitle } from '../app/useDocumentTitle';
import { daysBetween, formatDate, today } from '../format/dates';
import { formatCount, plural } from '../format/numbers';
import { Card, CardEmpty, CardSubtitle, DataTable, InlineError, Loading, StatusBadge, Toolbar, TwoLineCell, type DataColumn } from '../ui/index';
import { useWorkRole } from './useWorkRole';
import { ExportButton } from './ExportButton';
import './work.css';

const PROFILE_ROLE = 'profile';
/** "Show all": no group is cut. */
const ALL = 1_000_000;

export function MyWorkScreen() {
  const [picked, setPicked] = useWorkRole();
  const [everything, setEverything] = useState(false);
  const day = today();
  const profile = useApiQuery(() => api.call('profile.get', {}), []);
  const work = useApiQuery(
    () => api.call('work.list', { ...(picked ? { role: picked } : {}), today: day, ...(everything ? { limit: ALL } : {}) }),
    [picked, day, everything],
  );
  useDocumentTitle('My work');
  const data = work.data;
  const profileRole = profile.data?.profile?.role;
  const who = [data?.role ? roleLabel(data.role) : 'no role', data?.assignee].filter(Boolean).join(' · ');

  return (
    <div className="page my-work">
      <div className="page-heading">
        <div>
          <h1>My work</h1>
          <p className="page-heading__lede">
            {data ? `${plural(data.counts.total, 'item')} for ${who} · as of ${formatDate(day)}` : 'What is waiting for you across all dossiers'}
          </p>
        </div>
        <Toolbar
          label="Whose work"
          end={
            <>
              <Select
                label="Role"
                items={[
                  { id: PROFILE_ROLE, label: profileRole && profileRole !== 'connected_partner' ? `My profile’s (${roleLabel(profileRole)})` : 'My profile’s (none set)' },
                  ...PARTICIPANT_ROLES.map((r) => ({ id: r.key, label: r.label })),
                ]}
                selectedKey={picked ?? PROFILE_ROLE}
                onSelectionChange={(key) => setPicked(key === PROFILE_ROLE || key === null ? null : (key as typeof PARTICIPANT_ROLES[number]['key']))}
              />
              <ExportButton
                label="Add to calendar (.ics)"
                produce={() => api.call('calendar.export', { mine: true, ...(picked ? { role: picked } : {}), today: day })}
                describe={(file) => `${plural(file.events, 'dated item')} saved in ${file.file_name}.`}
              />
            </>
          }
        />
      </div>
      {work.error && (
        <InlineError title="Your work could not be loaded" onRetry={work.reload}>
          {work.error}
        </InlineError>
      )}
      {!data && work.loading && <Loading label="Loading your work…" />}
      {data && data.role === null && (
        <p className="my-work__hint">
          Without a participant role only the work assigned to you by name is listed. Set your role in your profile, or pick one above.
        </p>
      )}
      {data &&
        WORK_BUCKETS.map((bucket) => (
          <WorkGroup key={bucket} bucket={bucket} items={data.items.filter((i) => i.bucket === bucket)} total={data.counts[bucket]} today={day} onShowAll={() => setEverything(true)} />
        ))}
    </div>
  );
}

function WorkGroup({ bucket, items, total, today: day, onShowAll }: { bucket: WorkBucket; items: WorkItem[]; total: number; today: string; onShowAll: () => void }) {
  const { navigate } = useNavigation();
  const columns: DataColumn<WorkItem>[] = [
    { id: 'dossier', header: 'Dossier', width: '30%', cell: (item) => <TwoLineCell primary={item.organization ?? '—'} secondary={item.reference} /> },
    { id: 'work', header: 'Work', width: '40%', cell: (item) => <TwoLineCell primary={item.title} secondary={item.detail ?? undefined} /> },
    { id: 'kind', header: 'Kind', width: '15%', cell: (item) => item.kind_label },
    {
      id: 'due',
      header: 'Due',
      width: '15%',
      nowrap: true,
      cell: (item) =>
        item.due_date ? (
          <TwoLineCell
            primary={formatDate(item.due_date)}
            secondary={bucket === 'overdue' ? `${plural(daysBetween(item.due_date, day), 'day')} late` : undefined}
            secondaryClassName="overdue-text"
          />
        ) : (
          <span className="muted">No date</span>
        ),
    },
  ];
  return (
    <Card
      flush
      className="my-work__group"
      data-bucket={bucket}
      headingId={`work-${bucket}`}
      title={WORK_BUCKET_LABELS[bucket]}
      aside={
        <>
          <StatusBadge tone={bucket === 'overdue' && total ? 'danger' : 'neutral'} count>
            {formatCount(total)}
          </StatusBadge>
          {bucket === 'this_week' && <CardSubtitle>due in the next 7 days</CardSubtitle>}
        </>
      }
    >
      {items.length === 0 ? (
        <CardEmpty>{bucket === 'overdue' ? 'Nothing of yours is overdue.' : 'Nothing here.'}</CardEmpty>
      ) : (
        <DataTable
          columns={columns}
          rows={items}
          rowKey={(item) => item.id}
          onOpen={(item) => navigate({ screen: 'dossier', id: item.dossier_id, tab: item.target.tab as DossierTab, ...(item.target.focus ? { focus: item.target.focus } : {}) })}
          rowLabel={(item) => `${item.reference}, ${item.organization ?? 'no organization'}: ${item.title}${item.due_date ? `, due ${item.due_date}` : ''}. Open it.`}
        />
      )}
      {items.length < total && (
        <CardEmpty>
          Showing the {formatCount(items.length)} earliest due of {formatCount(total)}.{' '}
          <button type="button" className="link-button" onClick={onShowAll}>
            Show all {formatCount(total)}
          </button>
        </CardEmpty>
      )}
    </Card>
  );
}
