// A table that becomes a stack of cards on a phone: each cell carries its column's name
// (data-label), which the stylesheet shows before the value when the columns no longer
// fit. Screen readers keep the real table either way.

import type { ComponentChildren } from "preact";

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ComponentChildren;
}

export interface DataTableProps<Row> {
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  bodyId?: string;
  rowProps?: (row: Row) => Record<string, string>;
}

export function DataTable<Row>({ caption, columns, rows, rowKey, bodyId, rowProps }: DataTableProps<Row>) {
  return (
    <table class="responsive">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th scope="col" key={c.header}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody id={bodyId}>
        {rows.map((row) => (
          <tr key={rowKey(row)} {...(rowProps ? rowProps(row) : {})}>
            {columns.map((c) => (
              <td data-label={c.header} key={c.header}>
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
