import type { ReactNode } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, XAxis, YAxis } from 'recharts';
import type { ChartLine, ChartModel } from './chartModel';
import styles from './charts.module.css';
import type { LossChartOptions } from './options';
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

/** Faint lines first so they sit behind, weights last (SVG draws in document order). */
const ROLE_ORDER: Record<ChartLine['role'], number> = { overlay: 0, unsmoothed: 1, main: 2, weight: 3 };

/** The pixel columns a plot of `width` px has once its axes are drawn. */
export function plotColumns(width: number, showWeight: boolean): number {
  return Math.max(0, width - Y_AXIS_WIDTH - (showWeight ? WEIGHT_AXIS_WIDTH : 0) - MARGIN.left - MARGIN.right);
}

/**
 * A chart model drawn with recharts: no dots, no animation, the faint unsmoothed lines behind,
 * weight curves dashed on a right axis, weight changes as vertical markers. Stateless: the
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
              domain={model.xDomain ? [...model.xDomain] : ['auto', 'auto']}
              allowDataOverflow
              tickFormatter={(v: number) => formatX(options.xAxis, v)}
            />
            <YAxis
              yAxisId="loss"
              type="number"
              width={Y_AXIS_WIDTH}
              scale={options.logY ? 'log' : 'linear'}
              domain={model.yDomain ? [...model.yDomain] : ['auto', 'auto']}
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
                domain={model.weightDomain ? [...model.weightDomain] : ['auto', 'auto']}
                ticks={[...model.weightTicks]}
                allowDataOverflow
                tickFormatter={formatY}
              />
            )}
            {lines.map((l) => (
              <Line
                key={l.key}
                data={l.points}
                dataKey="y"
                name={l.label}
                yAxisId={l.role === 'weight' ? 'weight' : 'loss'}
                stroke={l.color}
                strokeOpacity={l.role === 'unsmoothed' ? 0.25 : l.role === 'overlay' ? 0.6 : 1}
                strokeWidth={l.role === 'main' ? 1.5 : 1}
                strokeDasharray={l.role === 'weight' ? '5 3' : l.role === 'overlay' ? '1 3' : undefined}
                legendType={l.role === 'unsmoothed' ? 'none' : l.role === 'weight' ? 'plainline' : 'line'}
                dot={false}
                activeDot={false}
                isAnimationActive={false}
              />
            ))}
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
            <Legend verticalAlign="bottom" height={24} wrapperStyle={{ fontSize: '0.75rem' }} />
          </LineChart>
        )}
      </div>
      {model.notes.map((note) => (
        <p key={note} className={styles.note}>
          {note}
        </p>
      ))}
    </figure>
  );
}
