/**
 * The JSON shape of the 2-D toy targets (GAN Lab's, on the plane [-1, 1]^2) and its validation.
 * No tfjs: the page validates a config and draws the target before the worker starts.
 */
import { z } from '../../zodConfig'; // zod, configured jitless before any schema is built
import { showValue as show, valueAt } from '../../losses/jsonText';

export const TOY_KINDS = ['ring', 'grid', 'spiral', 'moons', 'line', 'drawn'] as const;
export type ToyKind = (typeof TOY_KINDS)[number];
export type Point = [number, number];

/** `modes` Gaussians evenly spaced on a circle, the first at angle 0. */
export interface RingConfig {
  kind: 'ring';
  /** @default 8 */
  modes: number;
  /** @default 0.75 */
  radius: number;
  /** @default 0.05 */
  std: number;
}
/** size x size Gaussians, their centres spanning [-extent, extent] on both axes. */
export interface GridConfig {
  kind: 'grid';
  /** Modes per side. @default 5 */
  size: number;
  /** @default 0.8 */
  extent: number;
  /** @default 0.04 */
  std: number;
}
/** An Archimedean spiral from the origin out to `radius`, points spread evenly along it. */
export interface SpiralConfig {
  kind: 'spiral';
  /** @default 1.5 */
  turns: number;
  /** @default 0.9 */
  radius: number;
  /** @default 0.03 */
  std: number;
}
/** scikit-learn's two interleaved half circles, centred on the origin. */
export interface MoonsConfig {
  kind: 'moons';
  /** Radius of each half circle. @default 0.6 */
  radius: number;
  /** @default 0.03 */
  std: number;
}
/** Uniform along the segment from `from` to `to`. */
export interface LineConfig {
  kind: 'line';
  /** @default [-0.8, -0.6] */
  from: Point;
  /** @default [0.8, 0.6] */
  to: Point;
  /** @default 0.02 */
  std: number;
}
/** The user's drawn points, each drawn equally often, with jitter so the target is a density. */
export interface DrawnConfig {
  kind: 'drawn';
  points: Point[];
  /** @default 0.02 */
  std: number;
}
export type ToyConfig = RingConfig | GridConfig | SpiralConfig | MoonsConfig | LineConfig | DrawnConfig;

/** Thrown for an invalid dataset config; the message names the field's path. */
export class DataConfigError extends Error {
  override readonly name = 'DataConfigError';
}

// `std` is everywhere the standard deviation of the Gaussian jitter added to each point.
// Bounds keep every target inside the plane the heat map shows, [-1, 1]^2.
/** Drawn targets are a few dozen clicks; typed or pasted ones stop here. */
export const MAX_DRAWN_POINTS = 10_000;

const span = z.number({ error: 'must be a number' }).positive({ error: 'must be > 0' }).max(1, { error: 'must be <= 1' });
const std = (value: number) => z.number({ error: 'must be a number' }).min(0).max(0.5).default(value);
const coord = z.number({ error: 'must be a number' }).min(-1).max(1);
const point = z.tuple([coord, coord], { error: 'must be an [x, y] pair' });
const count = (max: number) => z.int({ error: 'must be an integer' }).min(1).max(max);

const schemas = {
  ring: z.strictObject({ kind: z.literal('ring'), modes: count(64).default(8), radius: span.default(0.75), std: std(0.05) }),
  grid: z.strictObject({ kind: z.literal('grid'), size: count(10).default(5), extent: span.default(0.8), std: std(0.04) }),
  spiral: z.strictObject({
    kind: z.literal('spiral'),
    turns: z.number().positive().max(5).default(1.5),
    radius: span.default(0.9),
    std: std(0.03),
  }),
  // 1.5 * radius is how far the moons reach along x; radius <= 0.66 keeps them inside the plane.
  moons: z.strictObject({ kind: z.literal('moons'), radius: span.max(0.66).default(0.6), std: std(0.03) }),
  line: z.strictObject({
    kind: z.literal('line'),
    from: point.default([-0.8, -0.6]),
    to: point.default([0.8, 0.6]),
    std: std(0.02),
  }),
  drawn: z.strictObject({
    kind: z.literal('drawn'),
    points: z
      .array(point, { error: 'must be a list of [x, y] pairs' })
      .min(1, { error: 'draw at least one point' })
      .max(MAX_DRAWN_POINTS, { error: `at most ${MAX_DRAWN_POINTS.toLocaleString('en-US')} points (each is kept in the settings, the link and every run's record)` }),
    std: std(0.02),
  }),
} satisfies Record<ToyKind, z.ZodObject>;

const toySchema: z.ZodType<ToyConfig> = z.discriminatedUnion('kind', [
  schemas.ring,
  schemas.grid,
  schemas.spiral,
  schemas.moons,
  schemas.line,
  schemas.drawn,
]);

function describe(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'unrecognized_keys') {
    const kind = valueAt(input, ['kind']) as ToyKind;
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return `unknown key ${keys} (a ${kind} target takes ${Object.keys(schemas[kind].shape).join(', ')})`;
  }
  if (issue.code === 'invalid_union' && issue.path.at(-1) === 'kind') {
    return `unknown kind ${show(valueAt(input, issue.path))} (valid kinds: ${TOY_KINDS.join(', ')})`;
  }
  return `${issue.message} (got ${show(valueAt(input, issue.path))})`;
}

/** Every problem of a toy target from JSON, each at its path from `path`, e.g. `data.radius`. */
export function toyConfigIssues(value: unknown, path = 'data'): { path: string; message: string }[] {
  const result = toySchema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    path: issue.path.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : `${p}.${String(k)}`), path),
    message: describe(issue, value),
  }));
}

/**
 * Validates a toy target from JSON and fills in the defaults. Throws a DataConfigError naming
 * each bad field from `path`, e.g. `data.radius: must be <= 1 (got 3)`.
 */
export function parseToyConfig(value: unknown, path = 'data'): ToyConfig {
  const result = toySchema.safeParse(value);
  if (result.success) return result.data;
  throw new DataConfigError(toyConfigIssues(value, path).map((issue) => `${issue.path}: ${issue.message}`).join('; '));
}
