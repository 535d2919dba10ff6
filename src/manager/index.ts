/**
 * NectarGAN's LossManager for tfjs: registered, weighted, scheduled and tagged losses with
 * histories, loss maps and a JSON loss log. tfjs only: no React, no DOM.
 */
export { LMHistory } from './lmHistory';
export type { HistoryEntry } from './lmHistory';
export { isLossModule, LMLoss } from './lmLoss';
export type { LMLossInit, LossFunction, XYLossFn } from './lmLoss';
export { LossManager } from './lossManager';
export { LossManagerError } from './lossManagerError';
export { describeNonFinite } from './readBack';
export type { NonFiniteLoss } from './readBack';
export type { HistoryColumns } from './historyColumns';
export type { LossManagerState, WeightChange } from './managerState';
export type { CallTime, FlushResult, LossManagerOptions, RegisterOptions } from './managerTypes';
export * from './schedule';
export { formatPyFloat, roundTo } from './pyFormat';
export * from './lossLog/format';
export { MemoryLossLogSink } from './lossLog/sinks';
export type { LossLogSink } from './lossLog/sinks';
export { firstSpecIssue, LossSpecError, lossesFromSpec, moduleConfig, parseLossSpec, validateLossSpec } from './lossSpec';
export type { LossSpec, LossSpecEntry, LossSpecValidation, SpecIssue, SpecValidationOptions } from './lossSpec';
export { NETWORKS, networkOf, networksIn } from './networks';
export { D_HEALTH_STATS, dHealthName, emaSeriesName, gradCosName, gradLayerName, gradNormName, gradShareName, isDerivedSeries, metricName, parseSeriesName, type DHealthStat } from './seriesNames';
export type { SeriesName } from './seriesNames';
export type { Network } from './networks';
export { BUILTIN_SPECS, builtinSpec } from './builtinSpecs';
export { PIX2PIX_SUBSPECS, pix2pixObjective } from './pix2pixObjective';
export type { Pix2pixLambdas, Pix2pixSubspec } from './pix2pixObjective';
export { specToMMagicConfig } from './pythonConfig';
