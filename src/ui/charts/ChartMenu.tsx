import { useId, useState, type MouseEvent } from 'react';
import type { Series } from '../../state/series';
import { saveBlob } from '../runs/download';
import { parseRangeFields, rangeFields, type AxisRanges, type RangeFields } from './axisRanges';
import { chartCsv, csvSources } from './chartCsv';
import { chartFileStem, chartSvg, svgToPng } from './chartExport';
import type { ChartModel } from './chartModel';
import styles from './charts.module.css';
import type { LossChartOptions } from './options';

export interface ChartMenuProps {
  readonly title: string;
  readonly model: ChartModel;
  readonly options: LossChartOptions;
  /** A drawn line's full series: the CSV reads the history, not the drawn points. */
  readonly resolve: (name: string) => Series | undefined;
  /** The chart's typed ranges; with onRangesChange the menu has the axes form. */
  readonly ranges?: AxisRanges;
  readonly onRangesChange?: (next: AxisRanges) => void;
}

/** The figure the menu's button sits in: the chart to export. */
const figureOf = (e: MouseEvent<HTMLElement>) => e.currentTarget.closest('figure');

/**
 * A chart's menu: the chart as PNG, SVG or CSV (its curves' values from the history, and the
 * smoothed ones), and, where the grid keeps them, typed axis ranges.
 */
export function ChartMenu({ title, model, options, resolve, ranges, onRangesChange }: ChartMenuProps) {
  const [failure, setFailure] = useState('');
  const stem = chartFileStem(title);
  const image = async (e: MouseEvent<HTMLElement>, kind: 'png' | 'svg') => {
    const figure = figureOf(e);
    try {
      const made = figure && chartSvg(figure, title);
      if (!made) throw new Error('the chart has drawn nothing yet');
      const blob = kind === 'svg' ? new Blob([made.svg], { type: 'image/svg+xml' }) : await svgToPng(made.svg, made.width, made.height);
      saveBlob(blob, `${stem}.${kind}`);
      setFailure('');
    } catch (error) {
      setFailure(`Not exported: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const csv = () => {
    const text = chartCsv(csvSources(model.lines, resolve), { field: options.show === 'raw' ? 'raw' : 'value', smoothing: options.smoothing, axis: options.xAxis, range: model.xDomain });
    saveBlob(new Blob([text], { type: 'text/csv' }), `${stem}.csv`);
  };
  return (
    <details className={styles.menu}>
      <summary aria-label={`Export${onRangesChange ? ' and axes' : ''} of ${title}`} title="Export, axes">
        ⋯
      </summary>
      <div className={styles.menuBody}>
        <div className={styles.menuRow}>
          Download{' '}
          <button type="button" onClick={(e) => void image(e, 'png')} aria-label={`Download PNG of ${title}`}>
            PNG
          </button>
          <button type="button" onClick={(e) => void image(e, 'svg')} aria-label={`Download SVG of ${title}`}>
            SVG
          </button>
          <button type="button" onClick={csv} aria-label={`Download CSV of ${title}`}>
            CSV
          </button>
        </div>
        {failure && <p className={styles.menuError}>{failure}</p>}
        {onRangesChange && <AxisRangeForm key={JSON.stringify(ranges ?? null) + options.xAxis} title={title} ranges={ranges} options={options} onChange={onRangesChange} />}
      </div>
    </details>
  );
}

interface AxisRangeFormProps {
  readonly title: string;
  readonly ranges: AxisRanges | undefined;
  readonly options: LossChartOptions;
  readonly onChange: (next: AxisRanges) => void;
}

/** Typed x and y ranges: both ends of an axis, or neither (auto). Checked on Apply. */
function AxisRangeForm({ title, ranges, options, onChange }: AxisRangeFormProps) {
  const id = useId();
  const [fields, setFields] = useState<RangeFields>(() => rangeFields(ranges, options.xAxis));
  const [problems, setProblems] = useState<string[]>([]);
  const field = (key: keyof RangeFields, label: string, name = label) => (
    <span className={styles.control}>
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input id={`${id}-${key}`} aria-label={name} type="text" inputMode="decimal" size={7} maxLength={40} value={fields[key]} placeholder="auto" onChange={(e) => setFields({ ...fields, [key]: e.currentTarget.value })} />
    </span>
  );
  const apply = () => {
    const read = parseRangeFields(fields, options.xAxis, options.logY);
    setProblems(read.problems);
    if (read.problems.length === 0) onChange(read.ranges);
  };
  return (
    <form
      className={styles.rangeForm}
      aria-label={`Axis ranges of ${title}`}
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <div className={styles.menuRow}>
        {field('xFrom', options.xAxis === 'time' ? 'x from (s)' : 'x from (step)')}
        {field('xTo', 'to', 'x to')}
      </div>
      <div className={styles.menuRow}>
        {field('yFrom', 'y from')}
        {field('yTo', 'to', 'y to')}
      </div>
      <div className={styles.menuRow}>
        <button type="submit">Apply</button>
        <button
          type="button"
          onClick={() => {
            setFields(rangeFields(undefined, options.xAxis));
            setProblems([]);
            onChange({});
          }}
        >
          Auto
        </button>
      </div>
      {problems.length > 0 && (
        <ul className={styles.menuError} role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </form>
  );
}
