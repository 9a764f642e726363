/**
 * The dossier list, with the filters and order the list has, as CSV or as a real spreadsheet
 * (XLSX: typed date and number cells, frozen header row, autofilter on).
 */
import ExcelJS from 'exceljs';
import type { OperationArgs, OperationOutput } from '../../shared/api/contract';
import type { DossierSummary } from '../../shared/api/types';
import { localIsoDate } from '../../shared/dates';
import { phaseLabel } from '../../shared/workflow/definition';
import { listDossiers, type ServiceContext } from '../dossiers/index';

type ExportInput = OperationArgs<'dossier.export'>;
type Cell = string | number | Date | null;

interface Column {
  header: string;
  width: number;
  kind: 'text' | 'date' | 'number';
  value(row: DossierSummary): string | number | null;
}

const RAG_WORDS: Record<string, string> = { green: 'Green', amber: 'Amber', red: 'Red' };

export const EXPORT_COLUMNS: readonly Column[] = [
  { header: 'Reference', width: 16, kind: 'text', value: (r) => r.reference },
  { header: 'Organization', width: 38, kind: 'text', value: (r) => r.organization },
  { header: 'Application', width: 32, kind: 'text', value: (r) => r.application },
  { header: 'Phase', width: 16, kind: 'text', value: (r) => phaseLabel(r.phase) },
  { header: 'RAG', width: 8, kind: 'text', value: (r) => (r.rag ? (RAG_WORDS[r.rag] ?? r.rag) : null) },
  { header: 'Business support lead', width: 24, kind: 'text', value: (r) => r.lead },
  { header: 'Go-live target', width: 14, kind: 'date', value: (r) => r.go_live_date },
  { header: 'Open activities', width: 10, kind: 'number', value: (r) => r.open_activities },
  { header: 'Overdue activities', width: 10, kind: 'number', value: (r) => r.overdue_activities },
  { header: 'Last changed', width: 14, kind: 'date', value: (r) => r.updated_at.slice(0, 10) },
];

const PAGE = 1000;

/** Every row the list would show with these filters, in its order. */
export function exportRows(ctx: ServiceContext, input: ExportInput): DossierSummary[] {
  const rows: DossierSummary[] = [];
  const filters = {
    ...(input.search ? { search: input.search } : {}),
    ...(input.phase ? { phase: input.phase } : {}),
    ...(input.lead ? { lead: input.lead } : {}),
    sort: input.sort,
    direction: input.direction,
  };
  const listCtx = input.today ? Object.assign(Object.create(ctx) as ServiceContext, { today: () => input.today! }) : ctx;
  for (let offset = 0; ; offset += PAGE) {
    const page = listDossiers(listCtx, { ...filters, offset, limit: PAGE });
    rows.push(...page.rows);
    if (rows.length >= page.total || page.rows.length === 0) return rows;
  }
}

/** RFC 4180 CSV; a cell a spreadsheet would run as a formula (=, +, -, @) is kept as text. */
export function toCsv(rows: readonly DossierSummary[]): string {
  const cell = (value: string | number | null) => {
    if (value === null) return '';
    let text = String(value);
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [EXPORT_COLUMNS.map((c) => cell(c.header)), ...rows.map((row) => EXPORT_COLUMNS.map((c) => cell(c.value(row))))];
  // The byte order mark makes Excel read the UTF-8 (accents, Indigenous-language names) as such.
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

const asDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
};

export async function toXlsx(rows: readonly DossierSummary[], exportedOn: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'PCR Onboarding Workbench';
  workbook.created = asDate(exportedOn);
  const sheet = workbook.addWorksheet('Dossiers', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, width: c.width, ...(c.kind === 'date' ? { style: { numFmt: 'yyyy-mm-dd' } } : {}) }));
  for (const row of rows) {
    sheet.addRow(
      EXPORT_COLUMNS.map((c): Cell => {
        const value = c.value(row);
        if (value === null) return null;
        return c.kind === 'date' ? asDate(String(value)) : value;
      }),
    );
  }
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function exportDossiers(ctx: ServiceContext, input: ExportInput): Promise<OperationOutput<'dossier.export'>> {
  const rows = exportRows(ctx, input);
  const day = input.today ?? (ctx.today ?? (() => localIsoDate()))();
  const name = `pcr-dossiers-${day}.${input.format}`;
  if (input.format === 'csv') return { file_name: name, media_type: 'text/csv', content_base64: Buffer.from(toCsv(rows), 'utf8').toString('base64'), rows: rows.length };
  const bytes = await toXlsx(rows, day);
  return { file_name: name, media_type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content_base64: bytes.toString('base64'), rows: rows.length };
}
