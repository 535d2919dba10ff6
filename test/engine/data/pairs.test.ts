import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createPairTaskSource, luma, PAIR_TASKS, parsePairTaskConfig } from '../../../src/engine/data/pairs';
import { edgeMap } from '../../../src/engine/data/shapes';
import { samplePairTensors } from '../../../src/engine/data/tensors';

const inRange = (v: Float32Array) => v.every((x) => x >= -1 && x <= 1);
/** Bitwise equality; vitest's deep equality walks 60,000 floats slowly. */
const same = (x: Float32Array, y: Float32Array) => Buffer.from(x.buffer).equals(Buffer.from(y.buffer));

describe('pix2pix procedural tasks', () => {
  it.each(PAIR_TASKS)('%s: NHWC shapes, values in [-1, 1], repeatable for a seed', (task) => {
    for (const size of [32, 64] as const) {
      const source = createPairTaskSource({ task, size }, 3);
      expect(source.shapeA).toEqual([size, size, 1]);
      expect(source.shapeB).toEqual([size, size, 3]);
      const { a, b } = source.nextPairs(5);
      expect(a.length).toBe(5 * size * size);
      expect(b.length).toBe(5 * size * size * 3);
      expect(inRange(a) && inRange(b)).toBe(true);
      const again = createPairTaskSource({ task, size }, 3).nextPairs(5);
      expect(same(again.a, a) && same(again.b, b)).toBe(true);
      expect(same(createPairTaskSource({ task, size }, 4).nextPairs(5).b, b)).toBe(false);
    }
  });

  it('gray-to-colour: A is exactly the BT.601 luma of B, and B is in colour', () => {
    const { a, b } = createPairTaskSource({ task: 'gray-to-colour' }, 1).nextPairs(8);
    const mismatches = Array.from(a).filter((v, i) => v !== Math.fround(0.299 * b[3 * i]! + 0.587 * b[3 * i + 1]! + 0.114 * b[3 * i + 2]!));
    expect(mismatches).toEqual([]);
    // Weights sum to 1, so luma maps [-1, 1] to [-1, 1]: pure red (1, -1, -1) is 0.299 - 0.587 - 0.114.
    expect(luma(1, -1, -1)).toBeCloseTo(-0.402, 12);
    const spread = Array.from({ length: a.length }, (_, i) => Math.max(b[3 * i]!, b[3 * i + 1]!, b[3 * i + 2]!) - Math.min(b[3 * i]!, b[3 * i + 1]!, b[3 * i + 2]!));
    expect(spread.filter((s) => s > 0.3).length / a.length).toBeGreaterThan(0.5);
  });

  it('edges-to-shapes: A is black 1-px outlines on white, exactly where B changes colour', () => {
    const size = 32;
    const { a, b } = createPairTaskSource({ task: 'edges-to-shapes', size }, 2).nextPairs(8);
    expect(a.every((v) => v === -1 || v === 1)).toBe(true);
    for (let k = 0; k < 8; k++) {
      const colour = (x: number, y: number) => Array.from(b.subarray(3 * (k * size * size + y * size + x), 3 * (k * size * size + y * size + x) + 3)).join();
      const edge = (x: number, y: number) => a[k * size * size + y * size + x] === -1;
      let edges = 0;
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const neighbours = [[x - 1, y], [x + 1, y], [x, y - 1], [x, y + 1]].filter(([u, v]) => u! >= 0 && u! < size && v! >= 0 && v! < size);
          const differing = neighbours.filter(([u, v]) => colour(u!, v!) !== colour(x, y));
          // An edge pixel borders another colour; two differing neighbours have an edge between them.
          if (edge(x, y)) {
            edges++;
            expect(differing.length, `image ${k} (${x}, ${y})`).toBeGreaterThan(0);
          }
          for (const [u, v] of differing) expect(edge(x, y) || edge(u!, v!), `image ${k} (${x}, ${y})`).toBe(true);
        }
      }
      expect(edges, `image ${k}`).toBeGreaterThan(0);
      expect(edges / (size * size), `image ${k}`).toBeLessThan(0.3);
    }
  });

  it('edgeMap outlines a 3 x 3 square in a 5 x 5 image as its 8 border pixels', () => {
    // prettier-ignore
    const labels = Uint8Array.from([
      0, 0, 0, 0, 0,
      0, 1, 1, 1, 0,
      0, 1, 1, 1, 0,
      0, 1, 1, 1, 0,
      0, 0, 0, 0, 0,
    ]);
    // prettier-ignore
    expect(Array.from(edgeMap(labels, 5))).toEqual([
      0, 0, 0, 0, 0,
      0, 1, 1, 1, 0,
      0, 1, 0, 1, 0,
      0, 1, 1, 1, 0,
      0, 0, 0, 0, 0,
    ]);
  });

  it('names bad config fields and defaults to 32 px', () => {
    expect(parsePairTaskConfig({ task: 'gray-to-colour' })).toEqual({ task: 'gray-to-colour', size: 32 });
    expect(() => parsePairTaskConfig({ task: 'sketch' })).toThrow('data.task: must be one of edges-to-shapes, gray-to-colour');
    expect(() => parsePairTaskConfig({ task: 'gray-to-colour', size: 48 })).toThrow('data.size: must be 32 or 64');
  });

  it('makes NHWC tensors and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const { a, b } = samplePairTensors(createPairTaskSource({ task: 'edges-to-shapes' }, 1), 3);
    expect(a.shape).toEqual([3, 32, 32, 1]);
    expect(b.shape).toEqual([3, 32, 32, 3]);
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
