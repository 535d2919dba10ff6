import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildLoss,
  gramMatrix,
  L1Loss,
  listLossTypes,
  loadFeatureModel,
  LossConfigError,
  PerceptualLoss,
  type PerceptualLossConfig,
} from '../../src/losses';
import { expectNoLeak, expectScalar, expectValues, values } from '../helpers/tensors';

/**
 * image [h, w, 3] -> c1: 1x1 conv with the identity kernel (c1 features = the image)
 * -> r1: relu -> c2: 1x1 conv with a kernel of ones (c2 = sum of the relu'd channels).
 * No biases, so every feature is arithmetic on the pixels.
 */
function featureNet(): tf.LayersModel {
  const image = tf.input({ shape: [null, null, 3], name: 'image' });
  const conv = (name: string, filters: number, kernel: tf.Tensor) =>
    tf.layers.conv2d({ name, filters, kernelSize: 1, useBias: false, weights: [kernel] });
  const c1 = conv('c1', 3, tf.reshape(tf.eye(3), [1, 1, 3, 3])).apply(image) as tf.SymbolicTensor;
  const r1 = tf.layers.reLU({ name: 'r1' }).apply(c1) as tf.SymbolicTensor;
  const c2 = conv('c2', 1, tf.ones([1, 1, 3, 1])).apply(r1) as tf.SymbolicTensor;
  return tf.model({ inputs: image, outputs: c2, name: 'tiny_features' });
}

/** One 1x2 RGB image per tensor: pixels [1, 2, 3] and [0, 0, 0], against [0, 0, 0] and [1, 1, 1]. */
const pred = () => tf.tensor4d([1, 2, 3, 0, 0, 0], [1, 1, 2, 3]);
const target = () => tf.tensor4d([0, 0, 0, 1, 1, 1], [1, 1, 2, 3]);
// pred - target = [1, 2, 3, -1, -1, -1]: |.| sums to 9, squares to 17, over 6 elements.

let net: tf.LayersModel;
beforeAll(() => {
  net = featureNet();
});
afterAll(() => {
  net.dispose();
});

const perceptual = (config: PerceptualLossConfig) => new PerceptualLoss(config, net);

describe('PerceptualLoss: the perceptual term', () => {
  it('on an identity layer is the pixel loss', async () => {
    await expectScalar(perceptual({ layer_weights: { c1: 1 } }).forward(pred(), target()), 9 / 6);
    await expectScalar(perceptual({ layer_weights: { c1: 1 }, criterion: 'mse' }).forward(pred(), target()), 17 / 6, 1e-6);
    await expectScalar(perceptual({ layer_weights: { c1: 1 }, criterion: 'fro' }).forward(pred(), target()), Math.sqrt(17), 1e-6);
    const p = tf.randomNormal([2, 4, 4, 3], 0, 1, 'float32', 1);
    const t = tf.randomNormal([2, 4, 4, 3], 0, 1, 'float32', 2);
    const expected = await values(new L1Loss().forward(p, t));
    await expectScalar(perceptual({ layer_weights: { c1: 1 } }).forward(p, t), expected[0] as number, 1e-6);
  });

  it('weights each layer, then perceptual_weight, then loss_weight', async () => {
    // c1: 9 / 6 = 1.5. c2 = channel sums of relu: pred [6, 0], target [0, 3] -> L1 (6 + 3) / 2 = 4.5.
    const loss = perceptual({ layer_weights: { c1: 0.5, c2: 2 }, perceptual_weight: 2, loss_weight: 0.25 });
    const { percep, style } = loss.forwardParts(pred(), target());
    await expectScalar(percep!, 2 * (0.5 * 1.5 + 2 * 4.5));
    expect(style).toBeNull();
    await expectScalar(loss.forward(pred(), target()), 0.25 * 2 * (0.5 * 1.5 + 2 * 4.5));
  });

  it('reads relu features: negative pixels vanish at r1', async () => {
    // relu(-1) = 0: pred [-1, 2, 0] vs target 0 -> c1 L1 3/3, r1 L1 2/3.
    const p = tf.tensor4d([-1, 2, 0], [1, 1, 1, 3]);
    await expectScalar(perceptual({ layer_weights: { c1: 1 } }).forward(p, tf.zerosLike(p)), 3 / 3);
    await expectScalar(perceptual({ layer_weights: { r1: 1 } }).forward(p, tf.zerosLike(p)), 2 / 3, 1e-6);
  });
});

describe('PerceptualLoss: the style term', () => {
  // A 1x2 feature map with pixels f1 = [1, 2, 0] and f2 = [0, 1, 1] (c = 3, h * w = 2):
  // f1 f1^T + f2 f2^T = [[1, 2, 0], [2, 4 + 1, 1], [0, 1, 1]], divided by c * h * w = 6.
  const f = () => tf.tensor4d([1, 2, 0, 0, 1, 1], [1, 1, 2, 3]);
  const gramSum = [1, 2, 0, 2, 5, 1, 0, 1, 1];

  it('gramMatrix is sum over positions of f f^T / (c * h * w)', async () => {
    const g = gramMatrix(f());
    expect(g.shape).toEqual([1, 3, 3]);
    await expectValues(g, gramSum.map((v) => v / 6));
  });

  it('compares Gram matrices with the criterion, times the layer and style weights', async () => {
    // Against a zero target (Gram 0): L1 = sum|G| / 9 = (13 / 6) / 9; MSE = sum G^2 / 9 = (37 / 36) / 9.
    const styleOnly = { layer_weights: { c1: 1 }, perceptual_weight: 0, style_weight: 3 };
    const l1 = perceptual(styleOnly).forwardParts(f(), tf.zeros([1, 1, 2, 3]));
    expect(l1.percep).toBeNull();
    await expectScalar(l1.style!, (3 * 13) / 6 / 9, 1e-6);
    const mse = perceptual({ ...styleOnly, criterion: 'mse' }).forward(f(), tf.zeros([1, 1, 2, 3]));
    await expectScalar(mse, (3 * 37) / 36 / 9, 1e-6);
  });

  it('uses layer_weights_style for its layers when given, and adds to the perceptual term', async () => {
    // Perceptual on c1: |f| sums to 5 over 6 -> 5/6. Style on c1 with weight 0.5: 0.5 * 13 / 54.
    const loss = perceptual({ layer_weights: { c1: 1 }, layer_weights_style: { c1: 0.5 }, style_weight: 1, loss_weight: 2 });
    const { percep, style } = loss.forwardParts(f(), tf.zeros([1, 1, 2, 3]));
    await expectScalar(percep!, 5 / 6, 1e-6);
    await expectScalar(style!, (0.5 * 13) / 54, 1e-6);
    await expectScalar(loss.forward(f(), tf.zeros([1, 1, 2, 3])), 2 * (5 / 6 + (0.5 * 13) / 54), 1e-6);
  });

  it('matches a Gram matrix computed element by element', async () => {
    const x = tf.randomUniform([2, 3, 2, 4], -1, 1, 'float32', 3);
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const data = await values(x);
    const at = (b: number, i: number, k: number) => data[((b * h + Math.floor(i / w)) * w + (i % w)) * c + k] as number;
    const expected: number[] = [];
    for (let b = 0; b < n; b++) {
      for (let k = 0; k < c; k++) {
        for (let l = 0; l < c; l++) {
          let sum = 0;
          for (let i = 0; i < h * w; i++) sum += at(b, i, k) * at(b, i, l);
          expected.push(sum / (c * h * w));
        }
      }
    }
    await expectValues(gramMatrix(x), expected, 1e-5);
  });
});

describe('PerceptualLoss: image normalization', () => {
  it('norm_img maps [-1, 1] to [0, 1], halving differences', async () => {
    await expectScalar(perceptual({ layer_weights: { c1: 1 }, norm_img: true }).forward(pred(), target()), 9 / 6 / 2, 1e-6);
  });

  it('use_input_norm subtracts the ImageNet mean and divides by its std', async () => {
    // A difference of 1 in every channel becomes 1 / std per channel.
    const p = tf.ones([1, 1, 1, 3]);
    const std = [0.229, 0.224, 0.225];
    const meanOverStd = std.reduce((a, s) => a + 1 / s, 0) / 3;
    await expectScalar(perceptual({ layer_weights: { c1: 1 }, use_input_norm: true }).forward(p, tf.zerosLike(p)), meanOverStd, 1e-5);
    // With norm_img first, as in MMagic: the difference is halved before dividing by the std.
    const both = perceptual({ layer_weights: { c1: 1 }, use_input_norm: true, norm_img: true });
    await expectScalar(both.forward(p, tf.zerosLike(p)), meanOverStd / 2, 1e-5);
    // Features of a gray 0.5 image in [0, 1] after normalization: (0.5 - mean) / std.
    const features = perceptual({ layer_weights: { c1: 1 }, use_input_norm: true }).forward(tf.fill([1, 1, 1, 3], 0.5), tf.zeros([1, 1, 1, 3]));
    const mean = [0.485, 0.456, 0.406];
    const expected = mean.reduce((a, m, i) => a + Math.abs((0.5 - m) / (std[i] as number) - (0 - m) / (std[i] as number)), 0) / 3;
    await expectScalar(features, expected, 1e-5);
  });

  it('use_input_norm refuses images that are not RGB', () => {
    const gray = tf.input({ shape: [2, 2, 1] });
    const model = tf.model({ inputs: gray, outputs: tf.layers.conv2d({ name: 'g1', filters: 1, kernelSize: 1 }).apply(gray) as tf.SymbolicTensor });
    const loss = new PerceptualLoss({ layer_weights: { g1: 1 }, use_input_norm: true }, model);
    expect(() => loss.forward(tf.zeros([1, 2, 2, 1]), tf.zeros([1, 2, 2, 1]))).toThrow(
      /PerceptualLoss \(loss_perceptual\): use_input_norm needs RGB images \(3 channels last\), got shape \[1, 2, 2, 1\]/,
    );
    model.dispose();
  });
});

describe('PerceptualLoss: gradients', () => {
  it('flow to pred: d mean|pred - target| / d pred = sign(pred - target) / 6 on the identity layer', async () => {
    const loss = perceptual({ layer_weights: { c1: 1 } });
    const t = target();
    await expectValues(tf.grad((p: tf.Tensor) => loss.forward(p, t))(pred()), [1, 1, 1, -1, -1, -1].map((s) => s / 6));
  });

  it('but not through target (MMagic detaches gt): its gradient is zero', async () => {
    const loss = perceptual({ layer_weights: { c1: 1, c2: 1 }, style_weight: 1, criterion: 'mse' });
    const p = pred();
    const [dp, dt] = tf.grads((a: tf.Tensor, b: tf.Tensor) => loss.forward(a, b))([p, target()]);
    expect((await values(dp!)).some((v) => v !== 0)).toBe(true);
    await expectValues(dt!, [0, 0, 0, 0, 0, 0]);
  });

  it('reach the feature network only along the pred path', async () => {
    // With target features as constants, the c1 kernel gets the same gradient.
    const loss = perceptual({ layer_weights: { c1: 1 } });
    const c1 = tf.model({ inputs: net.inputs, outputs: net.getLayer('c1').output as tf.SymbolicTensor });
    const kernel = net.getLayer('c1').trainableWeights[0]!.read() as tf.Variable;
    const p = pred();
    const t = target();
    const constTarget = c1.predict(t) as tf.Tensor;
    const viaLoss = tf.variableGrads(() => loss.forward(p, t) as tf.Scalar, [kernel]);
    const reference = tf.variableGrads(() => tf.mean(tf.abs(tf.sub(c1.apply(p) as tf.Tensor, constTarget))) as tf.Scalar, [kernel]);
    await expectValues(viaLoss.grads[kernel.name]!, await values(reference.grads[kernel.name]!), 1e-6);
  });

  it("'fro' has a zero gradient, not NaN, where pred equals target", async () => {
    const loss = perceptual({ layer_weights: { c1: 1 }, criterion: 'fro' });
    const t = target();
    await expectValues(tf.grad((p: tf.Tensor) => loss.forward(p, t))(target()), [0, 0, 0, 0, 0, 0]);
    // Elsewhere d||d|| / dd = d / ||d||.
    const grad = tf.grad((p: tf.Tensor) => loss.forward(p, t))(pred());
    await expectValues(grad, [1, 2, 3, -1, -1, -1].map((d) => d / Math.sqrt(17)), 1e-6);
  });
});

describe('PerceptualLoss: configs and errors', () => {
  it('names an unknown layer and lists the layers of the network', () => {
    expect(() => perceptual({ layer_weights: { conv1: 1 } })).toThrow(
      'PerceptualLoss (loss_perceptual): option "layer_weights": no layer named "conv1" in the feature network; its layers are: image, c1, r1, c2',
    );
    expect(() => perceptual({ layer_weights: { c1: 1 }, layer_weights_style: { r2: 1 } })).toThrow(/option "layer_weights_style": no layer named "r2"/);
    try {
      perceptual({ layer_weights: { conv1: 1 } });
    } catch (error) {
      expect(error).toBeInstanceOf(LossConfigError);
      expect((error as LossConfigError).field).toBe('layer_weights');
    }
  });

  it('needs a non-empty layer_weights, known options and a term with weight', () => {
    expect(() => perceptual({ layer_weights: {} })).toThrow(
      'PerceptualLoss: option "layer_weights": must name at least one layer of the feature network (got {})',
    );
    expect(() => perceptual({} as never)).toThrow(/PerceptualLoss: option "layer_weights": Invalid input: expected record/);
    expect(() => perceptual({ layer_weights: { c1: 1 }, criterion: 'l2' as never })).toThrow(
      /option "criterion": Invalid option: expected one of "l1"\|"mse"\|"fro"/,
    );
    expect(() => perceptual({ layer_weights: { c1: 1 }, vgg_type: 'vgg19' } as never)).toThrow(/unknown option "vgg_type"/);
    expect(() => perceptual({ layer_weights: { c1: 1 }, style_weight: -1 })).toThrow(/option "style_weight"/);
    expect(() => perceptual({ layer_weights: { c1: 1 }, perceptual_weight: 0 })).toThrow(
      /perceptual_weight and style_weight are both 0, so the loss is always 0/,
    );
  });

  it('needs a LayersModel, and refuses mismatched shapes', () => {
    expect(() => new PerceptualLoss({ layer_weights: { c1: 1 } }, undefined as never)).toThrow(
      /the feature network must be a tfjs LayersModel: new PerceptualLoss\(config, model\)/,
    );
    expect(() => perceptual({ layer_weights: { c1: 1 } }).forward(tf.zeros([1, 2, 2, 3]), tf.zeros([1, 2, 1, 3]))).toThrow(
      /pred shape \[1, 2, 2, 3\] differs from target shape \[1, 2, 1, 3\]/,
    );
  });

  it('refuses a layer with no single output (a layer shared by two calls)', () => {
    const x = tf.input({ shape: [1, 1, 3] });
    const shared = tf.layers.conv2d({ name: 'shared', filters: 3, kernelSize: 1 });
    const y = shared.apply(shared.apply(x)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: x, outputs: y });
    expect(() => new PerceptualLoss({ layer_weights: { shared: 1 } }, model)).toThrow(/layer "shared" has no single output/);
    model.dispose();
  });

  it('works on a Sequential model and through data_info and x, y calls', async () => {
    const seq = tf.sequential({
      layers: [tf.layers.conv2d({ name: 's1', inputShape: [1, 2, 3], filters: 3, kernelSize: 1, useBias: false, weights: [tf.reshape(tf.eye(3), [1, 1, 3, 3])] })],
    });
    const loss = new PerceptualLoss({ layer_weights: { s1: 1 }, data_info: { pred: 'fake_imgs', target: 'real_imgs' } }, seq);
    await expectScalar(loss.forwardOutputs({ fake_imgs: pred(), real_imgs: target() })!, 9 / 6);
    const { loss: value, map } = perceptual({ layer_weights: { c1: 1 } }).forwardXYWithMap(pred(), target());
    await expectScalar(value, 9 / 6);
    expect(map).toBeNull();
    expect(loss.lossName()).toBe('loss_perceptual');
    seq.dispose();
  });
});

describe('PerceptualLoss in the registry', () => {
  it('is registered, checks its options, and says the network must be supplied', () => {
    expect(listLossTypes()).toContain('PerceptualLoss');
    expect(() => buildLoss({ type: 'PerceptualLoss', layer_weights: { c1: 1 } })).toThrow(
      'PerceptualLoss: needs a feature network (a tfjs LayersModel) that a JSON config cannot carry; build it with new PerceptualLoss(config, model)',
    );
    expect(() => buildLoss({ type: 'PerceptualLoss', layer_weights: { c1: 1 }, criterion: 'l3' })).toThrow(/option "criterion"/);
    // The same JSON, with the model beside it, builds (the registry's "type" key is ignored).
    expect(new PerceptualLoss({ type: 'PerceptualLoss', layer_weights: { c1: 1 } } as PerceptualLossConfig, net).type).toBe('PerceptualLoss');
  });
});

describe('loading the feature network from saved files', () => {
  it('round-trips through tf.io.fromMemory and gives the same loss', async () => {
    let artifacts: tf.io.ModelArtifacts | undefined;
    await net.save(
      tf.io.withSaveHandler(async (saved) => {
        artifacts = saved;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const config = { layer_weights: { c1: 0.5, c2: 2 }, style_weight: 1 };
    const expected = await values(perceptual(config).forward(pred(), target()));
    for (const loaded of [await loadFeatureModel(artifacts!), await tf.loadLayersModel(tf.io.fromMemory(artifacts!))]) {
      expect(loaded.layers.map((l) => l.name)).toEqual(['image', 'c1', 'r1', 'c2']);
      await expectScalar(new PerceptualLoss(config, loaded).forward(pred(), target()), expected[0] as number, 1e-6);
      loaded.dispose();
    }
  });
});

describe('PerceptualLoss and memory', () => {
  it('leaks nothing in forward, forwardParts and gradients', async () => {
    const p = tf.randomUniform([2, 4, 4, 3], -1, 1, 'float32', 4);
    const t = tf.randomUniform([2, 4, 4, 3], -1, 1, 'float32', 5);
    for (const criterion of ['l1', 'mse', 'fro'] as const) {
      const loss = perceptual({ layer_weights: { c1: 1, c2: 0.5 }, style_weight: 2, criterion, norm_img: true, use_input_norm: true });
      await expectNoLeak(() => loss.forward(p, t));
      await expectNoLeak(() => loss.forwardParts(p, t));
      await expectNoLeak(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => loss.forward(a, b))([p, t]));
    }
    tf.dispose([p, t]);
  });

  it('allocates nothing to build, and dispose() leaves the user model working', async () => {
    const before = tf.memory().numTensors;
    const loss = perceptual({ layer_weights: { c1: 1, c2: 1 } });
    expect(tf.memory().numTensors).toBe(before);
    loss.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => loss.forward(pred(), target())).toThrow(/used after dispose\(\)/);
    // Disposing the extractor itself would have disposed the shared c1 and c2 weights.
    const out = net.predict(tf.ones([1, 1, 1, 3])) as tf.Tensor;
    await expectValues(out, [3]);
    out.dispose();
  });
});
