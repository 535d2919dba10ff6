import { memo, useMemo, type ReactNode } from 'react';
import { CartesianGrid, LineChart, ReferenceLine, XAxis, YAxis } from 'recharts';
import type { Series } from '../../state/series';
import { ChartCursor } from './ChartCursor';
import type { ChartLine, ChartModel } from './chartModel';
import styles from './charts.module.css';
import type { LossChartOptions } from './options';
import { LINE_STYLE, SeriesLayer, type PlotArea } from './SeriesLayer';
import type { Domain } from './yDomain';
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
  /** A drawn line's full series, for the hover readout; without it the chart has no cursor. */
  readonly resolve?: (name: string) => Series | undefined;
}

/** Left axis, right (weight) axis and margins, in px: the plot's columns are what is left. */
export const Y_AXIS_WIDTH = 56;
export const WEIGHT_AXIS_WIDTH = 44;
export const MARGIN = { top: 8, right: 8, bottom: 0, left: 0 };
/** The x axis's height (recharts' default, set explicitly: the curves' layer is placed by it). */
export const X_AXIS_HEIGHT = 30;

/** The domain of an axis with nothing finite to show. */
const UNIT = [0, 1] as const;

/** Faint lines first so they sit behind, weights last (SVG draws in document order). */
const ROLE_ORDER: Record<ChartLine['role'], number> = { band: 0, overlay: 1, unsmoothed: 2, main: 3, weight: 4 };

/** The pixel columns a plot of `width` px has once its axes are drawn. */
export function plotColumns(width: number, showWeight: boolean): number {
  return Math.max(0, width - Y_AXIS_WIDTH - (showWeight ? WEIGHT_AXIS_WIDTH : 0) - MARGIN.left - MARGIN.right);
}

/**
 * A chart model drawn with recharts' axes, grid and markers and our own line paths (SeriesLayer,
 * laid over them): the faint unsmoothed lines behind, weight curves dashed on a right axis,
 * weight changes and alarms as vertical markers, a legend under the plot. Stateless: the subscription and
 * the measuring live in LossChart, so this can be rendered from any model.
 */
export function LossChartView({ model, title, options, width, height = 220, measureRef, actions, resolve }: LossChartViewProps) {
  // Kept while the model is: a re-render for anything else (the zoom store, the parent) must not
  // rebuild every path string and readout source of 8 runs' lines.
  const lines = useMemo(() => [...model.lines].sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]), [model.lines]);
  const plot = useMemo(() => plotArea(width, height, options.showWeight), [width, height, options.showWeight]);
  const logY = options.logY && model.yDomain !== undefined;
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
          <div className={styles.stack}>
            <ChartFrame
              width={width}
              height={height}
              xAxis={options.xAxis}
              logY={options.logY}
              showWeight={options.showWeight}
              xDomain={model.xDomain ?? UNIT}
              yDomain={model.yDomain ?? UNIT}
              yTicks={model.yTicks}
              weightDomain={model.weightDomain ?? UNIT}
              weightTicks={model.weightTicks}
              markers={model.markers}
            />
            <SeriesLayer
              lines={lines}
              xDomain={model.xDomain ?? UNIT}
              yDomain={model.yDomain ?? UNIT}
              logY={logY}
              weightDomain={options.showWeight ? model.weightDomain : undefined}
              width={width}
              height={height}
              plot={plot}
              xEnd={model.xExtent?.[1] ?? 0}
            />
            {resolve && (
              <ChartCursor
                lines={lines}
                resolve={resolve}
                options={options}
                plot={plot}
                xDomain={model.xDomain ?? UNIT}
                yDomain={model.yDomain ?? UNIT}
                logY={logY}
                title={title}
              />
            )}
          </div>
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

/** The plot area inside a chart of `width` x `height`: what the axes and margins leave. */
export function plotArea(width: number, height: number, showWeight: boolean): PlotArea {
  return {
    x: MARGIN.left + Y_AXIS_WIDTH,
    y: MARGIN.top,
    width: plotColumns(width, showWeight),
    height: Math.max(0, height - MARGIN.top - MARGIN.bottom - X_AXIS_HEIGHT),
  };
}

interface ChartFrameProps {
  readonly width: number;
  readonly height: number;
  readonly xAxis: LossChartOptions['xAxis'];
  readonly logY: boolean;
  readonly showWeight: boolean;
  readonly xDomain: Domain;
  readonly yDomain: Domain;
  readonly yTicks: readonly number[];
  readonly weightDomain: Domain;
  readonly weightTicks: readonly number[];
  readonly markers: ChartModel['markers'];
}

const sameNumbers = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Equal when everything drawn is: domains and ticks by value, markers by what each shows. */
function sameFrame(a: ChartFrameProps, b: ChartFrameProps): boolean {
  return (
    a.width === b.width &&
    a.height === b.height &&
    a.xAxis === b.xAxis &&
    a.logY === b.logY &&
    a.showWeight === b.showWeight &&
    sameNumbers(a.xDomain, b.xDomain) &&
    sameNumbers(a.yDomain, b.yDomain) &&
    sameNumbers(a.yTicks, b.yTicks) &&
    sameNumbers(a.weightDomain, b.weightDomain) &&
    sameNumbers(a.weightTicks, b.weightTicks) &&
    a.markers.length === b.markers.length &&
    a.markers.every((m, i) => {
      const n = b.markers[i]!;
      return m.key === n.key && m.x === n.x && m.label === n.label && m.color === n.color && m.kind === n.kind;
    })
  );
}

/**
 * recharts' part of the chart: axes, grid and weight-change and alarm markers. Memoized by value, so a
 * redraw whose domains stay within their whole ticks (most redraws, the x axis being rounded
 * out) leaves recharts' components alone: their render, its store updates and its measuring
 * were most of the page's work while training flat out.
 */
const ChartFrame = memo(function ChartFrame({ width, height, xAxis, logY, showWeight, xDomain, yDomain, yTicks, weightDomain, weightTicks, markers }: ChartFrameProps) {
  return (
    <LineChart width={width} height={height} margin={MARGIN}>
      <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.5} />
      <XAxis
        dataKey="x"
        type="number"
        height={X_AXIS_HEIGHT}
        domain={[...xDomain]}
        allowDataOverflow
        // Steps are whole: no "0.3" tick in a run's first steps.
        allowDecimals={xAxis !== 'step'}
        // Every tick drawn: recharts' default ("preserveEnd") measures each label in the DOM
        // (a forced layout per tick) on every render of the axes, to drop ones that would
        // overlap, and a few nice ticks on a plot 200 px or more wide never do.
        interval={0}
        tickFormatter={(v: number) => formatX(xAxis, v)}
      />
      <YAxis
        yAxisId="loss"
        type="number"
        width={Y_AXIS_WIDTH}
        scale={logY ? 'log' : 'linear'}
        domain={[...yDomain]}
        ticks={[...yTicks]}
        interval={0}
        // With "ignore outliers" the domain is narrower than the data: clip, don't widen.
        allowDataOverflow
        tickFormatter={formatY}
      />
      {showWeight && (
        <YAxis
          yAxisId="weight"
          orientation="right"
          type="number"
          width={WEIGHT_AXIS_WIDTH}
          domain={[...weightDomain]}
          ticks={[...weightTicks]}
          interval={0}
          allowDataOverflow
          tickFormatter={formatY}
        />
      )}
      {/* An alarm solid, labelled at the bottom (on the line's left in the plot's right half, so the text stays in);
          a weight change dashed, labelled at the top: apart where they meet. */}
      {markers.map((m) => (
        <ReferenceLine
          key={m.key}
          x={m.x}
          yAxisId="loss"
          stroke={m.color}
          strokeDasharray={m.kind === 'alarm' ? undefined : '2 3'}
          strokeWidth={m.kind === 'alarm' ? 1.5 : 1}
          className={m.kind === 'alarm' ? 'alarm-marker' : undefined}
          ifOverflow="hidden"
          label={{ value: m.label, position: m.kind !== 'alarm' ? 'insideTopLeft' : m.x > (xDomain[0] + xDomain[1]) / 2 ? 'insideBottomRight' : 'insideBottomLeft', fontSize: 10, fill: m.color }}
        />
      ))}
    </LineChart>
  );
}, sameFrame);

/**
 * The legend: one entry per drawn curve (the faint unsmoothed copies are not listed), styled as
 * drawn; in a chart of several runs, each run's colour and then each series' dash pattern.
 */
function ChartLegend({ lines }: { lines: readonly ChartLine[] }) {
  if (lines.some((l) => l.legend)) return <RunsLegend lines={lines} />;
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

function RunsLegend({ lines }: { lines: readonly ChartLine[] }) {
  const runs = new Map<string, { label: string; color: string }>();
  const series = new Map<string, string | undefined>();
  for (const l of lines) {
    if (!l.legend || l.run === undefined || l.role === 'weight') continue;
    if (!runs.has(l.run)) runs.set(l.run, { label: l.legend.run, color: l.color });
    if (!series.has(l.legend.series)) series.set(l.legend.series, l.dash);
  }
  return (
    <ul className={styles.legend}>
      {[...runs].map(([id, r]) => (
        <li key={`run:${id}`} data-run={id}>
          <span className={styles.swatch} style={{ borderTopColor: r.color, borderTopStyle: 'solid', borderTopWidth: 4 }} aria-hidden="true" />
          {r.label}
        </li>
      ))}
      {[...series].map(([label, dash]) => (
        <li key={`series:${label}`}>
          <svg width="22" height="6" aria-hidden="true">
            <line x1="1" y1="3" x2="21" y2="3" stroke="currentColor" strokeWidth="1.5" strokeDasharray={dash} />
          </svg>
          {label}
        </li>
      ))}
    </ul>
  );
}
