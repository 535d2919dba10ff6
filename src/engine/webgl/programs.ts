// The shaders of the webgl kernels in kernels.ts, as tfjs-backend-webgl's GPGPUProgram
// (unpacked: one float per texel, so nothing is packed or unpacked between them). Sizes are
// constants in the source, so tfjs caches one compiled program per shape; numbers that change
// while training (a learning rate, a label) are uniforms, which recompile nothing.

/** An element-wise activation after a dense layer; its derivative is written from its output y. */
export type DenseActivation = 'linear' | 'relu' | 'leakyRelu' | 'tanh' | 'sigmoid';

export interface Program {
  readonly variableNames: string[];
  readonly outputShape: number[];
  readonly userCode: string;
  readonly customUniforms?: { name: string; type: 'float' | 'int' }[];
}

/** A float literal GLSL ES 3.00 reads as the same float32 as Math.fround(x). */
function literal(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`a shader constant must be finite, got ${x}`);
  return x.toExponential();
}

/** The activation of z, as tfjs's kernels compute it (tanh as tfjs-backend-webgl's stable form). */
function activate(activation: DenseActivation, alpha: number): string {
  switch (activation) {
    case 'linear':
      return 'z';
    case 'relu':
      return 'max(z, 0.0)';
    case 'leakyRelu':
      return `(z < 0.0 ? ${literal(alpha)} * z : z)`;
    case 'tanh':
      return '(sign(z) * (1.0 - exp(-2.0 * abs(z))) / (1.0 + exp(-2.0 * abs(z))))';
    case 'sigmoid':
      return '(1.0 / (1.0 + exp(-z)))';
  }
}

/** dL/dz from d = dL/dy and the output y, as fusedMlp's activationGrad. */
function derivative(activation: DenseActivation, alpha: number): string {
  switch (activation) {
    case 'linear':
      return 'd';
    case 'relu':
      return '(y > 0.0 ? d : 0.0)';
    case 'leakyRelu':
      return `(y > 0.0 ? d : d * ${literal(alpha)})`;
    case 'tanh':
      return '(d * (1.0 - y * y))';
    case 'sigmoid':
      return '(d * (y * (1.0 - y)))';
  }
}

/** act(x w + b): x [n, k], w [k, m], b [m] (or none). */
export function denseProgram(n: number, k: number, m: number, hasBias: boolean, activation: DenseActivation, alpha: number): Program {
  return {
    variableNames: hasBias ? ['x', 'w', 'b'] : ['x', 'w'],
    outputShape: [n, m],
    userCode: `
      void main() {
        ivec2 c = getOutputCoords();
        float z = 0.0;
        for (int i = 0; i < ${k}; i++) z += getX(c.x, i) * getW(i, c.y);
        ${hasBias ? 'z += getB(c.y);' : ''}
        setOutput(${activate(activation, alpha)});
      }`,
  };
}

/** g(r, j): the gradient at the layer's pre-activation, from dy [n, m] and (unless linear) the output y [n, m]. */
function gradAt(activation: DenseActivation, alpha: number): string {
  return `
      float g(int r, int j) {
        float d = getDy(r, j);
        ${activation === 'linear' ? '' : 'float y = getY(r, j);'}
        return ${derivative(activation, alpha)};
      }`;
}

const gradInputs = (activation: DenseActivation) => (activation === 'linear' ? ['dy'] : ['dy', 'y']);

/** The kernel's gradient x^T g: [k, m]. */
export function denseGradWProgram(n: number, k: number, m: number, activation: DenseActivation, alpha: number): Program {
  return {
    variableNames: ['x', ...gradInputs(activation)],
    outputShape: [k, m],
    userCode: `${gradAt(activation, alpha)}
      void main() {
        ivec2 c = getOutputCoords();
        float s = 0.0;
        for (int r = 0; r < ${n}; r++) s += getX(r, c.x) * g(r, c.y);
        setOutput(s);
      }`,
  };
}

/**
 * The kernel's and the bias's gradients in one shader: [k + 1, m], rows 0..k-1 x^T g (as
 * denseGradWProgram) and row k g summed over the batch (as denseGradBProgram), each summed in
 * the same order as those; the caller takes the two apart as views (slices that copy nothing).
 */
export function denseGradWBProgram(n: number, k: number, m: number, activation: DenseActivation, alpha: number): Program {
  return {
    variableNames: ['x', ...gradInputs(activation)],
    outputShape: [k + 1, m],
    userCode: `${gradAt(activation, alpha)}
      void main() {
        ivec2 c = getOutputCoords();
        float s = 0.0;
        if (c.x < ${k}) {
          for (int r = 0; r < ${n}; r++) s += getX(r, c.x) * g(r, c.y);
        } else {
          for (int r = 0; r < ${n}; r++) s += g(r, c.y);
        }
        setOutput(s);
      }`,
  };
}

/** The bias's gradient, g summed over the batch: [m]. */
export function denseGradBProgram(n: number, m: number, activation: DenseActivation, alpha: number): Program {
  return {
    variableNames: gradInputs(activation),
    outputShape: [m],
    userCode: `${gradAt(activation, alpha)}
      void main() {
        int j = getOutputCoords();
        float s = 0.0;
        for (int r = 0; r < ${n}; r++) s += g(r, j);
        setOutput(s);
      }`,
  };
}

/** The input's gradient g w^T: [n, k]. */
export function denseGradXProgram(n: number, k: number, m: number, activation: DenseActivation, alpha: number): Program {
  return {
    variableNames: [...gradInputs(activation), 'w'],
    outputShape: [n, k],
    userCode: `${gradAt(activation, alpha)}
      void main() {
        ivec2 c = getOutputCoords();
        float s = 0.0;
        for (int j = 0; j < ${m}; j++) s += g(c.x, j) * getW(c.y, j);
        setOutput(s);
      }`,
  };
}

// log1p(e) = log(u) * e / (u - 1) with u = 1 + e (Goldberg's form): accurate where log(1 + e)
// loses e's low bits (GLSL has no log1p, and tfjs-backend-webgl's is log(1.0 + x)).
const BCE_TERM = `
      float bce(float x) {
        float e = exp(-abs(x));
        float u = 1.0 + e;
        float l = u == 1.0 ? e : log(u) * e / (u - 1.0);
        return max(x, 0.0) - x * label + l;
      }`;

/** The mean over x [n, m] of BCE with logits against the uniform `label`: a scalar. */
export function bceMeanProgram(n: number, m: number): Program {
  return {
    variableNames: ['x'],
    outputShape: [],
    customUniforms: [{ name: 'label', type: 'float' }],
    userCode: `${BCE_TERM}
      void main() {
        float s = 0.0;
        for (int r = 0; r < ${n}; r++) {
          for (int j = 0; j < ${m}; j++) s += bce(getX(r, j));
        }
        setOutput(s / ${literal(n * m)});
      }`,
  };
}

/** That mean's gradient: (sigmoid(x) - label) * dy / (n m), [n, m], from x and the scalar dy. */
export function bceMeanGradProgram(n: number, m: number): Program {
  return {
    variableNames: ['x', 'dy'],
    outputShape: [n, m],
    customUniforms: [{ name: 'label', type: 'float' }],
    userCode: `
      void main() {
        ivec2 c = getOutputCoords();
        float x = getX(c.x, c.y);
        float e = exp(-abs(x));
        float sig = x >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
        setOutput((sig - label) * (getDy() / ${literal(n * m)}));
      }`,
  };
}

/** SGD's step of one variable: value - lr * grad, any shape. */
export function sgdProgram(shape: readonly number[]): Program {
  return {
    variableNames: ['v', 'g'],
    outputShape: [...shape],
    customUniforms: [{ name: 'lr', type: 'float' }],
    userCode: `
      void main() {
        setOutput(getVAtOutCoords() - lr * getGAtOutCoords());
      }`,
  };
}

/**
 * A D update's health from the critic's raw outputs real [a] and fake [b]: [mean of real, mean of
 * fake, the share of real above `threshold` and fake below it] (engine/dHealth.ts), one shader
 * where tfjs's ops take ~12 dispatches.
 */
export function criticHealthProgram(a: number, b: number): Program {
  return {
    variableNames: ['real', 'fake'],
    outputShape: [3],
    customUniforms: [{ name: 'threshold', type: 'float' }],
    userCode: `
      void main() {
        int i = getOutputCoords();
        float s = 0.0;
        if (i == 0) {
          for (int r = 0; r < ${a}; r++) s += getReal(r);
          s /= ${literal(a)};
        } else if (i == 1) {
          for (int r = 0; r < ${b}; r++) s += getFake(r);
          s /= ${literal(b)};
        } else {
          for (int r = 0; r < ${a}; r++) s += getReal(r) > threshold ? 1.0 : 0.0;
          for (int r = 0; r < ${b}; r++) s += getFake(r) < threshold ? 1.0 : 0.0;
          s /= ${literal(a + b)};
        }
        setOutput(s);
      }`,
  };
}

/**
 * buffer [c] with values [l] written over it from `offset` on: the read-back's batch
 * (manager/readBack.ts), whose program depends on c and l only, where a concat's is compiled
 * anew for every new list of input shapes.
 */
export function writeAtProgram(capacity: number, length: number): Program {
  return {
    variableNames: ['buffer', 'values'],
    outputShape: [capacity],
    customUniforms: [{ name: 'offset', type: 'int' }],
    userCode: `
      void main() {
        int i = getOutputCoords();
        int j = i - offset;
        if (j >= 0 && j < ${length}) setOutput(getValues(j));
        else setOutput(getBuffer(i));
      }`,
  };
}
