import { useId, useMemo } from 'react';
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import type { ChartLine } from './chartModel';
import type { Domain } from './yDomain';
import { linePath, type AxisMap } from './linePath';

export interface SeriesLayerProps {
  /** In drawing order (SVG paints later lines on top). */
  readonly lines: readonly ChartLine[];
  readonly xDomain: Domain;
  readonly yDomain: Domain;
  readonly logY: boolean;
  readonly weightDomain: Domain | undefined;
}

/**
 * Stroke styles by role: the faint unsmoothed copy behind, dotted overlays, dashed weights;
 * `swatch` is the CSS border style the legend draws the same line with.
 */
export const LINE_STYLE: Record<ChartLine['role'], { opacity: number; width: number; dash?: string; swatch: 'solid' | 'dotted' | 'dashed' }> = {
  overlay: { opacity: 0.6, width: 1, dash: '1 3', swatch: 'dotted' },
  unsmoothed: { opacity: 0.25, width: 1, swatch: 'solid' },
  main: { opacity: 1, width: 1.5, swatch: 'solid' },
  weight: { opacity: 1, width: 1, dash: '5 3', swatch: 'dashed' },
};

/**
 * The chart's lines, each one SVG path, drawn inside a recharts chart with its axes' scales.
 * recharts' own <Line> builds several objects per point on every render, which kept the page's
 * main thread busy for most of each second while training flat out (bench: "Page while
 * training"); a path string from typed arrays is a small fraction of that.
 */
export function SeriesLayer({ lines, xDomain, yDomain, logY, weightDomain }: SeriesLayerProps) {
  const clipId = useId();
  const plot = usePlotArea();
  const sx = useXAxisScale();
  const sy = useYAxisScale('loss');
  const sw = useYAxisScale('weight');
  const paths = useMemo(() => {
    const x = axisMap(sx, xDomain, false);
    const y = axisMap(sy, yDomain, logY);
    const w = weightDomain ? axisMap(sw, weightDomain, false) : undefined;
    if (!x || !y) return [];
    return lines.flatMap((l) => {
      const map = l.role === 'weight' ? w : y;
      return map ? [{ line: l, d: linePath(l.points, x, map) }] : [];
    });
  }, [lines, sx, sy, sw, xDomain, yDomain, logY, weightDomain]);
  if (!plot || paths.length === 0) return null;
  return (
    // The data attributes let browser tests and benchmarks see what is drawn without parsing paths.
    <g className="series" aria-hidden="true" data-points={lines.reduce((n, l) => n + l.points.length, 0)} data-x-end={xDomain[1]}>
      <defs>
        <clipPath id={clipId}>
          <rect x={plot.x} y={plot.y} width={plot.width} height={plot.height} />
        </clipPath>
      </defs>
      <g clipPath={`url(#${clipId})`}>
        {paths.map(({ line, d }) => {
          const style = LINE_STYLE[line.role];
          return (
            <path
              key={line.key}
              d={d}
              fill="none"
              stroke={line.color}
              strokeOpacity={style.opacity}
              strokeWidth={style.width}
              strokeDasharray={style.dash}
              strokeLinejoin="round"
              strokeLinecap="round"
            />
          );
        })}
      </g>
    </g>
  );
}

/** The axis's mapping, read from its recharts scale at the domain's two ends. */
function axisMap(scale: ((value: unknown) => number | undefined) | undefined, domain: Domain, log: boolean): AxisMap | undefined {
  const r0 = scale?.(domain[0]);
  const r1 = scale?.(domain[1]);
  if (r0 === undefined || r1 === undefined || !Number.isFinite(r0) || !Number.isFinite(r1)) return undefined;
  return { domain, range: [r0, r1], log };
}
