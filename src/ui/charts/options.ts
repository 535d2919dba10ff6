import type { TooltipSort } from './readout';
import type { XAxisKind } from './xAxis';

/** How a loss chart draws; every chart of a grid shares one (TensorBoard's sidebar settings). */
export interface LossChartOptions {
  /** TensorBoard smoothing weight: 0 draws the raw values, 0.99 nearly a flat trend. @default 0.95 */
  readonly smoothing: number;
  /** Log-scale y axis; points <= 0 are left out, with a note. @default false */
  readonly logY: boolean;
  /** Scale y to the 5th..95th percentile of the raw values, widened to every smoothed point. @default true */
  readonly ignoreOutliers: boolean;
  /** x by training step or by time since the run started. @default 'step' */
  readonly xAxis: XAxisKind;
  /** The weighted loss (what the optimiser sees) or the unweighted one. @default 'weighted' */
  readonly show: 'weighted' | 'raw';
  /** Draw each loss's weight on a right-hand axis. @default false */
  readonly showWeight: boolean;
  /** The hover readout's order, as TensorBoard's tooltip sorting. @default 'default' */
  readonly tooltipSort: TooltipSort;
}

/**
 * Outliers ignored, as TensorBoard. Smoothing 0.95, not TensorBoard's 0.6: that assumes one point
 * per logged interval, and our losses come every step (0.6 averages 2.5 of them; 0.95 about 20).
 */
export const DEFAULT_CHART_OPTIONS: LossChartOptions = {
  smoothing: 0.95,
  logY: false,
  ignoreOutliers: true,
  xAxis: 'step',
  show: 'weighted',
  showWeight: false,
  tooltipSort: 'default',
};

/** Upper end of the smoothing slider: at 0.999 the debiased EMA needs ~7,000 steps to settle. */
export const MAX_SMOOTHING = 0.99;
