import { Fragment, type KeyboardEvent, type ReactNode, type Ref } from 'react';

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
  /** A class for the column's cells (a path in monospace, a width, a clamp). */
  className?: string;
  /** The cell that names its row (a field's label): a row header for a screen reader. */
  rowHeader?: boolean;
  /** Figures: right-aligned, in tabular digits. */
  numeric?: boolean;
}

/**
 * Rows shown in groups, each its own <tbody>: under a heading row ("Governance"), or after a lead
 * row of the screen's own (a summary whose button shows and hides the group's rows).
 */
export interface DataRowGroup<Row> {
  key: string;
  /** A heading across the table, the group's name for a screen reader (th scope="rowgroup"). */
  title?: ReactNode;
  /** A row of the screen's own, in a <tbody> of its own before the group's rows. */
  lead?: ReactNode;
  leadClassName?: string;
  rows: readonly Row[];
  /** The rows' <tbody>: an id for the button that controls it, hidden while closed. */
  id?: string;
  hidden?: boolean;
  className?: string;
}

interface DataTableProps<Row> {
  columns: readonly DataColumn<Row>[];
  /** The rows, unless they come in `groups`. */
  rows?: readonly Row[];
  /** Instead of `rows`: the rows in groups, each its own <tbody>. */
  groups?: readonly DataRowGroup<Row>[];
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
  /** A row's own class for its state (a question that does not apply). */
  rowClassName?(row: Row): string | undefined;
  /** Table cells are vertically centred (badges beside one-line text) instead of top-aligned. */
  middle?: boolean;
  ref?: Ref<HTMLTableElement>;
  /** Hooks on the table for a screen's tests (data-testid). */
  [data: `data-${string}`]: string | undefined;
}

/** A plain table of records: header row, one row per record, rows that open on click or Enter when asked. */
export function DataTable<Row>({ columns, rows, groups, rowKey, onOpen, rowLabel, label, caption, className, rowData, rowClassName, middle = false, ref, ...data }: DataTableProps<Row>) {
  const sized = columns.some((column) => column.width !== undefined);
  const classes = ['data-table', onOpen ? 'data-table--interactive' : '', sized ? 'data-table--sized' : '', middle ? 'data-table--middle' : '', className ?? ''].filter(Boolean).join(' ');
  const renderRow = (row: Row) => {
    const open = onOpen ? () => onOpen(row) : undefined;
    return (
      <tr
        key={rowKey(row)}
        className={rowClassName?.(row)}
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
            <Cell key={column.id} scope={column.rowHeader ? 'row' : undefined} className={cellClass(column, column.rowHeader ? 'data-table__row-header' : '')}>
              {column.cell(row)}
            </Cell>
          );
        })}
      </tr>
    );
  };
  return (
    <table ref={ref} className={classes} aria-label={label} {...data}>
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
            <th key={column.id} scope="col" className={column.numeric ? 'data-table__num' : undefined}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      {groups ? (
        groups.map((group) => (
          <Fragment key={group.key}>
            {group.lead && <tbody className={group.leadClassName}>{group.lead}</tbody>}
            <tbody id={group.id} hidden={group.hidden} className={group.className}>
              {group.title !== undefined && (
                <tr className="data-table__group">
                  <th scope="rowgroup" colSpan={columns.length}>
                    {group.title}
                  </th>
                </tr>
              )}
              {group.rows.map(renderRow)}
            </tbody>
          </Fragment>
        ))
      ) : (
        <tbody>{(rows ?? []).map(renderRow)}</tbody>
      )}
    </table>
  );
}

function cellClass(column: DataColumn<never>, extra = ''): string | undefined {
  return [extra, column.nowrap ? 'nowrap' : '', column.numeric ? 'data-table__num' : '', column.className ?? ''].filter(Boolean).join(' ') || undefined;
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
