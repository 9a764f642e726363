/** "My work": what is yours across all dossiers, overdue / this week / later; each row opens where the work is done. */
import { Select } from '@bcgov/design-system-react-components';
import type { WorkItem } from '../../shared/api/workOps';
import { WORK_BUCKETS, WORK_BUCKET_LABELS, type WorkBucket } from '../../shared/work/queue';
import { PARTICIPANT_ROLES, roleLabel } from '../../shared/workflow/roles';
import { api } from '../api/bridge';
import { useApiQuery } from '../api/useApiQuery';
import { useNavigation, type DossierTab } from '../app/navigation';
import { useDocumentTitle } from '../app/useDocumentTitle';
import { daysBetween, formatDate, today } from '../format/dates';
import { plural } from '../format/numbers';
import { InlineError, Loading } from '../ui/StatusMessages';
import { useWorkRole } from './useWorkRole';
import { ExportButton } from './ExportButton';
import './work.css';

const PROFILE_ROLE = 'profile';

export function MyWorkScreen() {
  const [picked, setPicked] = useWorkRole();
  const day = today();
  const profile = useApiQuery(() => api.call('profile.get', {}), []);
  const work = useApiQuery(() => api.call('work.list', { ...(picked ? { role: picked } : {}), today: day }), [picked, day]);
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
        <div className="my-work__actions">
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
        </div>
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
      {data && WORK_BUCKETS.map((bucket) => <WorkGroup key={bucket} bucket={bucket} items={data.items.filter((i) => i.bucket === bucket)} today={day} />)}
    </div>
  );
}

function WorkGroup({ bucket, items, today: day }: { bucket: WorkBucket; items: WorkItem[]; today: string }) {
  const { navigate } = useNavigation();
  const headingId = `work-${bucket}`;
  return (
    <section className="card card--flush my-work__group" aria-labelledby={headingId} data-bucket={bucket}>
      <h2 id={headingId} className="card__title">
        {WORK_BUCKET_LABELS[bucket]}
        <span className={`count-pill${bucket === 'overdue' && items.length ? ' count-pill--danger' : ''}`}>{items.length}</span>
        {bucket === 'this_week' && <span className="card__subtitle">due in the next 7 days</span>}
      </h2>
      {items.length === 0 ? (
        <p className="card__empty">{bucket === 'overdue' ? 'Nothing of yours is overdue.' : 'Nothing here.'}</p>
      ) : (
        <table className="data-table data-table--interactive">
          <thead>
            <tr>
              <th scope="col">Dossier</th>
              <th scope="col">Work</th>
              <th scope="col">Kind</th>
              <th scope="col">Due</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const open = () => navigate({ screen: 'dossier', id: item.dossier_id, tab: item.target.tab as DossierTab, ...(item.target.focus ? { focus: item.target.focus } : {}) });
              return (
                <tr
                  key={item.id}
                  tabIndex={0}
                  onClick={open}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') open();
                  }}
                  aria-label={`${item.reference}, ${item.organization ?? 'no organization'}: ${item.title}${item.due_date ? `, due ${item.due_date}` : ''}. Open it.`}
                >
                  <td>
                    <span className="cell-primary">{item.organization ?? '—'}</span>
                    <span className="cell-secondary">{item.reference}</span>
                  </td>
                  <td>
                    <span className="cell-primary">{item.title}</span>
                    {item.detail && <span className="cell-secondary">{item.detail}</span>}
                  </td>
                  <td>{item.kind_label}</td>
                  <td className="nowrap">
                    {item.due_date ? (
                      <>
                        <span className="cell-primary">{formatDate(item.due_date)}</span>
                        {bucket === 'overdue' && <span className="cell-secondary overdue-text">{plural(daysBetween(item.due_date, day), 'day')} late</span>}
                      </>
                    ) : (
                      <span className="muted">No date</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
