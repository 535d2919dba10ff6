import { useCallback, useContext, useMemo, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { typedX, withTypedY, type AxisRanges } from './axisRanges';
import { ChartMenu } from './ChartMenu';
import { ZoomContext } from './cursor';
import { ComparisonContext } from './comparison';
import type { HistoryStore } from '../../state/historyStore';
import { LossChartView, plotColumns } from './LossChartView';
import type { LossChartOptions } from './options';
import { useChartModel, useElementWidth } from './useChartModel';
import styles from './charts.module.css';

export interface LossChartProps {
  /** The loss histories, read by transient subscription: appends never re-render the parent. */
  readonly store: HistoryStore;
  /** The losses drawn in this chart (history names, e.g. 'G/gan'). */
  readonly names: readonly string[];
  /** The chart's caption and accessible name. */
  readonly title: string;
  /** How to draw; shared by every chart of a grid. */
  readonly options: LossChartOptions;
  /** Plot height in CSS pixels. @default 220 */
  readonly height?: number;
  /** Controls shown in the title bar, e.g. the grid's Remove button. */
  readonly actions?: ReactNode;
  /** Least milliseconds between redraws while values stream in. @default REDRAW_INTERVAL_MS */
  readonly redrawMs?: number;
  /** Axis ranges typed for this chart: a typed x range wins over the shared zoom. */
  readonly ranges?: AxisRanges;
  /** With it, the chart's menu can type its axis ranges. */
  readonly onRangesChange?: (next: AxisRanges) => void;
}

/**
 * Loss curves of one chart: TensorBoard-style smoothing with the unsmoothed line faint behind,
 * weight-change markers, optional weight curves on a right axis; the other runs and seed groups
 * shown (ComparisonContext) beside the open run's. One pixel column per x pixel, each keeping
 * its min and max (M4), so spikes show however long the run.
 */
export function LossChart({ store, names, title, options, height, actions, redrawMs, ranges, onRangesChange }: LossChartProps) {
  const comparison = useContext(ComparisonContext);
  const [measure, width, visible] = useElementWidth();
  // Zoomed on another x axis kind than this chart's: not zoomed here.
  const zoom = useStore(useContext(ZoomContext));
  const range = typedX(ranges, options.xAxis) ?? (zoom && zoom.axis === options.xAxis ? zoom.range : undefined);
  const built = useChartModel(store, names, options, plotColumns(width, options.showWeight), comparison, redrawMs, visible, range);
  const model = useMemo(() => withTypedY(built, ranges?.y, options.logY), [built, ranges?.y, options.logY]);
  // The readout reads the full history, not the model's downsampled points (other runs' lines carry theirs).
  const resolve = useCallback((name: string) => store.getState().series.get(name), [store]);
  const menu = <ChartMenu title={title} model={model} options={options} resolve={resolve} ranges={ranges} onRangesChange={onRangesChange} />;
  return (
    <LossChartView
      model={model}
      title={title}
      options={options}
      width={width}
      height={height}
      measureRef={measure}
      actions={
        <span className={styles.actions}>
          {actions}
          {menu}
        </span>
      }
      resolve={resolve}
    />
  );
}
