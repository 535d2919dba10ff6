import { useState } from 'react';
import type { SweepRow } from '../../state/sweepStore';
import { cellValue, sortRows, type SortOrder, type SweepColumn } from './sortRows';
import styles from './sweep.module.css';

interface Props {
  readonly axes: readonly string[];
  readonly rows: readonly SweepRow[];
}

const show = (v: number | string) => (typeof v === 'number' ? (Number.isNaN(v) ? '–' : Number(v.toPrecision(4)).toString()) : v);
const sameColumn = (a: SweepColumn, b: SweepColumn) => JSON.stringify(a) === JSON.stringify(b);

/** One row per variant: its axis values, seed, status and final values; a header click sorts by that column. */
export function SweepTable({ axes, rows }: Props) {
  const [order, setOrder] = useState<SortOrder | null>(null);
  const finals = [...new Set(rows.flatMap((r) => [...r.final.keys()]))].sort();
  const columns: { column: SweepColumn; label: string }[] = [
    ...axes.map((path) => ({ column: { kind: 'axis', path } as const, label: path.replace(/^losses\./, '') })),
    { column: { kind: 'seed' }, label: 'seed' },
    { column: { kind: 'status' }, label: 'status' },
    ...finals.map((series) => ({ column: { kind: 'final', series } as const, label: `final ${series}` })),
  ];
  const sortBy = (column: SweepColumn) =>
    setOrder((current) => ({ column, descending: current !== null && sameColumn(current.column, column) ? !current.descending : false }));
  return (
    <table className={styles.table} aria-label="Sweep summary">
      <thead>
        <tr>
          {columns.map(({ column, label }) => {
            const sorted = order !== null && sameColumn(order.column, column);
            return (
              <th key={label} aria-sort={sorted ? (order.descending ? 'descending' : 'ascending') : 'none'}>
                <button type="button" onClick={() => sortBy(column)} title={`Sort by ${label}`}>
                  {label}
                  {sorted ? (order.descending ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {sortRows(rows, order).map((row) => (
          <tr key={row.name} title={row.message ?? row.name}>
            {columns.map(({ column, label }) => (
              <td key={label}>{show(cellValue(row, column))}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
