import type { KeyboardEvent, ReactNode } from 'react';

export interface DataColumn<Row> {
  id: string;
  header: ReactNode;
  cell(row: Row): ReactNode;
  /** Dates and figures keep to one line. */
  nowrap?: boolean;
  /**
   * The column's share of the table (a CSS width such as "30%"). Give it on every column of tables
   * shown one under another (My work's groups) so their columns line up.
   */
  width?: string;
  /** A class for the column's cells (a path in monospace). */
  className?: string;
  /** The cell that names its row (a field's label): a row header for a screen reader. */
  rowHeader?: boolean;
}

interface DataTableProps<Row> {
  columns: readonly DataColumn<Row>[];
  rows: readonly Row[];
  rowKey(row: Row): string;
  /** Makes each row open something by click or Enter; the label says what, for a screen reader. */
  onOpen?(row: Row): void;
  rowLabel?(row: Row): string;
  /** The table's name, when no heading right before it names it. */
  label?: string;
  /** The table's name shown above it. */
  caption?: ReactNode;
  className?: string;
  /** Hooks on a row for a screen's tests and styles (data-status="altered"). */
  rowData?(row: Row): Record<`data-${string}`, string | number>;
  /** Hooks on the table for a screen's tests (data-testid). */
  [data: `data-${string}`]: string | undefined;
}

/** A plain table of records: header row, one row per record, rows that open on click or Enter when asked. */
export function DataTable<Row>({ columns, rows, rowKey, onOpen, rowLabel, label, caption, className, rowData, ...data }: DataTableProps<Row>) {
  const sized = columns.some((column) => column.width !== undefined);
  const classes = ['data-table', onOpen ? 'data-table--interactive' : '', sized ? 'data-table--sized' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <table className={classes} aria-label={label} {...data}>
      {caption !== undefined && <caption className="data-table__caption">{caption}</caption>}
      {sized && (
        <colgroup>
          {columns.map((column) => (
            <col key={column.id} style={column.width ? { width: column.width } : undefined} />
          ))}
        </colgroup>
      )}
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.id} scope="col">
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const open = onOpen ? () => onOpen(row) : undefined;
          return (
            <tr
              key={rowKey(row)}
              tabIndex={open ? 0 : undefined}
              onClick={open}
              onKeyDown={
                open
                  ? (event: KeyboardEvent<HTMLTableRowElement>) => {
                      if (event.key === 'Enter') open();
                    }
                  : undefined
              }
              aria-label={rowLabel?.(row)}
              {...rowData?.(row)}
            >
              {columns.map((column) => {
                const Cell = column.rowHeader ? 'th' : 'td';
                return (
                  <Cell key={column.id} scope={column.rowHeader ? 'row' : undefined} className={[column.rowHeader ? 'data-table__row-header' : '', column.nowrap ? 'nowrap' : '', column.className ?? ''].filter(Boolean).join(' ') || undefined}>
                    {column.cell(row)}
                  </Cell>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** A cell's main line and a smaller grey line under it. */
export function TwoLineCell({ primary, secondary, secondaryClassName }: { primary: ReactNode; secondary?: ReactNode; secondaryClassName?: string }) {
  return (
    <>
      <span className="cell-primary">{primary}</span>
      {secondary !== undefined && <span className={['cell-secondary', secondaryClassName ?? ''].filter(Boolean).join(' ')}>{secondary}</span>}
    </>
  );
}
