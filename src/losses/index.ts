/**
 * The loss library: MMagic/MMGeneration's loss functions and modules on tfjs, for
 * channels-last (NHWC) tensors. Framework-free: tfjs and zod only.
 */
export { LossConfigError, REDUCTIONS } from './types';
export type { DataInfo, LossModule, LossOutputs, LossWithMap, NetworkFn, Reduction } from './types';
export { maskReduceLoss, reduceLoss } from './reduction';
export { batchMean } from './baseLoss';
export { CharbonnierLoss, L1Loss, MSELoss } from './pixelLosses';
export type { PixelLossConfig } from './pixelLosses';
export { MaskedTVLoss, PSNRLoss } from './imageLosses';
export { GradientLoss, LaplacianLoss, SobelLoss, LAPLACIAN, SOBEL_X, SOBEL_Y } from './edgeLosses';
export { gaussianBlur, gaussianKernel1d } from './gaussianBlur';
export { GAN_COMPS_TYPES, GAN_TYPES, GANLoss, GANLossComps } from './ganLoss';
export type { GanType } from './ganLoss';
export {
  discShiftLoss,
  genPathRegularizer,
  gradientPenaltyElements,
  gradientPenaltyLoss,
  NORM_MODES,
  r1GradientPenaltyElements,
  r1GradientPenaltyLoss,
} from './regularizers';
export type {
  GradientPenaltyOptions,
  NormMode,
  PathRegularizerOptions,
  PathRegularizerResult,
  PenaltyOptions,
} from './regularizers';
export { DiscShiftLoss, GeneratorPathRegularizer, GradientPenaltyLoss, R1GradientPenalty } from './regularizerModules';
export { enableSecondOrderGradients } from './secondOrder';
export { nextLossSeed, withLossSeed } from './randomSeed';
export { gramMatrix, loadFeatureModel, PERCEPTUAL_CRITERIA, PerceptualLoss } from './perceptualLoss';
export type { PerceptualCriterion, PerceptualLossConfig, PerceptualParts } from './perceptualLoss';
export type { ArgKind, ArgSpec } from './argSpec';
export type { Network } from './dataInfo';
export { isLossType, LOSS_ALIASES, LOSS_CATALOG, LOSS_TYPES, lossConfigProblems, OPTION_KINDS } from './catalog';
export type { LossCatalogEntry, LossConfigProblems, LossType, OptionInfo, OptionKind, OptionValue } from './catalog';
export { collectLosses, parseLosses } from './parseLosses';
export type { LossValue, ParsedLosses } from './parseLosses';
export {
  buildLoss,
  defaultLossRegistry,
  listLossTypes,
  LossRegistry,
  registerBuiltinLosses,
  registerLoss,
} from './registry';
export type { LossConfig, LossFactory } from './registry';
