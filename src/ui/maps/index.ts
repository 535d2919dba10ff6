export { HeatMap, type HeatMapProps, type RangeChoice } from './HeatMap';
export { LossMapsPanel, type LossMapsPanelProps } from './LossMapsPanel';
export { SamplesView, type SamplesViewProps } from './SamplesView';
export { COLORMAP_NAMES, type ColormapName } from './colormaps';
