import { Button } from '@bcgov/design-system-react-components';
import type { DossierSummary } from '../../shared/api/types';
import { phaseLabel } from '../../shared/workflow/definition';
import { DEFAULT_LIST_QUERY, useNavigation, type ListQuery } from '../app/navigation';
import { useDocumentTitle } from '../app/useDocumentTitle';
import { formatCount } from '../format/numbers';
import { EmptyState, InlineError, Loading } from '../ui/StatusMessages';
import { SeedHint } from '../ui/SeedHint';
import { DossierTable } from './DossierTable';
import { ListFilters } from './ListFilters';
import { useDossierPages } from './useDossierPages';
import { PortfolioExports } from '../portfolio/PortfolioExports';
import './list.css';

interface DossierListScreenProps {
  query: ListQuery;
  onQueryChange(query: ListQuery): void;
}

export function DossierListScreen({ query, onQueryChange }: DossierListScreenProps) {
  const { navigate } = useNavigation();
  const pages = useDossierPages(query);
  useDocumentTitle('Dossiers');
  const filtered = query.search.trim() !== '' || query.phase !== null || query.lead.trim() !== '';
  const open = (dossier: DossierSummary) => navigate({ screen: 'dossier', id: dossier.id });
  const clearFilters = () => onQueryChange({ ...DEFAULT_LIST_QUERY, sort: query.sort, direction: query.direction });

  return (
    <div className="page page--full list-page">
      <div className="page-heading">
        <div>
          <h1>Dossiers</h1>
          <p className="page-heading__lede" aria-live="polite">
            {pages.stale && pages.total !== null ? <>Searching…</> : <ResultCount total={pages.total} query={query} filtered={filtered} />}
            {pages.loading && pages.total !== null && <span className="inline-spinner" aria-label="Loading" />}
          </p>
        </div>
        <div className="page-heading__actions">
          <PortfolioExports query={query} />
          <Button variant="primary" onPress={() => navigate({ screen: 'create' })}>
            New dossier
          </Button>
        </div>
      </div>

      <ListFilters query={query} onChange={onQueryChange} />

      {pages.error && (
        <InlineError title="Dossiers could not be loaded" onRetry={pages.retry}>
          {pages.error}
        </InlineError>
      )}

      {pages.total === null && !pages.error && <Loading label="Loading dossiers…" />}

      {pages.total === 0 && !pages.stale && !filtered && (
        <EmptyState
          title="No dossiers yet"
          actions={
            <Button variant="primary" onPress={() => navigate({ screen: 'create' })}>
              Create a dossier
            </Button>
          }
        >
          <p>Create a dossier for each Connected Partner you onboard.</p>
          <SeedHint />
        </EmptyState>
      )}

      {pages.total === 0 && !pages.stale && filtered && (
        <EmptyState
          title="No dossiers match"
          actions={
            <Button variant="secondary" onPress={clearFilters}>
              Clear search and filters
            </Button>
          }
        >
          <p>Try fewer words, part of a name, or another phase. Accents are optional: “Skwxwu7mesh” finds “Sḵwx̱wú7mesh”.</p>
        </EmptyState>
      )}

      {pages.total !== null && pages.total > 0 && (
        <DossierTable
          pages={pages}
          total={pages.total}
          stale={pages.stale}
          query={query}
          onSort={(sort, direction) => onQueryChange({ ...query, sort, direction })}
          onOpen={open}
        />
      )}
    </div>
  );
}

function ResultCount({ total, query, filtered }: { total: number | null; query: ListQuery; filtered: boolean }) {
  if (total === null) return <>Loading…</>;
  const noun = total === 1 ? 'dossier' : 'dossiers';
  if (!filtered) return <>{`${formatCount(total)} ${noun}`}</>;
  const parts = [
    query.search.trim() && `matching “${query.search.trim()}”`,
    query.phase && `in ${phaseLabel(query.phase)}`,
    query.lead.trim() && `led by ${query.lead.trim()}`,
  ].filter(Boolean);
  return <>{`${formatCount(total)} ${noun} ${parts.join(', ')}`}</>;
}
