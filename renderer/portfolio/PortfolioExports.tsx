/** The dossier list's exports: the rows as filtered now (CSV, XLSX), every dossier's dates (.ics), the portfolio report. */
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '@bcgov/design-system-react-components';
import type { ListQuery } from '../app/navigation';
import { api } from '../api/bridge';
import { today } from '../format/dates';
import { plural } from '../format/numbers';
import { ExportButton } from '../work/ExportButton';
import '../work/work.css';
import './portfolio-exports.css';

export function PortfolioExports({ query }: { query: ListQuery }) {
  const filters = {
    ...(query.search.trim() ? { search: query.search.trim() } : {}),
    ...(query.phase ? { phase: query.phase } : {}),
    ...(query.lead.trim() ? { lead: query.lead.trim() } : {}),
    sort: query.sort,
    direction: query.direction,
  };
  const rows = (file: { rows: number; file_name: string }) => `${plural(file.rows, 'dossier')} saved in ${file.file_name}.`;
  // In a smaller window the five exports fold behind one button, so the list's toolbar stays one line.
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, [open]);
  return (
    <div
      ref={rootRef}
      className={`portfolio-exports${open ? ' portfolio-exports--open' : ''}`}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !open) return;
        setOpen(false);
        rootRef.current?.querySelector<HTMLElement>('.portfolio-exports__toggle')?.focus();
      }}
    >
      <Button variant="secondary" className="bcds-react-aria-Button secondary medium portfolio-exports__toggle" aria-expanded={open} aria-controls={panelId} onPress={() => setOpen(!open)}>
        Exports {open ? '▴' : '▾'}
      </Button>
      <div id={panelId} className="portfolio-exports__items" role="group" aria-label="Exports">
      <ExportButton label="Export CSV" produce={() => api.call('dossier.export', { format: 'csv', ...filters, today: today() })} describe={rows} />
      <ExportButton label="Export XLSX" produce={() => api.call('dossier.export', { format: 'xlsx', ...filters, today: today() })} describe={rows} />
      <ExportButton
        label="Portfolio report (PDF)"
        produce={() => api.call('portfolio.report', { format: 'pdf', today: today() })}
        describe={(file) => `Saved ${file.file_name}${file.page_count ? ` (${plural(file.page_count, 'page')})` : ''}.`}
      />
      <ExportButton label="Portfolio report (DOCX)" produce={() => api.call('portfolio.report', { format: 'docx', today: today() })} describe={(file) => `Saved ${file.file_name}.`} />
      <ExportButton
        label="Calendar (.ics)"
        produce={() => api.call('calendar.export', { mine: false, today: today() })}
        describe={(file) => `${plural(file.events, 'date')} of every dossier saved in ${file.file_name}.`}
      />
      </div>
    </div>
  );
}
