import { useContext, useId, useState } from 'react';
import { useStore } from 'zustand';
import type { HistoryStore } from '../../state/historyStore';
import type { AxisRanges } from './axisRanges';
import { ChartOptions } from './ChartOptions';
import { ZoomContext } from './cursor';
import styles from './charts.module.css';
import { LossChart } from './LossChart';
import { DEFAULT_CHART_OPTIONS, type LossChartOptions } from './options';
import { tagCharts, type LossTags } from './tagCharts';

export interface ChartGridProps {
  /** The loss histories every chart reads. */
  readonly store: HistoryStore;
  /** Each loss's tags (e.g. { 'G/gan': ['G'], 'D/real': ['D'] }): one chart per tag. */
  readonly lossTags: LossTags;
  /** Options of every chart. Leave out (with onOptionsChange) to let the grid keep its own. */
  readonly options?: LossChartOptions;
  /** Called when the options panel changes; required for the options to be controlled. */
  readonly onOptionsChange?: (next: LossChartOptions) => void;
  /** Options the grid starts with when uncontrolled. @default DEFAULT_CHART_OPTIONS */
  readonly defaultOptions?: LossChartOptions;
  /** The losses with a chart of their own. Leave out (with onAddedChange) to let the grid keep them. */
  readonly added?: readonly string[];
  readonly onAddedChange?: (next: readonly string[]) => void;
  /** Typed axis ranges by chart key (`tag:G`, `loss:G_L1`); with onRangesChange, each chart's menu can set them. */
  readonly ranges?: ReadonlyMap<string, AxisRanges>;
  readonly onRangesChange?: (next: ReadonlyMap<string, AxisRanges>) => void;
}

/**
 * The loss charts: the options panel, one chart per tag (G, D, then any other), and the
 * single-loss charts the user adds to look at one loss on its own scale.
 */
export function ChartGrid({ store, lossTags, options, onOptionsChange, defaultOptions = DEFAULT_CHART_OPTIONS, added: addedProp, onAddedChange, ranges, onRangesChange }: ChartGridProps) {
  const id = useId();
  const [ownOptions, setOwnOptions] = useState(defaultOptions);
  const shown = options ?? ownOptions;
  const setOptions = (next: LossChartOptions) => {
    if (!options) setOwnOptions(next);
    onOptionsChange?.(next);
  };
  const [ownAdded, setOwnAdded] = useState<readonly string[]>([]);
  const added = addedProp ?? ownAdded;
  const setAdded = (next: readonly string[]) => {
    if (!addedProp) setOwnAdded(next);
    onAddedChange?.(next);
  };
  /** A chart's typed ranges and their setter, where the grid was given them. */
  const rangesOf = (key: string) =>
    onRangesChange && {
      ranges: ranges?.get(key),
      onRangesChange: (next: AxisRanges) => {
        const all = new Map(ranges);
        if (next.x || next.y) all.set(key, next);
        else all.delete(key);
        onRangesChange(all);
      },
    };
  const names = [...lossTags.keys()];
  // A loss renamed or removed from the spec takes its chart with it.
  const extra = added.filter((n) => lossTags.has(n));
  const addable = names.filter((n) => !extra.includes(n));
  const [choice, setChoice] = useState('');
  const zoomStore = useContext(ZoomContext);
  const zoomed = useStore(zoomStore) !== null;
  const selected = addable.includes(choice) ? choice : (addable[0] ?? '');

  return (
    <section aria-label="Loss charts">
      <ChartOptions value={shown} onChange={setOptions} />
      {zoomed && (
        <button type="button" className={styles.add} onClick={() => zoomStore.setState(null)}>
          Reset zoom
        </button>
      )}
      <div className={styles.grid}>
        {tagCharts(lossTags).map(({ tag, names: tagNames }) => (
          <LossChart key={`tag:${tag}`} store={store} names={tagNames} title={`${tag} losses`} options={shown} {...rangesOf(`tag:${tag}`)} />
        ))}
        {extra.map((name) => (
          <LossChart
            key={`loss:${name}`}
            store={store}
            names={[name]}
            title={name}
            options={shown}
            {...rangesOf(`loss:${name}`)}
            actions={
              <button type="button" onClick={() => setAdded(extra.filter((n) => n !== name))} aria-label={`Remove the chart of ${name}`}>
                Remove
              </button>
            }
          />
        ))}
      </div>
      {addable.length > 0 && (
        <div className={styles.add}>
          <label htmlFor={`${id}-loss`}>Chart of one loss</label>
          <select id={`${id}-loss`} value={selected} onChange={(e) => setChoice(e.currentTarget.value)}>
            {addable.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => selected && setAdded([...extra, selected])}>
            Add chart
          </button>
        </div>
      )}
    </section>
  );
}
