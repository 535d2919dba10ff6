/**
 * Procedural pix2pix tasks: seeded pairs (A = input, B = target) drawn on typed arrays, NHWC,
 * values in [-1, 1]. B is RGB; A is one channel (edges, or luma).
 */
import { z } from '../../zodConfig'; // zod, configured jitless before any schema is built
import { createRandom, type Random } from './random';
import { edgeMap, hsv, labelMap, randomShape, type Rgb } from './shapes';
import { checkBatchSize, type ImagePairs, type PairSource } from './source';
import { DataConfigError } from './toyConfig';

export const PAIR_TASKS = ['edges-to-shapes', 'gray-to-colour'] as const;
export type PairTask = (typeof PAIR_TASKS)[number];

export interface PairTaskConfig {
  task: PairTask;
  /** Side of the square images, in pixels: 32 or 64. @default 32 */
  size: 32 | 64;
}

const pairTaskSchema = z.strictObject({
  task: z.enum(PAIR_TASKS, { error: `must be one of ${PAIR_TASKS.join(', ')}` }),
  size: z.union([z.literal(32), z.literal(64)], { error: 'must be 32 or 64' }).default(32),
});

/** Every problem of a pix2pix task config from JSON, each at its path from `path`, e.g. `data.task`. */
export function pairTaskIssues(value: unknown, path = 'data'): { path: string; message: string }[] {
  const result = pairTaskSchema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({ path: [path, ...issue.path.map(String)].join('.'), message: issue.message }));
}

export function parsePairTaskConfig(value: unknown, path = 'data'): PairTaskConfig {
  const result = pairTaskSchema.safeParse(value);
  if (result.success) return result.data;
  throw new DataConfigError(pairTaskIssues(value, path).map((issue) => `${issue.path}: ${issue.message}`).join('; '));
}

/** [0, 1] to [-1, 1], rounded to float32 once, so luma below reads exactly what B holds. */
const signed = (v: number) => Math.fround(2 * v - 1);

/** ITU-R BT.601 luma, as PIL's convert('L') and pix2pix's grayscale use. */
export function luma(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

/** A light or dark low-saturation background under saturated shapes: the shapes always stand out. */
function drawEdgesToShapes(rng: Random, size: number, a: Float32Array, b: Float32Array): void {
  const shapes = Array.from({ length: 1 + rng.int(3) }, () => randomShape(rng, size));
  const labels = labelMap(shapes, size);
  const edges = edgeMap(labels, size);
  const colours: Rgb[] = [hsv(rng.uniform(), rng.range(0, 0.25), rng.int(2) ? rng.range(0.1, 0.3) : rng.range(0.8, 1))];
  for (const _ of shapes) colours.push(hsv(rng.uniform(), rng.range(0.6, 1), rng.range(0.55, 1)));
  for (let i = 0; i < size * size; i++) {
    const colour = colours[labels[i] as number] as Rgb;
    for (let c = 0; c < 3; c++) b[3 * i + c] = signed(colour[c]!);
    a[i] = edges[i] ? -1 : 1; // black lines on white, as in edges2shoes
  }
}

/** A bilinear blend of four random corner colours with a few flat shapes on top. */
function drawGrayToColour(rng: Random, size: number, a: Float32Array, b: Float32Array): void {
  const corners = Array.from({ length: 4 }, () => hsv(rng.uniform(), rng.range(0.5, 1), rng.range(0.35, 1)));
  const [c00, c10, c01, c11] = corners as [Rgb, Rgb, Rgb, Rgb];
  const shapes = Array.from({ length: 1 + rng.int(3) }, () => randomShape(rng, size));
  const labels = labelMap(shapes, size);
  const fills = shapes.map(() => hsv(rng.uniform(), rng.range(0.5, 1), rng.range(0.3, 1)));
  for (let y = 0; y < size; y++) {
    const v = (y + 0.5) / size;
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      const i = y * size + x;
      const label = labels[i] as number;
      for (let c = 0; c < 3; c++) {
        const gradient = (1 - v) * ((1 - u) * c00[c]! + u * c10[c]!) + v * ((1 - u) * c01[c]! + u * c11[c]!);
        b[3 * i + c] = signed(label ? fills[label - 1]![c]! : gradient);
      }
      a[i] = luma(b[3 * i]!, b[3 * i + 1]!, b[3 * i + 2]!);
    }
  }
}

const drawers: Record<PairTask, typeof drawEdgesToShapes> = {
  'edges-to-shapes': drawEdgesToShapes,
  'gray-to-colour': drawGrayToColour,
};

export interface PairTaskSource extends PairSource {
  readonly config: PairTaskConfig;
}

/** A seeded source of a procedural task's pairs; `config` is JSON, validated here. */
export function createPairTaskSource(config: unknown, seed: number): PairTaskSource {
  const parsed = parsePairTaskConfig(config);
  const { size } = parsed;
  const rng = createRandom(seed);
  const draw = drawers[parsed.task];
  const [pixels, aShape, bShape] = [size * size, [size, size, 1] as const, [size, size, 3] as const];
  return {
    config: parsed,
    shapeA: aShape,
    shapeB: bShape,
    nextPairs(n): ImagePairs {
      checkBatchSize(n);
      const a = new Float32Array(n * pixels);
      const b = new Float32Array(n * pixels * 3);
      for (let k = 0; k < n; k++) draw(rng, size, a.subarray(k * pixels), b.subarray(3 * k * pixels));
      return { a, b };
    },
  };
}
