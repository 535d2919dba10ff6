/**
 * The share of the user's own A|B images kept out of training to measure pix2pix's quality on
 * (L1, PSNR, SSIM of G(A) against B): without it the measure would score pairs the generator
 * has learnt by heart. The choice depends on the images' order only, not on the seed, so runs
 * that differ in the seed are measured on the same pairs.
 */

/** 10%: one image in ten, none from fewer than ten images. */
export const DEFAULT_HELD_OUT_SHARE = 0.1;
/** At most half: the rest trains. */
export const MAX_HELD_OUT_SHARE = 0.5;

/**
 * floor(n * share) indices spread evenly over 0 .. n-1 (the middle of each of that many equal
 * runs of images), ascending and distinct; none when share * n < 1.
 */
export function heldOutIndices(n: number, share: number): number[] {
  const count = Math.floor(n * Math.min(Math.max(share, 0), MAX_HELD_OUT_SHARE));
  return Array.from({ length: count }, (_, k) => Math.floor(((k + 0.5) * n) / count));
}

/** The items split into those that train and those held out, each in their original order. */
export function splitHeldOut<T>(items: readonly T[], share: number): { train: T[]; heldOut: T[] } {
  const held = new Set(heldOutIndices(items.length, share));
  return { train: items.filter((_, i) => !held.has(i)), heldOut: items.filter((_, i) => held.has(i)) };
}
