// The playground's generator and discriminator as MMagic 1.x's nearest registered networks:
// DCGANGenerator / DCGANDiscriminator (mmagic/models/editors/dcgan) and UnetGenerator /
// PatchDiscriminator (mmagic/models/editors/pix2pix, mmagic/models/archs/patch_disc.py), with
// notes on every layer that differs. Pure: no tfjs.
import type { ResolvedDcganConfig } from '../engine/models/dcganConfig';
import type { DiscriminatorNorm } from '../engine/models/options';
import { unetDepth, type ResolvedPix2pixConfig } from '../engine/models/pix2pixConfig';

export interface MMagicNetworks {
  readonly generator: Record<string, unknown>;
  readonly discriminator: Record<string, unknown>;
  readonly notes: readonly string[];
}

/** MMagic's DCGAN nets double from 4 x 4: the nearest side to the playground's 28 is 32. */
export const DCGAN_MMAGIC_SIZE = 32;

/** mmcv's norm layers (mmcv/cnn/bricks/norm.py): GroupNorm with one group normalizes each sample over C, H and W. */
function normCfg(norm: DiscriminatorNorm): Record<string, unknown> | null {
  if (norm === 'batch') return { type: 'BN' };
  if (norm === 'layer') return { type: 'GN', num_groups: 1 };
  return null;
}

const LAYER_NORM_NOTE =
  "D's layer norm is GroupNorm with one group (type='GN', num_groups=1): the same statistics per sample over C, H and W, " +
  'but a scale and offset per channel where the playground has one per element.';

export function dcganNetworks(c: ResolvedDcganConfig): MMagicNetworks {
  const notes = [
    `MMagic's DCGAN nets grow from 4 x 4 by doubling, so the images are ${DCGAN_MMAGIC_SIZE} x ${DCGAN_MMAGIC_SIZE} (the digits resized from 28): ` +
      `G is 4 x 4 (${4 * c.width} ch) -> 8 (${2 * c.width}) -> 16 (${c.width}) -> 32 (1), one stage more than the playground's 7 (${4 * c.width}) -> 14 (${2 * c.width}) -> 28 (1); ` +
      `D is 16 (${c.width}) -> 8 (${2 * c.width}) -> 4 (${4 * c.width}) -> a 4 x 4 conv to one logit, where the playground's is 14 (${c.width}) -> 7 (${2 * c.width}) -> a dense layer.`,
    "G's first layer is a 4 x 4 transposed conv of the noise (MMagic) where the playground has a dense layer reshaped to 7 x 7.",
  ];
  if (c.depth > 0) notes.push(`model.depth ${c.depth} (extra 3 x 3 convs per stage) has no equivalent in MMagic's DCGAN nets: left out.`);
  if (c.dNorm === 'layer') notes.push(LAYER_NORM_NOTE);
  return {
    generator: {
      type: 'DCGANGenerator',
      output_scale: DCGAN_MMAGIC_SIZE,
      out_channels: 1,
      base_channels: 4 * c.width,
      input_scale: 4,
      noise_size: c.noiseDim,
      default_norm_cfg: c.gNorm === 'batch' ? { type: 'BN' } : null,
    },
    discriminator: {
      type: 'DCGANDiscriminator',
      input_scale: DCGAN_MMAGIC_SIZE,
      output_scale: 4,
      out_channels: 1,
      in_channels: 1,
      base_channels: c.width,
      default_norm_cfg: normCfg(c.dNorm),
      // mmcv's LeakyReLU defaults to slope 0.01; DCGAN's (and the playground's) is 0.2.
      default_act_cfg: { type: 'LeakyReLU', negative_slope: 0.2 },
    },
    notes,
  };
}

/** Image channels MMagic's paired loader gives: both halves share one color_type. */
export function pairChannels(c: ResolvedPix2pixConfig): { colorType: 'grayscale' | 'color'; a: number; b: number; notes: string[] } {
  if (c.channelsA === 1 && c.channelsB === 1) return { colorType: 'grayscale', a: 1, b: 1, notes: [] };
  const notes: string[] = [];
  if (c.channelsA !== c.channelsB) {
    notes.push(
      `A has ${c.channelsA} channel(s) and B ${c.channelsB}; MMagic's LoadPairedImageFromFile reads both halves with one color_type, ` +
        "so both are read as 3-channel colour (a grayscale A as three equal channels): UnetGenerator's in_channels is 3.",
    );
  }
  for (const [side, n] of [['A', c.channelsA], ['B', c.channelsB]] as const) {
    if (n !== 1 && n !== 3) notes.push(`${side}'s ${n} channels have no MMagic color_type (grayscale or color): read as 3-channel colour.`);
  }
  return { colorType: 'color', a: 3, b: 3, notes };
}

export function pix2pixNetworks(c: ResolvedPix2pixConfig): MMagicNetworks {
  const channels = pairChannels(c);
  const notes = [...channels.notes];
  const depth = unetDepth(c.size);
  // PatchDiscriminator adds a stride-1 4x4 conv and its output conv shrinks each side by 1
  // (padding 1): S / 2^n - 2 must stay >= 1.
  const numConv = Math.min(c.dLayers, Math.log2(c.size) - 2);
  notes.push(
    `U-Net: ${depth} down stages to 1 x 1 as the playground's; MMagic's blocks activate before each conv (LeakyReLU 0.2 down, ReLU up) ` +
      "and concatenate a block's input with its output, where the playground activates after each conv and concatenates the activated encoder output.",
  );
  if (c.gNorm !== 'batch') notes.push("G has no normalization in the playground; MMagic's UnetGenerator requires a norm_cfg: BN is written (MMagic's own pix2pix default).");
  if (c.dNorm === 'none') notes.push("D has no normalization in the playground; MMagic's PatchDiscriminator requires a norm_cfg: BN is written (MMagic's own pix2pix default).");
  if (c.dNorm === 'layer') notes.push(LAYER_NORM_NOTE);
  const side = c.size / 2 ** numConv - 2;
  notes.push(
    `PatchGAN: ${numConv} stride-2 convs, then MMagic's extra stride-1 4 x 4 conv with ${c.width * Math.min(2 ** numConv, 8)} filters and a 4 x 4 output conv, ` +
      `both padding 1: a ${side} x ${side} logits grid where the playground's ${c.dLayers} stride-2 convs and 'same' output conv give ${c.size / 2 ** c.dLayers} x ${c.size / 2 ** c.dLayers}.`,
  );
  if (numConv !== c.dLayers) notes.push(`model.dLayers ${c.dLayers} would leave MMagic's PatchDiscriminator no output at ${c.size} px: num_conv is ${numConv}.`);
  const norm = (kind: DiscriminatorNorm) => normCfg(kind) ?? { type: 'BN' };
  return {
    generator: {
      type: 'UnetGenerator',
      in_channels: channels.a,
      out_channels: channels.b,
      num_down: depth,
      base_channels: c.width,
      norm_cfg: norm(c.gNorm),
      // The playground's U-Net has no dropout (MMagic's pix2pix configs turn it on).
      use_dropout: false,
      init_cfg: { type: 'normal', gain: 0.02 },
    },
    discriminator: {
      type: 'PatchDiscriminator',
      in_channels: channels.a + channels.b,
      base_channels: c.width,
      num_conv: numConv,
      norm_cfg: norm(c.dNorm),
      init_cfg: { type: 'normal', gain: 0.02 },
    },
    notes,
  };
}
