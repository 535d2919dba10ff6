import { useContext, useId, useMemo, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useStore } from 'zustand';
import type { Series } from '../../state/series';
import type { ChartLine } from './chartModel';
import styles from './charts.module.css';
import { CursorContext, NO_CURSOR, ZoomContext } from './cursor';
import { projector } from './linePath';
import type { LossChartOptions } from './options';
import { furthest, nearestIndex, readoutRows, sortRows, type ReadoutSource } from './readout';
import type { PlotArea } from './SeriesLayer';
import { formatY, xForStep, xValues } from './xAxis';
import type { Domain } from './yDomain';
import { dragRange } from './zoom';

export interface ChartCursorProps {
  /** The chart's drawn lines: the readout lists its main and overlay ones (other runs, groups' means). */
  readonly lines: readonly ChartLine[];
  /** An open run's line's series in full, by name (the history store's). */
  readonly resolve: (name: string) => Series | undefined;
  readonly options: LossChartOptions;
  readonly plot: PlotArea;
  readonly xDomain: Domain;
  readonly yDomain: Domain;
  readonly logY: boolean;
  /** The chart's title, for the hover area's accessible name. */
  readonly title: string;
}

/** Arrow keys move one logged step; with Shift, this many. */
const SHIFT_STRIDE = 10;

/**
 * The hover cursor over one chart's plot: a vertical line at the shared cursor's step (in every
 * chart), and, in the chart pointed at, a readout of each drawn series there, read from the full
 * history. It subscribes to the cursor on its own, so a pointer move re-renders this small
 * element in each chart, never the chart (its axes and paths). A drag zooms every chart to the
 * x range dragged across; a double-click (or Escape) zooms back out.
 */
export function ChartCursor({ lines, resolve, options, plot, xDomain, yDomain, logY, title }: ChartCursorProps) {
  const cursor = useContext(CursorContext);
  const zoom = useContext(ZoomContext);
  const id = useId();
  /** A drag in progress: where it started and is now, as shares of the plot's width. */
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  const step = useStore(cursor, (s) => s.step);
  const isSource = useStore(cursor, (s) => s.source === id);
  // Only the chart pointed at re-renders as the pointer moves up and down.
  const pointerY = useStore(cursor, (s) => (s.source === id ? s.y : null));
  const sources = useMemo(
    () =>
      lines.flatMap((l): ReadoutSource[] => {
        if (l.role !== 'main' && l.role !== 'overlay') return [];
        // Another run's line carries its series (a group's, its members'); the open run's is the history's.
        const members = (l.source ?? [resolve(l.name)]).filter((s): s is Series => s !== undefined && s.length > 0);
        return members.length > 0 ? [{ key: l.key, label: l.label, color: l.color, series: members[0]!, members }] : [];
      }),
    [lines, resolve],
  );
  // The cursor snaps to the steps of the line that reaches furthest (the first such): with other
  // runs shown, the open run may be the shortest, and the cursor must reach every run's end.
  const reference = useMemo(() => furthest(sources), [sources]);
  const span = xDomain[1] - xDomain[0];

  const shareOf = (e: PointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    return (e.clientX - box.left) / box.width;
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    // Captured, so a drag that ends outside the plot still ends here.
    e.currentTarget.setPointerCapture?.(e.pointerId);
    const fx = shareOf(e);
    setDrag({ start: fx, end: fx });
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag) return;
    const range = dragRange(drag.start, shareOf(e), xDomain);
    setDrag(null);
    if (range) zoom.setState({ axis: options.xAxis, range });
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag) setDrag({ start: drag.start, end: shareOf(e) });
    if (!reference || !(span > 0)) return;
    const box = e.currentTarget.getBoundingClientRect();
    const fx = (e.clientX - box.left) / box.width;
    const fy = Math.round(((e.clientY - box.top) / box.height) * 200) / 200;
    const i = nearestIndex(xValues(reference, options.xAxis), reference.length, xDomain[0] + fx * span);
    const next = reference.step[i] as number;
    const now = cursor.getState();
    if (now.step !== next || now.source !== id || now.y !== fy) cursor.setState({ step: next, source: id, y: fy });
  };
  const clear = () => {
    if (cursor.getState().source === id) cursor.setState(NO_CURSOR);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') zoom.setState(null);
    if ((e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') || !reference) return;
    e.preventDefault();
    const n = reference.length;
    const at = step === null ? n : nearestIndex(reference.step, n, step);
    const move = (e.key === 'ArrowRight' ? 1 : -1) * (e.shiftKey ? SHIFT_STRIDE : 1);
    const i = step === null ? n - 1 : Math.min(n - 1, Math.max(0, at + move));
    cursor.setState({ step: reference.step[i] as number, source: id, y: null });
  };

  const x = step === null || !reference ? undefined : options.xAxis === 'step' ? step : xForStep(reference, 'time', step);
  const left = x === undefined || !(span > 0) ? undefined : ((x - xDomain[0]) / span) * plot.width;
  const shown = left !== undefined && left >= 0 && left <= plot.width;
  return (
    <div
      className={styles.hover}
      style={{ left: plot.x, top: plot.y, width: plot.width, height: plot.height }}
      tabIndex={0}
      role="group"
      aria-label={`${title}: point or use the arrow keys to read the values at a step; drag to zoom, double-click to zoom out`}
      data-testid="chart-hover"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => setDrag(null)}
      onDoubleClick={() => zoom.setState(null)}
      onPointerLeave={clear}
      onBlur={clear}
      onKeyDown={onKeyDown}
    >
      {drag && (
        <div
          className={styles.selection}
          style={{ left: Math.max(0, Math.min(drag.start, drag.end)) * plot.width, width: Math.min(1, Math.abs(drag.end - drag.start)) * plot.width }}
        />
      )}
      {shown && <div className={styles.cursor} style={{ left }} data-testid="chart-cursor" data-step={step} />}
      {shown && isSource && step !== null && (
        <Readout
          sources={sources}
          step={step}
          options={options}
          left={left}
          plot={plot}
          distance={pointerY === null ? undefined : pixelDistance(yDomain, logY, plot.height, pointerY)}
        />
      )}
    </div>
  );
}

/** Pixels between a value's height on the y axis and the pointer's (a share of the plot's height). */
function pixelDistance(yDomain: Domain, logY: boolean, height: number, pointerY: number): (value: number) => number {
  const py = projector({ domain: yDomain, range: [height, 0], log: logY });
  return (v) => Math.abs(py(v) - pointerY * height);
}

interface ReadoutProps {
  readonly sources: readonly ReadoutSource[];
  readonly step: number;
  readonly options: LossChartOptions;
  readonly left: number;
  readonly plot: PlotArea;
  readonly distance: ((value: number) => number) | undefined;
}

/** The tooltip: each series' smoothed and logged value at its nearest step, in the chosen order. */
function Readout({ sources, step, options, left, plot, distance }: ReadoutProps) {
  const field = options.show === 'raw' ? 'raw' : 'value';
  const rows = sortRows(readoutRows(sources, step, field, options.smoothing), options.tooltipSort, distance);
  // Beside the cursor, on the side with more room.
  const side = left < plot.width / 2 ? { left: left + 8 } : { right: plot.width - left + 8 };
  return (
    <div className={styles.tooltip} style={side} data-testid="chart-tooltip" data-step={step}>
      <div className={styles.tooltipStep}>Step {step}</div>
      <table>
        <thead>
          <tr>
            <th scope="col">Series</th>
            <th scope="col">Smoothed</th>
            <th scope="col">Value</th>
            <th scope="col">Step</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-key={r.key}>
              <td>
                <span className={styles.dot} style={{ background: r.color }} aria-hidden="true" />
                {r.label}
              </td>
              <td data-value={r.smoothed}>{formatY(r.smoothed)}</td>
              <td data-value={r.raw}>{formatY(r.raw)}</td>
              <td>{r.step}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
