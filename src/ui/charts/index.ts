export { ChartGrid, type ChartGridProps } from './ChartGrid';
export { ChartOptions, type ChartOptionsProps } from './ChartOptions';
export { LossChart, type LossChartProps } from './LossChart';
export { LossChartView, type LossChartViewProps } from './LossChartView';
export { DEFAULT_CHART_OPTIONS, MAX_SMOOTHING, type LossChartOptions } from './options';
export { lossColor } from './palette';
