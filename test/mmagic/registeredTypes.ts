// The registry names an exported MMagic config may use, each with the file that registers it.
// Taken 2026-12-06 from the sources, read with git (no MMagic installed here):
//   open-mmlab/mmagic    main at 0a560bba9b79ebe78574e1d4cbbdd0e798e63568 (2024-01-31)
//   open-mmlab/mmengine  main at 254342938d9bde1775c39ea7d5181c5d294026c4 (2025-10-27)
//   open-mmlab/mmcv      2.x  at 98e7b3ab6088117600773245b8c6541301bfab95 (2023-08-30)
// mmagic's registries (mmagic/registry.py) fall back to mmengine's, where mmcv registers its
// layers and transforms, so a name from any of the three builds in an mmagic config.

/** `type=` (and optim_wrapper's `constructor=`) names, by where they are registered. */
export const MMAGIC_REGISTERED: Readonly<Record<string, string>> = {
  // MODELS (mmagic)
  DCGAN: 'mmagic/models/editors/dcgan/dcgan.py',
  LSGAN: 'mmagic/models/editors/lsgan/lsgan.py',
  GGAN: 'mmagic/models/editors/ggan/ggan.py',
  WGANGP: 'mmagic/models/editors/wgan_gp/wgan_gp.py',
  Pix2Pix: 'mmagic/models/editors/pix2pix/pix2pix.py',
  DCGANGenerator: 'mmagic/models/editors/dcgan/dcgan_generator.py',
  DCGANDiscriminator: 'mmagic/models/editors/dcgan/dcgan_discriminator.py',
  UnetGenerator: 'mmagic/models/editors/pix2pix/pix2pix_generator.py',
  PatchDiscriminator: 'mmagic/models/archs/patch_disc.py',
  DataPreprocessor: 'mmagic/models/data_preprocessors/data_preprocessor.py',
  ExponentialMovingAverage: 'mmagic/models/base_models/average_model.py',
  // MODELS (mmagic), the losses: what playground_losses may name
  GANLoss: 'mmagic/models/losses/gan_loss.py',
  GradientPenaltyLoss: 'mmagic/models/losses/gan_loss.py',
  DiscShiftLoss: 'mmagic/models/losses/gan_loss.py',
  L1Loss: 'mmagic/models/losses/pixelwise_loss.py',
  MSELoss: 'mmagic/models/losses/pixelwise_loss.py',
  CharbonnierLoss: 'mmagic/models/losses/pixelwise_loss.py',
  MaskedTVLoss: 'mmagic/models/losses/pixelwise_loss.py',
  PSNRLoss: 'mmagic/models/losses/pixelwise_loss.py',
  PerceptualLoss: 'mmagic/models/losses/perceptual_loss.py',
  GradientLoss: 'mmagic/models/losses/gradient_loss.py',
  GANLossComps: 'mmagic/models/losses/loss_comps/gan_loss_comps.py',
  DiscShiftLossComps: 'mmagic/models/losses/loss_comps/disc_auxiliary_loss_comps.py',
  GradientPenaltyLossComps: 'mmagic/models/losses/loss_comps/disc_auxiliary_loss_comps.py',
  R1GradientPenaltyComps: 'mmagic/models/losses/loss_comps/disc_auxiliary_loss_comps.py',
  GeneratorPathRegularizerComps: 'mmagic/models/losses/loss_comps/gen_auxiliary_loss_comps.py',
  // DATASETS, TRANSFORMS (mmagic)
  BasicImageDataset: 'mmagic/datasets/basic_image_dataset.py',
  PairedImageDataset: 'mmagic/datasets/paired_image_dataset.py',
  LoadImageFromFile: 'mmagic/datasets/transforms/loading.py',
  LoadPairedImageFromFile: 'mmagic/datasets/transforms/loading.py',
  Resize: 'mmagic/datasets/transforms/aug_shape.py',
  PackInputs: 'mmagic/datasets/transforms/formatting.py',
  // HOOKS, VISUALIZERS, VISBACKENDS, OPTIM_WRAPPER_CONSTRUCTORS (mmagic)
  VisualizationHook: 'mmagic/engine/hooks/visualization_hook.py',
  Visualizer: 'mmagic/visualization/visualizer.py',
  VisBackend: 'mmagic/visualization/vis_backend.py',
  MultiOptimWrapperConstructor: 'mmagic/engine/optimizers/multi_optimizer_constructor.py',
  // VisualizationHook's vis_kwargs_list types: keys of its VIS_KWARGS_MAPPING, not a registry
  GAN: 'mmagic/engine/hooks/visualization_hook.py (VIS_KWARGS_MAPPING)',
  Translation: 'mmagic/engine/hooks/visualization_hook.py (VIS_KWARGS_MAPPING)',
  // init_cfg of UnetGenerator / PatchDiscriminator: generation_init_weights' init_type, not a registry
  normal: 'mmagic/models/utils/model_utils.py (generation_init_weights)',
  // mmcv (MODELS): norm and activation layers
  BN: 'mmcv/cnn/bricks/norm.py',
  GN: 'mmcv/cnn/bricks/norm.py',
  LeakyReLU: 'mmcv/cnn/bricks/activation.py',
  // mmengine
  InfiniteSampler: 'mmengine/dataset/sampler.py (DATA_SAMPLERS)',
  OptimWrapper: 'mmengine/optim/optimizer/optimizer_wrapper.py (OPTIM_WRAPPERS)',
  Adam: 'mmengine/optim/optimizer/builder.py (OPTIMIZERS: every torch.optim class)',
  SGD: 'mmengine/optim/optimizer/builder.py (OPTIMIZERS: every torch.optim class)',
  RMSprop: 'mmengine/optim/optimizer/builder.py (OPTIMIZERS: every torch.optim class)',
  IterBasedTrainLoop: 'mmengine/runner/loops.py (LOOPS)',
  IterTimerHook: 'mmengine/hooks/iter_timer_hook.py (HOOKS)',
  LoggerHook: 'mmengine/hooks/logger_hook.py (HOOKS)',
  CheckpointHook: 'mmengine/hooks/checkpoint_hook.py (HOOKS)',
  LogProcessor: 'mmengine/runner/log_processor.py (LOG_PROCESSORS)',
  MMSeparateDistributedDataParallel: 'mmengine/model/wrappers/seperate_distributed.py (MODEL_WRAPPERS)',
};
