// The summary table's order: by any column, numbers as numbers, NaN and missing values last
// whichever way the column is sorted (a failed variant never tops a ranking).
import type { SweepRow } from '../../state/sweepStore';

/** A column: an axis (its path), the seed, the status, the name, or a final value (series name). */
export type SweepColumn = { kind: 'name' } | { kind: 'seed' } | { kind: 'status' } | { kind: 'axis'; path: string } | { kind: 'final'; series: string };

export interface SortOrder {
  readonly column: SweepColumn;
  readonly descending: boolean;
}

export function cellValue(row: SweepRow, column: SweepColumn): number | string {
  switch (column.kind) {
    case 'name':
      return row.name;
    case 'seed':
      return row.seed;
    case 'status':
      return row.status;
    case 'axis':
      return row.values.get(column.path) ?? NaN;
    case 'final':
      return row.final.get(column.series) ?? NaN;
  }
}

const missing = (v: number | string) => typeof v === 'number' && Number.isNaN(v);

/** The rows in this order; ties keep the sweep's order. */
export function sortRows(rows: readonly SweepRow[], order: SortOrder | null): SweepRow[] {
  const indexed = rows.map((row, index) => ({ row, index, value: order ? cellValue(row, order.column) : 0 }));
  if (!order) return [...rows];
  const sign = order.descending ? -1 : 1;
  indexed.sort((a, b) => {
    if (missing(a.value) || missing(b.value)) return Number(missing(a.value)) - Number(missing(b.value)) || a.index - b.index;
    const by = typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : String(a.value).localeCompare(String(b.value));
    return sign * by || a.index - b.index;
  });
  return indexed.map((e) => e.row);
}
