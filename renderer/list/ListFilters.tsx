import { useEffect, useRef, useState } from 'react';
import { Select, TextField } from '@bcgov/design-system-react-components';
import { STAGE_KEYS, phaseLabel, type Stage } from '../../shared/workflow/definition';
import type { ListQuery } from '../app/navigation';
import { useDebouncedValue } from './useDebouncedValue';

const ALL_PHASES = 'all';
const TYPING_DELAY_MS = 250;

interface ListFiltersProps {
  query: ListQuery;
  onChange(query: ListQuery): void;
}

/** Search and filters; typed text reaches the query after a short pause, not on every key. */
export function ListFilters({ query, onChange }: ListFiltersProps) {
  const [search, setSearch] = useState(query.search);
  const [lead, setLead] = useState(query.lead);
  const debouncedSearch = useDebouncedValue(search, TYPING_DELAY_MS);
  const debouncedLead = useDebouncedValue(lead, TYPING_DELAY_MS);
  const latest = useRef(query);
  latest.current = query;

  // Filters set from elsewhere (a dashboard card, "Clear filters") replace what is in the boxes.
  useEffect(() => setSearch(query.search), [query.search]);
  useEffect(() => setLead(query.lead), [query.lead]);

  useEffect(() => {
    const q = latest.current;
    if (debouncedSearch !== q.search || debouncedLead !== q.lead) onChange({ ...q, search: debouncedSearch, lead: debouncedLead });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedSearch, debouncedLead]);

  return (
    <div className="list-filters" role="search">
      <div className="list-filters__search">
        <TextField
          label="Search dossiers"
          type="search"
          value={search}
          onChange={setSearch}
          description="Reference, organization, application, people, city… Accents are optional."
          iconLeft={<SearchIcon />}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setSearch('');
          }}
        />
      </div>
      <div className="list-filters__phase">
        <Select
          label="Phase"
          items={[{ id: ALL_PHASES, label: 'All phases' }, ...STAGE_KEYS.map((stage) => ({ id: stage, label: phaseLabel(stage) }))]}
          selectedKey={query.phase ?? ALL_PHASES}
          onSelectionChange={(key) => onChange({ ...query, phase: key === ALL_PHASES || key === null ? null : (key as Stage) })}
        />
      </div>
      <div className="list-filters__lead">
        <TextField label="Lead" value={lead} onChange={setLead} description="Full name of an assigned lead" />
      </div>
    </div>
  );
}

function SearchIcon() {
  return (
    <svg className="search-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <circle cx="6.75" cy="6.75" r="5" fill="none" stroke="currentColor" strokeWidth="1.75" />
      <line x1="10.5" y1="10.5" x2="14.5" y2="14.5" stroke="currentColor" strokeWidth="1.75" strokeLinecap="round" />
    </svg>
  );
}
