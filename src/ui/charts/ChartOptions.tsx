import { useId } from 'react';
import styles from './charts.module.css';
import { MAX_SMOOTHING, type LossChartOptions } from './options';
import { TOOLTIP_SORTS, type TooltipSort } from './readout';

const SORT_LABELS: Record<TooltipSort, string> = { default: 'Default', descending: 'Descending', ascending: 'Ascending', nearest: 'Nearest' };

export interface ChartOptionsProps {
  /** The options shown; the panel keeps no state of its own (controlled). */
  readonly value: LossChartOptions;
  /** Called with the whole new options object on every change. */
  readonly onChange: (next: LossChartOptions) => void;
}

/** The charts' settings, as TensorBoard's scalar sidebar: every control labelled. */
export function ChartOptions({ value, onChange }: ChartOptionsProps) {
  const id = useId();
  const set = (patch: Partial<LossChartOptions>) => onChange({ ...value, ...patch });

  return (
    <fieldset className={styles.options}>
      <legend>Chart options</legend>
      <span className={styles.control}>
        <label htmlFor={`${id}-smoothing`}>Smoothing</label>
        <input
          id={`${id}-smoothing`}
          type="range"
          min={0}
          max={MAX_SMOOTHING}
          step={0.01}
          value={value.smoothing}
          onChange={(e) => set({ smoothing: Number(e.currentTarget.value) })}
        />
        <output htmlFor={`${id}-smoothing`} className={styles.smoothing}>
          {value.smoothing.toFixed(2)}
        </output>
      </span>
      <label className={styles.control}>
        <input type="checkbox" checked={value.logY} onChange={(e) => set({ logY: e.currentTarget.checked })} />
        Log scale
      </label>
      <label className={styles.control}>
        <input type="checkbox" checked={value.ignoreOutliers} onChange={(e) => set({ ignoreOutliers: e.currentTarget.checked })} />
        Ignore outliers in chart scaling
      </label>
      <span className={styles.control}>
        <label htmlFor={`${id}-x`}>X axis</label>
        <select id={`${id}-x`} value={value.xAxis} onChange={(e) => set({ xAxis: e.currentTarget.value === 'time' ? 'time' : 'step' })}>
          <option value="step">Step</option>
          <option value="time">Time</option>
        </select>
      </span>
      <fieldset className={styles.values}>
        <legend>Values</legend>
        <label className={styles.control}>
          <input type="radio" name={`${id}-show`} checked={value.show === 'weighted'} onChange={() => set({ show: 'weighted' })} />
          Weighted
        </label>
        <label className={styles.control}>
          <input type="radio" name={`${id}-show`} checked={value.show === 'raw'} onChange={() => set({ show: 'raw' })} />
          Unweighted
        </label>
      </fieldset>
      <label className={styles.control}>
        <input type="checkbox" checked={value.showWeight} onChange={(e) => set({ showWeight: e.currentTarget.checked })} />
        Show weights
      </label>
      <span className={styles.control}>
        <label htmlFor={`${id}-sort`}>Tooltip sorting</label>
        <select id={`${id}-sort`} value={value.tooltipSort} onChange={(e) => set({ tooltipSort: TOOLTIP_SORTS.find((t) => t === e.currentTarget.value) ?? 'default' })}>
          {TOOLTIP_SORTS.map((t) => (
            <option key={t} value={t}>
              {SORT_LABELS[t]}
            </option>
          ))}
        </select>
      </span>
    </fieldset>
  );
}
