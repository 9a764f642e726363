import { useEffect, useId, useState, type ReactNode } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import type { HistoryGroup } from '../../shared/api/historyOps';
import type { HistoryEntry } from '../../shared/api/types';
import { HISTORY_KINDS, HISTORY_KIND_LABELS, historyGroupTitle, type HistoryKind } from '../../shared/history/kinds';
import { api } from '../api/bridge';
import { errorMessage } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';
import { formatDateTime } from '../format/dates';
import { formatHistoryValue, historyLabel } from '../format/historyValues';
import { Card, CardSubtitle, DataTable, EmptyState, Field, InlineError, Loading, type DataColumn } from '../ui/index';

/** Operations per page; "Show older changes" loads the next. */
const PAGE = 50;

/**
 * The audit trail, newest first, one line per operation (everything one action wrote, such as a
 * plan started from the template), which opens to its changes; filtered by kind and person.
 * `version` reloads it whenever the dossier changes.
 */
export function HistoryTab({ dossierId, version }: { dossierId: string; version: string }) {
  const [kinds, setKinds] = useState<readonly HistoryKind[]>([]);
  const [person, setPerson] = useState('');
  const filters = { id: dossierId, limit: PAGE, ...(kinds.length ? { kinds: [...kinds] } : {}), ...(person ? { person } : {}) };
  const first = useApiQuery(() => api.call('dossier.history.groups', filters), [dossierId, version, kinds.join(','), person]);
  const [older, setOlder] = useState<{ groups: HistoryGroup[]; next: number | null } | null>(null);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<string | null>(null);
  const [people, setPeople] = useState<string[]>([]);
  useEffect(() => {
    setOlder(null);
    setOlderError(null);
    if (first.data) setPeople(first.data.people);
  }, [first.data]);

  if (first.error) {
    return (
      <InlineError title="The history could not be loaded" onRetry={first.reload}>
        {first.error}
      </InlineError>
    );
  }
  if (!first.data) return <Loading label="Loading the history…" />;
  const filtered = kinds.length > 0 || person !== '';
  if (first.data.groups.length === 0 && !filtered) return <EmptyState title="No changes recorded yet" />;

  const groups = [...first.data.groups, ...(older?.groups ?? [])];
  const next = older ? older.next : first.data.next;
  const loadOlder = async () => {
    if (next === null) return;
    setLoadingOlder(true);
    setOlderError(null);
    try {
      const page = await api.call('dossier.history.groups', { ...filters, before: next });
      setOlder((o) => ({ groups: [...(o?.groups ?? []), ...page.groups], next: page.next }));
    } catch (failure) {
      setOlderError(errorMessage(failure));
    } finally {
      setLoadingOlder(false);
    }
  };
  const toggleKind = (kind: HistoryKind) => setKinds((k) => (k.includes(kind) ? k.filter((x) => x !== kind) : HISTORY_KINDS.filter((x) => x === kind || k.includes(x))));

  return (
    <Card
      flush
      className="history"
      headingId="history-title"
      title="Change history"
      aside={
        <CardSubtitle>
          {groups.length === 1 ? '1 entry' : `${groups.length.toLocaleString('en-CA')} entries`}
          {next !== null ? ' so far' : ''}, newest first; an entry with a count holds everything one action changed
        </CardSubtitle>
      }
    >
      <div className="history-filters">
        <fieldset className="history-filters__kinds">
          <legend>Show only</legend>
          {HISTORY_KINDS.map((kind) => (
            <label key={kind} className="history-filters__kind">
              <input type="checkbox" checked={kinds.includes(kind)} onChange={() => toggleKind(kind)} />
              {HISTORY_KIND_LABELS[kind]}
            </label>
          ))}
        </fieldset>
        <Field label="Person" inline className="history-filters__person">
          {(control) => (
            <select {...control} value={person} onChange={(e) => setPerson(e.target.value)}>
              <option value="">Everyone</option>
              {people.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          )}
        </Field>
        {filtered && (
          <Button
            variant="tertiary"
            size="small"
            onPress={() => {
              setKinds([]);
              setPerson('');
            }}
          >
            Clear filters
          </Button>
        )}
      </div>
      {groups.length === 0 ? (
        <p className="history__none" role="status">
          No changes match these filters.
        </p>
      ) : (
        <HistoryTable groups={groups} />
      )}
      {next !== null && (
        <div className="history__more">
          <Button variant="secondary" onPress={() => void loadOlder()} isDisabled={loadingOlder}>
            {loadingOlder ? 'Loading older changes…' : 'Show older changes'}
          </Button>
          {olderError && <p role="alert">The older changes could not be loaded: {olderError}</p>}
        </div>
      )}
    </Card>
  );
}

/** A change as the table shows it: its own row, or one of an operation's rows (time and person said once, on the summary). */
interface ChangeLine {
  entry: HistoryEntry;
  nested: boolean;
  received?: ReactNode;
}

const COLUMNS: DataColumn<ChangeLine>[] = [
  { id: 'when', header: 'When', nowrap: true, cell: ({ entry, nested }) => (nested ? <span className="visually-hidden">{formatDateTime(entry.at)}</span> : formatDateTime(entry.at)) },
  { id: 'who', header: 'Who', cell: ({ entry, nested }) => (nested ? <span className="visually-hidden">{entry.actor}</span> : entry.actor) },
  {
    id: 'what',
    header: 'What',
    cell: ({ entry, received }) => (
      <>
        {historyLabel(entry)}
        {received}
      </>
    ),
  },
  { id: 'change', header: 'Change', cell: ({ entry }) => <ChangeValues entry={entry} /> },
];

/** The table of operations: one with a single change is its row; one with more is a summary row whose button shows and hides its changes. */
function HistoryTable({ groups }: { groups: readonly HistoryGroup[] }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const idPrefix = useId();
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <DataTable
      className="history-table"
      middle
      columns={COLUMNS}
      rowKey={(line) => line.entry.id}
      rowClassName={(line) => (line.nested ? 'history-change-row history-change-row--nested' : 'history-change-row')}
      groups={groups.map((group) => {
        const received = group.received ? <span className="history-received">Received through sync</span> : null;
        if (group.count === 1) return { key: group.id, className: 'history-group history-group--single', rows: [{ entry: group.entries[0]!, nested: false, received }] };
        const rowsId = `${idPrefix}-${group.id}`;
        const expanded = open.has(group.id);
        return {
          key: group.id,
          leadClassName: 'history-group',
          lead: (
            <tr className="history-group__summary">
              <td className="nowrap">{formatDateTime(group.at)}</td>
              <td>{group.actor}</td>
              <td colSpan={2}>
                <button type="button" className="history-group__toggle" aria-expanded={expanded} aria-controls={rowsId} onClick={() => toggle(group.id)}>
                  <span className="history-group__chevron" aria-hidden="true" />
                  {historyGroupTitle(group)}
                </button>
                {received}
              </td>
            </tr>
          ),
          id: rowsId,
          hidden: !expanded,
          className: 'history-group__changes',
          rows: group.entries.map((entry) => ({ entry, nested: true })),
        };
      })}
    />
  );
}

function ChangeValues({ entry }: { entry: HistoryEntry }) {
  const before = formatHistoryValue(entry, entry.old_value);
  const after = formatHistoryValue(entry, entry.new_value);
  return (
    <div className="history-change">
      <span className={before === null ? 'history-value history-value--empty' : 'history-value history-value--old'}>{before ?? 'empty'}</span>
      <span className="history-arrow" aria-label="changed to">
        →
      </span>
      <span className={after === null ? 'history-value history-value--empty' : 'history-value history-value--new'}>{after ?? 'empty'}</span>
    </div>
  );
}
