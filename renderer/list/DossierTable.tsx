/**
 * The dossier list as an ARIA table with virtualized rows: only the rows in view are in the DOM.
 * One row is in the Tab order at a time; arrow keys, Page Up/Down, Home and End move between rows
 * and Enter opens the dossier.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { DossierSummary, SortKey } from '../../shared/api/types';
import type { ListQuery } from '../app/navigation';
import { InvalidPhaseBadge, PhaseBadge, RagIndicator } from '../ui/Badges';
import { formatDate } from '../format/dates';
import { COLUMNS, type Column } from './columns';
import type { DossierPages } from './useDossierPages';
import { remPx, rowHeightPx, useAppearance } from '../appearance/index';

/** The header row's height (2.75rem in list.css). */
const HEADER_REM = 2.75;


interface DossierTableProps {
  pages: DossierPages;
  total: number;
  /** The rows still answer the previous search; they stay visible, dimmed. */
  stale: boolean;
  query: ListQuery;
  onSort(sort: SortKey, direction: 'asc' | 'desc'): void;
  onOpen(dossier: DossierSummary): void;
}

export function DossierTable({ pages, total, stale, query, onSort, onOpen }: DossierTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const [focusRequest, setFocusRequest] = useState<number | null>(null);
  // Rows follow the text size and density chosen under Settings › Appearance.
  const { density, text_size } = useAppearance().appearance;
  const [rowHeight, headerHeight] = useMemo(() => [rowHeightPx(density), remPx(HEADER_REM)], [density, text_size]);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    scrollMargin: headerHeight,
  });
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight, headerHeight]);
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  const { ensureLoaded } = pages;

  useEffect(() => {
    if (total > 0) ensureLoaded(first, last);
  }, [first, last, total, ensureLoaded]);

  useEffect(() => {
    setActive(0);
    scrollRef.current?.scrollTo({ top: 0 });
  }, [query]);

  // Focus moves once the virtualizer has rendered the row it scrolled to.
  useEffect(() => {
    if (focusRequest === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${focusRequest}"]`);
    if (row) {
      row.focus({ preventScroll: true });
      setFocusRequest(null);
    }
  });

  const tabbable = active >= first && active <= last ? active : first;

  const moveTo = (index: number) => {
    const target = Math.max(0, Math.min(total - 1, index));
    setActive(target);
    virtualizer.scrollToIndex(target, { align: 'auto' });
    setFocusRequest(target);
  };

  const onRowKeyDown = (event: KeyboardEvent<HTMLDivElement>, index: number, row: DossierSummary | undefined) => {
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + pageRows,
      PageUp: index - pageRows,
      Home: 0,
      End: total - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      moveTo(target);
    } else if (event.key === 'Enter' && row) {
      event.preventDefault();
      onOpen(row);
    }
  };

  return (
    <div className={`card card--flush dossier-table${stale ? ' dossier-table--stale' : ''}`} role="table" aria-label="Dossiers" aria-rowcount={total + 1} aria-busy={stale || undefined}>
      <div className="dossier-table__scroll" ref={scrollRef}>
        <div role="rowgroup" className="dossier-table__head">
          <div role="row" aria-rowindex={1} className="dossier-table__row dossier-table__row--head">
            {COLUMNS.map((column) => (
              <HeaderCell key={column.id} column={column} query={query} onSort={onSort} />
            ))}
          </div>
        </div>
        <div role="rowgroup" className="dossier-table__body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = pages.rowAt(item.index);
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                data-index={item.index}
                tabIndex={item.index === tabbable ? 0 : -1}
                className={`dossier-table__row${row ? '' : ' dossier-table__row--loading'}`}
                style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)`, height: rowHeight }}
                onClick={() => row && onOpen(row)}
                onFocus={() => setActive(item.index)}
                onKeyDown={(event) => onRowKeyDown(event, item.index, row)}
                aria-busy={row ? undefined : true}
              >
                {row ? <RowCells row={row} /> : <LoadingCells />}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function HeaderCell({ column, query, onSort }: { column: Column; query: ListQuery; onSort: DossierTableProps['onSort'] }) {
  const sortKey = column.sort;
  if (!sortKey) {
    return (
      <div role="columnheader" className={`dossier-table__cell dossier-table__cell--${column.id}`}>
        {column.label}
      </div>
    );
  }
  const current = query.sort === sortKey;
  const ariaSort = current ? (query.direction === 'asc' ? 'ascending' : 'descending') : 'none';
  const nextDirection = current ? (query.direction === 'asc' ? 'desc' : 'asc') : (column.firstDirection ?? 'asc');
  return (
    <div role="columnheader" aria-sort={ariaSort} className={`dossier-table__cell dossier-table__cell--${column.id}`}>
      <button
        type="button"
        className={`sort-button${current ? ' sort-button--current' : ''}`}
        onClick={() => onSort(sortKey, nextDirection)}
        title={`Sort by ${column.label.toLowerCase()}`}
      >
        {column.label}
        <span className="sort-button__arrow" aria-hidden="true">
          {current ? (query.direction === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </div>
  );
}

function RowCells({ row }: { row: DossierSummary }) {
  return (
    <>
      <div role="cell" className="dossier-table__cell dossier-table__cell--reference">
        <span className="reference">{row.reference}</span>
      </div>
      <div role="cell" className="dossier-table__cell dossier-table__cell--organization" title={row.organization ?? undefined}>
        {row.organization ?? <span className="muted">—</span>}
      </div>
      <div role="cell" className="dossier-table__cell dossier-table__cell--application" title={row.application ?? undefined}>
        {row.application ?? <span className="muted">—</span>}
      </div>
      <div role="cell" className="dossier-table__cell dossier-table__cell--phase">
        {row.invalid?.includes('status.phase') ? <InvalidPhaseBadge /> : <PhaseBadge phase={row.phase} />}
      </div>
      <div role="cell" className="dossier-table__cell dossier-table__cell--rag">
        <RagIndicator rag={row.rag} />
      </div>
      <div role="cell" className="dossier-table__cell dossier-table__cell--lead" title={row.lead ?? undefined}>
        {row.lead ?? <span className="muted">Unassigned</span>}
      </div>
      <div role="cell" className="dossier-table__cell dossier-table__cell--activities">
        {row.open_activities === 0 ? (
          <span className="muted">None</span>
        ) : (
          <>
            {row.open_activities}
            {row.overdue_activities > 0 && <span className="overdue-text"> · {row.overdue_activities} late</span>}
          </>
        )}
      </div>
      <div role="cell" className="dossier-table__cell dossier-table__cell--go_live_date">
        {formatDate(row.go_live_date)}
      </div>
      <div role="cell" className="dossier-table__cell dossier-table__cell--updated_at">
        {formatDate(row.updated_at)}
      </div>
    </>
  );
}

function LoadingCells() {
  return (
    <>
      {COLUMNS.map((column) => (
        <div key={column.id} role="cell" className={`dossier-table__cell dossier-table__cell--${column.id}`}>
          <span className="skeleton" aria-hidden="true" />
          {column.id === 'organization' && <span className="visually-hidden">Loading…</span>}
        </div>
      ))}
    </>
  );
}
