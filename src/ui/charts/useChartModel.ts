import { startTransition, useEffect, useState } from 'react';
import type { HistoryStore } from '../../state/historyStore';
import { createChartModelBuilder, EMPTY_MODEL, type ChartModel } from './chartModel';
import type { Comparison } from './comparison';
import type { LossChartOptions } from './options';
import { inOwnFrame } from '../frameQueue';
import { pagePace } from './redrawPace';
import type { Domain } from './yDomain';

/** Joins names into one dependency value (arrays from a parent are new each render). */
const SEP = '\u0000';

/**
 * Least time between two redraws of a chart while values stream in: 3 a second is live to the
 * eye and leaves the main thread mostly idle (the worker posts history every 100 ms). At 5 a
 * second, with the hover cursor's layer and the quality and gradient charts added, the page's
 * frames (React, then the SVG's paint and the compositor's commit) made tasks over 50 ms while
 * the worker trained flat out on the other core. While the page's frames run late, 1.5 times
 * this (src/ui/charts/redrawPace.ts).
 */
export const REDRAW_INTERVAL_MS = 333;

/**
 * The chart's model, rebuilt in an animation frame of its own (src/ui/frameQueue.ts) at most once per
 * REDRAW_INTERVAL_MS: the store is read by transient subscription (`store.subscribe`), so a
 * history batch costs at most one model build and one React render of this chart, not a render
 * per appended value. The render is a transition, so React can yield between charts and input
 * stays responsive. While the tab is hidden, requestAnimationFrame does not fire and nothing is
 * built; while the chart is scrolled out of view (`visible` false), nothing is scheduled.
 */
export function useChartModel(
  store: HistoryStore,
  names: readonly string[],
  options: LossChartOptions,
  columns: number,
  /** Other runs and seed groups drawn beside the open run. */
  comparison: Comparison | null = null,
  redrawMs: number = REDRAW_INTERVAL_MS,
  visible = true,
  zoom?: Domain,
): ChartModel {
  const [model, setModel] = useState<ChartModel>(EMPTY_MODEL);
  // One builder per chart: it keeps the chart's outlier bounds between redraws.
  const [build] = useState(createChartModelBuilder);
  const namesKey = names.join(SEP);
  const [zoomFrom, zoomTo] = zoom ?? [NaN, NaN];
  const { smoothing, logY, ignoreOutliers, xAxis, show, showWeight } = options;

  useEffect(() => {
    // Off screen, a chart is not redrawn at all; scrolled into view, it is brought up to date.
    if (columns <= 0 || !visible) return;
    const list = namesKey === '' ? [] : namesKey.split(SEP);
    // The readout's order does not change what is drawn: not a dependency.
    const range: Domain | undefined = Number.isNaN(zoomFrom) ? undefined : [zoomFrom, zoomTo];
    const opts: LossChartOptions = { smoothing, logY, ignoreOutliers, xAxis, show, showWeight, tooltipSort: 'default' };
    let cancelFrame: (() => void) | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastDraw = -Infinity;
    // What the last model was built from: a batch that added nothing to this chart's series
    // (gradient series arrive every gradEvery steps) costs no build and no render.
    let builtFrom: unknown[] = [];
    const redraw = () => {
      cancelFrame = null;
      const state = store.getState();
      const from = [state.marks, state.alarms, ...list.flatMap((n) => { const s = state.series.get(n); return [s, s?.length]; })];
      if (from.length === builtFrom.length && from.every((x, i) => x === builtFrom[i])) return;
      builtFrom = from;
      lastDraw = performance.now();
      // Stored runs never change while shown: only the open run's growth redraws.
      const next = build(state, list, opts, columns, range, comparison);
      startTransition(() => setModel(next));
    };
    const schedule = () => {
      if (cancelFrame !== null || timer !== undefined) return;
      // Slower while the page runs late (redrawPace.ts): 333 ms becomes 500, still live.
      const wait = lastDraw + pagePace.interval(redrawMs) - performance.now();
      if (wait <= 0) cancelFrame = inOwnFrame(redraw);
      else
        timer = setTimeout(() => {
          timer = undefined;
          cancelFrame = inOwnFrame(redraw);
        }, wait);
    };
    schedule();
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.version !== previous.version) schedule();
    });
    return () => {
      unsubscribe();
      cancelFrame?.();
      clearTimeout(timer);
    };
  }, [store, build, namesKey, smoothing, logY, ignoreOutliers, xAxis, show, showWeight, columns, comparison, redrawMs, visible, zoomFrom, zoomTo]);

  return model;
}

/**
 * The content width of an element, kept current by a ResizeObserver (0 until measured), and
 * whether any of it is within the viewport (an IntersectionObserver; true until known). Returns
 * a callback ref to put on the element.
 */
export function useElementWidth(): [(element: HTMLElement | null) => void, number, boolean] {
  const [element, setElement] = useState<HTMLElement | null>(null);
  const [width, setWidth] = useState(0);
  const [visible, setVisible] = useState(true);
  useEffect(() => {
    if (!element || typeof IntersectionObserver === 'undefined') return;
    // Only what is in view: a chart scrolled into view is brought up to date in its next
    // frame (its last drawing shows until then). With a margin of half a screen the four
    // quality charts under the loss charts (at 1280x720) were redrawn unseen while training.
    const observer = new IntersectionObserver((entries) => {
      const last = entries[entries.length - 1];
      if (last) setVisible(last.isIntersecting);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  useEffect(() => {
    if (!element) return;
    const observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      // Whole pixels: sub-pixel jitter while a layout settles would rebuild the model for nothing.
      if (box) setWidth(Math.floor(box.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [setElement, width, visible];
}
