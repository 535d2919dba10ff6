import { memo, useId, useMemo } from 'react';
import type { ChartLine } from './chartModel';
import type { Domain } from './yDomain';
import { bandPath, linePath, type AxisMap } from './linePath';

/** Where the axes leave the plot, in the chart's pixels. */
export interface PlotArea {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface SeriesLayerProps {
  /** In drawing order (SVG paints later lines on top). */
  readonly lines: readonly ChartLine[];
  readonly xDomain: Domain;
  readonly yDomain: Domain;
  readonly logY: boolean;
  readonly weightDomain: Domain | undefined;
  /** The chart's size and its plot area: the axes' scales map the domains onto it. */
  readonly width: number;
  readonly height: number;
  readonly plot: PlotArea;
  /** The last x drawn (for tests: how far the curves reach). */
  readonly xEnd: number;
}

/**
 * Stroke styles by role: the faint unsmoothed copy behind, dashed weights, other runs' lines as
 * the open run's (their colour tells them apart), a seed group's band a faint fill; `swatch` is
 * the CSS border style the legend draws the same line with. A line's own dash (the series'
 * pattern in a chart of several runs) wins over its role's.
 */
export const LINE_STYLE: Record<ChartLine['role'], { opacity: number; width: number; dash?: string; swatch: 'solid' | 'dotted' | 'dashed' }> = {
  band: { opacity: 0.18, width: 0, swatch: 'solid' },
  overlay: { opacity: 1, width: 1.5, swatch: 'solid' },
  unsmoothed: { opacity: 0.25, width: 1, swatch: 'solid' },
  main: { opacity: 1, width: 1.5, swatch: 'solid' },
  weight: { opacity: 1, width: 1, dash: '5 3', swatch: 'dashed' },
};

/**
 * The chart's lines, each one SVG path, in an SVG laid over recharts' axes and mapped as they
 * are (linear, or log10 on a log axis, from the domains onto the plot area). recharts' own
 * <Line> builds several objects per point on every render, which kept the page's main thread
 * busy for most of each second while training flat out; and drawn outside recharts' chart, a
 * new batch of values redraws these paths only, while the axes re-render when their domains
 * (rounded to whole ticks) change.
 */
export function SeriesLayer({ lines, xDomain, yDomain, logY, weightDomain, width, height, plot, xEnd }: SeriesLayerProps) {
  const clipId = useId();
  const axes = useMemo(() => {
    const x: AxisMap = { domain: xDomain, range: [plot.x, plot.x + plot.width], log: false };
    const y: AxisMap = { domain: yDomain, range: [plot.y + plot.height, plot.y], log: logY };
    const w: AxisMap | undefined = weightDomain && { domain: weightDomain, range: [plot.y + plot.height, plot.y], log: false };
    return { x, y, w };
  }, [xDomain, yDomain, logY, weightDomain, plot]);
  const drawn = lines.filter((l) => l.role !== 'weight' || axes.w);
  if (drawn.length === 0 || plot.width <= 0 || plot.height <= 0) return null;
  return (
    <svg className="series-layer" width={width} height={height} aria-hidden="true" style={{ position: 'absolute', left: 0, top: 0, pointerEvents: 'none' }}>
      {/* The data attributes let browser tests and benchmarks see what is drawn without parsing paths. */}
      <g className="series" data-points={lines.reduce((n, l) => n + l.points.length, 0)} data-x-end={xEnd} data-x-domain={`${xDomain[0]} ${xDomain[1]}`} data-y-domain={`${yDomain[0]} ${yDomain[1]}`}>
        <defs>
          <clipPath id={clipId}>
            <rect x={plot.x} y={plot.y} width={plot.width} height={plot.height} />
          </clipPath>
        </defs>
        <g clipPath={`url(#${clipId})`}>
          {drawn.map((line) => (
            <SeriesPath key={line.key} line={line} x={axes.x} y={line.role === 'weight' ? axes.w! : axes.y} />
          ))}
        </g>
      </g>
    </svg>
  );
}

/**
 * One line's path, a component of its own: a redraw of many runs' lines is many small units of
 * React work, between which a transition render can yield to input, not one long task.
 */
const SeriesPath = memo(function SeriesPath({ line, x, y }: { line: ChartLine; x: AxisMap; y: AxisMap }) {
  const d = useMemo(() => (line.role === 'band' ? bandPath(line.points, line.lower ?? line.points, x, y) : linePath(line.points, x, y)), [line, x, y]);
  const style = LINE_STYLE[line.role];
  if (line.role === 'band') return <path data-role="band" data-run={line.run} d={d} fill={line.color} fillOpacity={style.opacity} stroke="none" />;
  return (
    <path
      data-role={line.role}
      data-run={line.run}
      d={d}
      fill="none"
      stroke={line.color}
      strokeOpacity={style.opacity}
      strokeWidth={style.width}
      strokeDasharray={line.dash ?? style.dash}
      strokeLinejoin="round"
      strokeLinecap="round"
    />
  );
});
