/**
 * The dossier list, loaded page by page as the user scrolls: only the pages that come into view
 * are asked for, so thousands of dossiers cost no more than the rows on screen.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DossierSummary } from '../../shared/api/types';
import { api } from '../api/bridge';
import { errorMessage } from '../api/errors';
import type { ListQuery } from '../app/navigation';

export const PAGE_SIZE = 200;

interface PagesState {
  total: number | null;
  pages: ReadonlyMap<number, DossierSummary[]>;
  error: string | null;
}

export interface DossierPages {
  /** Null until the first page arrives. */
  total: number | null;
  error: string | null;
  loading: boolean;
  rowAt(index: number): DossierSummary | undefined;
  ensureLoaded(firstIndex: number, lastIndex: number): void;
  retry(): void;
}

export function useDossierPages(query: ListQuery): DossierPages {
  const [state, setState] = useState<PagesState>({ total: null, pages: new Map(), error: null });
  const [pending, setPending] = useState(0);
  const [retries, setRetries] = useState(0);
  const generation = useRef(0);
  const requested = useRef(new Set<number>());
  const queryRef = useRef(query);
  queryRef.current = query;
  const key = JSON.stringify(query);

  const loadPage = useCallback((page: number) => {
    if (requested.current.has(page)) return;
    requested.current.add(page);
    const started = generation.current;
    const q = queryRef.current;
    setPending((n) => n + 1);
    api
      .call('dossier.list', {
        ...(q.search.trim() ? { search: q.search.trim() } : {}),
        ...(q.phase ? { phase: q.phase } : {}),
        ...(q.lead.trim() ? { lead: q.lead.trim() } : {}),
        sort: q.sort,
        direction: q.direction,
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
      })
      .then(
        (result) => {
          if (started !== generation.current) return;
          setState((s) => ({ total: result.total, pages: new Map(s.pages).set(page, result.rows), error: null }));
        },
        (failure: unknown) => {
          if (started !== generation.current) return;
          requested.current.delete(page);
          setState((s) => ({ ...s, error: errorMessage(failure) }));
        },
      )
      .finally(() => setPending((n) => n - 1));
  }, []);

  useEffect(() => {
    generation.current += 1;
    requested.current = new Set();
    setState({ total: null, pages: new Map(), error: null });
    loadPage(0);
  }, [key, loadPage]);

  const rowAt = useCallback(
    (index: number) => state.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    [state.pages],
  );

  const ensureLoaded = useCallback(
    (firstIndex: number, lastIndex: number) => {
      if (state.total === null) return;
      const last = Math.min(lastIndex, state.total - 1);
      for (let page = Math.floor(Math.max(firstIndex, 0) / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) loadPage(page);
    },
    // A retry makes a new function, so the table asks again for the rows it shows.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state.total, loadPage, retries],
  );

  const retry = useCallback(() => {
    setState((s) => ({ ...s, error: null }));
    setRetries((n) => n + 1);
    if (!state.pages.has(0)) loadPage(0);
  }, [state.pages, loadPage]);

  return { total: state.total, error: state.error, loading: pending > 0, rowAt, ensureLoaded, retry };
}
