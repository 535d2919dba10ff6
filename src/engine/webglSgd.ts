// tfjs's SGD with each variable's step run as one webgl shader (webgl/kernels.ts) where the
// backend is webgl; tfjs's own ops (a multiply and an add, each a dispatch) elsewhere. The
// same class name ('SGD') and state, so checkpoints see no difference.
import * as tf from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { onWebglKernels, SGD_KERNEL } from './webgl/kernels';

type Gradients = Parameters<tf.SGDOptimizer['applyGradients']>[0];

export class WebglSgdOptimizer extends tf.SGDOptimizer {
  override applyGradients(variableGradients: Gradients): void {
    if (!onWebglKernels()) {
      super.applyGradients(variableGradients);
      return;
    }
    const list = Array.isArray(variableGradients);
    const names = list ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    // Read at each step: setLearningRate changes it between steps.
    const attrs = { lr: this.learningRate } as unknown as tf.NamedAttrMap;
    // In a tidy: an assigned tensor is freed here, its data kept by the variable.
    tf.tidy(() => names.forEach((name, i) => {
      const grad = list ? variableGradients[i]!.tensor : (variableGradients as tf.NamedTensorMap)[name];
      if (grad == null) return;
      const value = tf.engine().registeredVariables[name]!;
      if (value.dtype !== 'float32' || grad.dtype !== 'float32') {
        value.assign(tf.add(tf.mul(tf.scalar(-this.learningRate), grad), value));
        return;
      }
      value.assign(tf.engine().runKernel(SGD_KERNEL, { v: value, g: grad }, attrs) as Tensor);
    }));
    this.incrementIterations();
  }
}
