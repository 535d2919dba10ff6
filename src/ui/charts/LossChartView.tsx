import type { ReactNode } from 'react';
import { CartesianGrid, LineChart, ReferenceLine, XAxis, YAxis } from 'recharts';
import type { ChartLine, ChartModel } from './chartModel';
import styles from './charts.module.css';
import type { LossChartOptions } from './options';
import { LINE_STYLE, SeriesLayer } from './SeriesLayer';
import { formatX, formatY } from './xAxis';

export interface LossChartViewProps {
  /** What to draw, built outside React's render (see useChartModel). */
  readonly model: ChartModel;
  /** The chart's caption and accessible name. */
  readonly title: string;
  readonly options: LossChartOptions;
  /** Plot width in CSS pixels; 0 while not measured yet. */
  readonly width: number;
  /** Plot height in CSS pixels. @default 220 */
  readonly height?: number;
  /** Callback ref of the element whose width the plot fills. */
  readonly measureRef?: (element: HTMLElement | null) => void;
  /** Controls shown in the title bar, e.g. the grid's Remove button. */
  readonly actions?: ReactNode;
}

/** Left axis, right (weight) axis and margins, in px: the plot's columns are what is left. */
export const Y_AXIS_WIDTH = 56;
export const WEIGHT_AXIS_WIDTH = 44;
export const MARGIN = { top: 8, right: 8, bottom: 0, left: 0 };

/** The domain of an axis with nothing finite to show. */
const UNIT = [0, 1] as const;

/** Faint lines first so they sit behind, weights last (SVG draws in document order). */
const ROLE_ORDER: Record<ChartLine['role'], number> = { overlay: 0, unsmoothed: 1, main: 2, weight: 3 };

/** The pixel columns a plot of `width` px has once its axes are drawn. */
export function plotColumns(width: number, showWeight: boolean): number {
  return Math.max(0, width - Y_AXIS_WIDTH - (showWeight ? WEIGHT_AXIS_WIDTH : 0) - MARGIN.left - MARGIN.right);
}

/**
 * A chart model drawn with recharts' axes, grid and markers and our own line paths (SeriesLayer):
 * the faint unsmoothed lines behind, weight curves dashed on a right axis, weight changes as
 * vertical markers, a legend under the plot. Stateless: the
 * subscription and the measuring live in LossChart, so this can be rendered from any model.
 */
export function LossChartView({ model, title, options, width, height = 220, measureRef, actions }: LossChartViewProps) {
  const lines = [...model.lines].sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
  return (
    <figure className={styles.card} aria-label={title}>
      <figcaption className={styles.title}>
        {title}
        {actions}
      </figcaption>
      <div ref={measureRef} className={styles.plot}>
        {lines.length === 0 || width === 0 ? (
          <p className={styles.empty}>No values yet.</p>
        ) : (
          <LineChart width={width} height={height} margin={MARGIN}>
            <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.5} />
            <XAxis
              dataKey="x"
              type="number"
              domain={[...(model.xDomain ?? UNIT)]}
              allowDataOverflow
              // Steps are whole: no "0.3" tick in a run's first steps.
              allowDecimals={options.xAxis !== 'step'}
              tickFormatter={(v: number) => formatX(options.xAxis, v)}
            />
            <YAxis
              yAxisId="loss"
              type="number"
              width={Y_AXIS_WIDTH}
              scale={options.logY ? 'log' : 'linear'}
              domain={[...(model.yDomain ?? UNIT)]}
              ticks={[...model.yTicks]}
              // With "ignore outliers" the domain is narrower than the data: clip, don't widen.
              allowDataOverflow
              tickFormatter={formatY}
            />
            {options.showWeight && (
              <YAxis
                yAxisId="weight"
                orientation="right"
                type="number"
                width={WEIGHT_AXIS_WIDTH}
                domain={[...(model.weightDomain ?? UNIT)]}
                ticks={[...model.weightTicks]}
                allowDataOverflow
                tickFormatter={formatY}
              />
            )}
            <SeriesLayer
              lines={lines}
              xDomain={model.xDomain ?? UNIT}
              yDomain={model.yDomain ?? UNIT}
              logY={options.logY && model.yDomain !== undefined}
              weightDomain={options.showWeight ? model.weightDomain : undefined}
            />
            {model.markers.map((m) => (
              <ReferenceLine
                key={m.key}
                x={m.x}
                yAxisId="loss"
                stroke={m.color}
                strokeDasharray="2 3"
                ifOverflow="hidden"
                label={{ value: m.label, position: 'insideTopLeft', fontSize: 10, fill: m.color }}
              />
            ))}
          </LineChart>
        )}
      </div>
      {lines.length > 0 && width > 0 && <ChartLegend lines={lines} />}
      {model.notes.map((note) => (
        <p key={note} className={styles.note}>
          {note}
        </p>
      ))}
    </figure>
  );
}

/** The legend: one entry per drawn curve (the faint unsmoothed copies are not listed), styled as drawn. */
function ChartLegend({ lines }: { lines: readonly ChartLine[] }) {
  return (
    <ul className={styles.legend}>
      {lines
        .filter((l) => l.role !== 'unsmoothed')
        .map((l) => {
          const style = LINE_STYLE[l.role];
          return (
            <li key={l.key}>
              <span
                className={styles.swatch}
                style={{ borderTopColor: l.color, borderTopStyle: style.swatch, opacity: style.opacity }}
                aria-hidden="true"
              />
              {l.label}
            </li>
          );
        })}
    </ul>
  );
}
