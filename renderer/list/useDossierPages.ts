/**
 * The dossier list, loaded page by page as the user scrolls: only the pages that come into view
 * are asked for, so thousands of dossiers cost no more than the rows on screen. While a new search
 * or filter loads, the previous rows stay on screen (marked stale) instead of flashing empty.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DossierSummary } from '../../shared/api/types';
import { api } from '../api/bridge';
import { errorMessage } from '../api/errors';
import type { ListQuery } from '../app/navigation';

export const PAGE_SIZE = 200;

interface PagesState {
  /** The query these pages answer. */
  key: string | null;
  total: number | null;
  pages: ReadonlyMap<number, DossierSummary[]>;
  error: string | null;
}

export interface DossierPages {
  /** Null until the first page arrives. */
  total: number | null;
  /** True while the rows shown still answer the previous query. */
  stale: boolean;
  error: string | null;
  loading: boolean;
  rowAt(index: number): DossierSummary | undefined;
  ensureLoaded(firstIndex: number, lastIndex: number): void;
  retry(): void;
}

function toInput(q: ListQuery, page: number) {
  return {
    ...(q.search.trim() ? { search: q.search.trim() } : {}),
    ...(q.phase ? { phase: q.phase } : {}),
    ...(q.lead.trim() ? { lead: q.lead.trim() } : {}),
    sort: q.sort,
    direction: q.direction,
    offset: page * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
}

export function useDossierPages(query: ListQuery): DossierPages {
  const [state, setState] = useState<PagesState>({ key: null, total: null, pages: new Map(), error: null });
  const [pending, setPending] = useState(0);
  const [retries, setRetries] = useState(0);
  const requested = useRef(new Set<number>());
  const key = JSON.stringify(query);
  const keyRef = useRef(key);
  const queryRef = useRef(query);
  keyRef.current = key;
  queryRef.current = query;

  const loadPage = useCallback((page: number) => {
    if (requested.current.has(page)) return;
    requested.current.add(page);
    const forKey = keyRef.current;
    const forRequests = requested.current;
    setPending((n) => n + 1);
    api
      .call('dossier.list', toInput(queryRef.current, page))
      .then(
        (result) => {
          if (forKey !== keyRef.current) return;
          setState((s) =>
            s.key === forKey
              ? { ...s, total: result.total, pages: new Map(s.pages).set(page, result.rows), error: null }
              : { key: forKey, total: result.total, pages: new Map([[page, result.rows]]), error: null },
          );
        },
        (failure: unknown) => {
          if (forKey !== keyRef.current) return;
          forRequests.delete(page);
          setState((s) => ({ ...s, error: errorMessage(failure) }));
        },
      )
      .finally(() => setPending((n) => n - 1));
  }, []);

  useEffect(() => {
    requested.current = new Set();
    loadPage(0);
  }, [key, loadPage]);

  const stale = state.key !== key;
  const rowAt = useCallback(
    (index: number) => state.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    [state.pages],
  );

  const ensureLoaded = useCallback(
    (firstIndex: number, lastIndex: number) => {
      // Pages of the previous query are not worth asking for; page 0 of this one is on its way.
      if (state.total === null || stale) return;
      const last = Math.min(lastIndex, state.total - 1);
      for (let page = Math.floor(Math.max(firstIndex, 0) / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) loadPage(page);
    },
    // A retry makes a new function, so the table asks again for the rows it shows.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state.total, stale, loadPage, retries],
  );

  const retry = useCallback(() => {
    setState((s) => ({ ...s, error: null }));
    setRetries((n) => n + 1);
    if (!requested.current.has(0) || stale) {
      requested.current.delete(0);
      loadPage(0);
    }
  }, [stale, loadPage]);

  return { total: state.total, stale, error: state.error, loading: pending > 0, rowAt, ensureLoaded, retry };
}
