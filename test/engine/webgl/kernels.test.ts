// The webgl kernels' parts that run without WebGL: elsewhere everything takes tfjs's own ops.
// Their arithmetic on webgl is checked against cpu in test/e2e/webglKernels.test.ts.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bceMeanWithLogits, bceWithLogits } from '../../../src/losses/bceWithLogits';
import { buildOptimizer } from '../../../src/engine/optimizers';
import { denseProgram, sgdProgram } from '../../../src/engine/webgl/programs';
import { withoutWebglPacking } from '../../../src/engine/webgl/unpacked';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('webgl kernels off webgl', () => {
  it('bceMeanWithLogits gives null on cpu, so the loss takes the mean of bceWithLogits', () => {
    const x = tf.tensor2d([[-2], [0.5]]);
    expect(bceMeanWithLogits(x, 1)).toBeNull();
    // log(1 + e^2) and log(1 + e^-0.5), averaged.
    expect(tf.mean(bceWithLogits(x, 1)).arraySync()).toBeCloseTo((Math.log1p(Math.exp(2)) + Math.log1p(Math.exp(-0.5))) / 2, 6);
  });

  it('withoutWebglPacking runs its function and returns its value on cpu', () => {
    expect(withoutWebglPacking(() => 42)).toBe(42);
  });

  it('plain SGD steps w - lr * g on cpu (tfjs\u2019s own update) and is still named SGD', async () => {
    const w = tf.variable(tf.tensor1d([1, -2]));
    const optimizer = buildOptimizer({ type: 'sgd', learningRate: 0.5 });
    optimizer.applyGradients({ [w.name]: tf.tensor1d([0.5, 1]) });
    // 1 - 0.5 * 0.5, -2 - 0.5 * 1
    expect(Array.from(await w.data())).toEqual([0.75, -2.5]);
    expect(optimizer.getClassName()).toBe('SGD');
  });
});

describe('webgl programs', () => {
  it('write a layer\u2019s sizes and a leaky slope into the shader, and refuse a slope that is not finite', () => {
    const p = denseProgram(150, 2, 8, true, 'leakyRelu', 0.2);
    expect(p.outputShape).toEqual([150, 8]);
    expect(p.variableNames).toEqual(['x', 'w', 'b']);
    expect(p.userCode).toContain('i < 2;');
    expect(p.userCode).toContain('2e-1 * z');
    expect(() => denseProgram(1, 1, 1, false, 'leakyRelu', Number.NaN)).toThrow(/finite/);
  });

  it('take the learning rate as a uniform, so a new rate compiles nothing', () => {
    const p = sgdProgram([2, 3]);
    expect(p.customUniforms).toEqual([{ name: 'lr', type: 'float' }]);
    expect(p.userCode).not.toMatch(/\d\.\d/);
  });
});
