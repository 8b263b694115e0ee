// One training step of a LeNet-family model without tfjs's tape: the forward pass, the backward
// pass and the optimizer update, as direct calls of the wasm backend's kernels on the wasm heap.
// tfjs's generic path (optimizer.minimize over model.apply) records every op on a tape, runs each
// through the engine's bookkeeping and adds separate bias, activation and mask kernels; for the
// reference LeNet that was ~80 kernel calls and ~1.4 ms of engine time a batch. Here:
//   conv:    conv + bias + relu in one call: the project's SIMD loop for few input channels,
//            else XNNPACK's FusedConv2D (tanh as its own kernel after a linear one)
//   pool:    MaxPool / AvgPool
//   dense:   _FusedMatMul (matmul + bias + relu)
//   dropout: the mask tfjs's own dropout draws (same seed ⇒ same mask), then a multiply
//   loss:    softmax cross-entropy and its gradient on the host (softmax-cross-entropy.ts)
//   back:    the project's gradient kernels (filter, input, pool, matmul, bias sums) and an
//            activation-gradient pass; L2 adds 2·l2·W to each kernel's gradient
//   update:  optimizer.applyGradients with the gradients in the model's variable order, so the
//            optimizer's state (and checkpoints of it) is the one minimize would have built.
// Same maths as the generic path: the tests compare gradients and whole trials against it.
// Only for the wasm backend with the project's kernels (wasm-training-kernels.ts).
import * as tf from '@tensorflow/tfjs';
import { freeIntermediate, runWasmKernel, type BackendWasm } from '../kernels/wasm-kernel-calls.js';
import { activationGradientInPlace, addScaledInPlace } from '../kernels/activation-gradient.js';
import { convForwardSimd } from '../kernels/conv2d-forward-simd.js';
import { planModel, type PlannedLayer } from './plan.js';
import { softmaxCrossEntropy, type SoftmaxCrossEntropy } from './softmax-cross-entropy.js';

type Info = tf.TensorInfo;

/**
 * Convolutions with fewer input channels than this run as the project's direct SIMD loop
 * (conv2d-forward-simd.ts); wider ones as XNNPACK's, which is faster there (LeNet conv1, 1 channel:
 * 0.59 against 1.02 ms; conv2, 8 channels: 1.53 against 0.87 ms).
 */
const DIRECT_CONV_MAX_CHANNELS = 4;

export interface TapelessStep {
  /**
   * Trains one batch: `xs` [m, H, W, C] (its data stays the caller's), `labels` the m class ids.
   * Returns the batch's mean cross-entropy (without the L2 penalty) and its correct count.
   */
  train(xs: tf.Tensor, labels: ArrayLike<number>, optimizer: tf.Optimizer): SoftmaxCrossEntropy;
  /** The variables in the order the gradients are handed to the optimizer. */
  readonly variables: tf.Variable[];
}

/** What the backward pass needs of a layer's forward pass. */
interface Saved {
  input: Info;
  output: Info;
  mask?: tf.Tensor;
}

const reshaped = (info: Info, shape: number[]): Info => ({ dataId: info.dataId, shape, dtype: info.dtype });

const convAttrs = (padding: 'valid' | 'same', extra: Record<string, unknown> = {}) =>
  ({ strides: [1, 1], pad: padding, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined, ...extra }) as unknown as tf.NamedAttrMap;
const poolAttrs = { filterSize: [2, 2], strides: [2, 2], pad: 'valid', dimRoundingMode: undefined } as unknown as tf.NamedAttrMap;

/** The project's kernel for `name` on wasm (its registered one, not the shipped one). */
function projectKernel(name: string, backend: BackendWasm, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): Info {
  const config = tf.getKernel(name, 'wasm');
  if (config === undefined) throw new Error(`tapeless step: wasm has no ${name} kernel`);
  return config.kernelFunc({ inputs, backend, attrs }) as Info;
}

/** The kernels this step calls; without any of them (another backend, wasm not set up) it is not used. */
const NEEDED_KERNELS = ['FusedConv2D', '_FusedMatMul', 'MaxPool', 'AvgPool', 'AvgPoolGrad', 'MaxPoolGrad', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'BatchMatMul', 'Sum', 'Tanh', 'Multiply'];

/**
 * The tapeless step for `model`, or null where it does not apply: the active backend is not wasm
 * with the project's kernels, or the model has a layer the plan does not cover (plan.ts).
 */
export function createTapelessStep(model: tf.LayersModel): TapelessStep | null {
  if (tf.getBackend() !== 'wasm' || NEEDED_KERNELS.some((k) => tf.getKernel(k, 'wasm') === undefined)) return null;
  const plan = planModel(model);
  if ('unsupported' in plan) return null;
  const layers = plan.layers;
  return {
    get variables() {
      return weightsOf(layers);
    },
    train: (xs, labels, optimizer) => trainStep(layers, xs, labels, optimizer),
  };
}

function trainStep(layers: PlannedLayer[], xs: tf.Tensor, labels: ArrayLike<number>, optimizer: tf.Optimizer): SoftmaxCrossEntropy {
  const backend = tf.backend() as BackendWasm;
  const owned: Info[] = [];
  const own = (info: Info) => {
    owned.push(info);
    return info;
  };
  const saved: Saved[] = [];
  // Each gradient becomes an engine tensor as soon as it exists (freed in `finally`).
  const grads: Array<{ name: string; tensor: tf.Tensor }> = [];
  try {
    // Forward.
    let x: Info = xs;
    for (const layer of layers) {
      const input = x;
      let mask: tf.Tensor | undefined;
      switch (layer.kind) {
        case 'conv': {
          const relu = layer.activation === 'relu';
          const [filter, bias] = [layer.kernel.variable.read(), layer.bias.variable.read()];
          // Few input channels (a first layer on grey images): the project's SIMD loop, ~1.7× XNNPACK there.
          const direct = layer.padding === 'valid' && x.shape[3]! < DIRECT_CONV_MAX_CHANNELS ? convForwardSimd(backend, x, filter, bias, relu) : null;
          x = own(direct ?? runWasmKernel('FusedConv2D', backend, { x, filter, bias }, convAttrs(layer.padding, { activation: relu ? 'relu' : 'linear', leakyreluAlpha: 0 })));
          if (layer.activation === 'tanh') x = own(runWasmKernel('Tanh', backend, { x }));
          break;
        }
        case 'pool':
          x = own(runWasmKernel(layer.pooling === 'max' ? 'MaxPool' : 'AvgPool', backend, { x }, poolAttrs));
          break;
        case 'flatten':
          x = reshaped(x, [x.shape[0]!, tf.util.sizeFromShape(x.shape.slice(1))]);
          break;
        case 'dropout': {
          mask = dropoutMultiplier(x.shape, layer.rate, (layer.layer as unknown as { seed?: number }).seed);
          x = own(runWasmKernel('Multiply', backend, { a: x, b: mask }));
          break;
        }
        case 'dense': {
          const fused = layer.activation === 'relu' ? 'relu' : 'linear';
          const [m, k] = x.shape as [number, number];
          const kernel = layer.kernel.variable.read();
          const out = own(runWasmKernel('_FusedMatMul', backend, { a: reshaped(x, [1, m, k]), b: reshaped(kernel, [1, ...kernel.shape]), bias: layer.bias.variable.read() }, { transposeA: false, transposeB: false, activation: fused, leakyreluAlpha: 0 } as unknown as tf.NamedAttrMap));
          x = reshaped(out, [m, kernel.shape[1]!]);
          if (layer.activation === 'tanh') x = own(runWasmKernel('Tanh', backend, { x }));
          break;
        }
      }
      saved.push({ input, output: x, mask });
    }

    // Loss and its gradient, on the host.
    const [m, classes] = x.shape as [number, number];
    let dy = own(backend.makeOutput([m, classes], 'float32'));
    const result = softmaxCrossEntropy(backend.typedArrayFromHeap(x) as Float32Array, labels, classes, backend.typedArrayFromHeap(dy) as Float32Array);

    // Backward, last layer first; gradients collected per variable.
    const keepGradient = (variable: tf.Variable, info: Info) => grads.push({ name: variable.name, tensor: tf.engine().makeTensorFromTensorInfo(info, backend) });
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i]!;
      const { input, output, mask } = saved[i]!;
      const needInputGradient = i > 0;
      switch (layer.kind) {
        case 'conv': {
          activationGradientInPlace(backend, layer.activation, dy, output);
          const kernel = layer.kernel.variable.read() as tf.Variable;
          const dw = projectKernel('Conv2DBackpropFilter', backend, { x: input, dy }, convAttrs(layer.padding, { filterShape: kernel.shape }));
          const db = projectKernel('Sum', backend, { x: dy }, { axis: [0, 1, 2], keepDims: false } as unknown as tf.NamedAttrMap);
          if (layer.l2 > 0) addScaledInPlace(backend, dw, kernel, 2 * layer.l2);
          keepGradient(kernel, dw);
          keepGradient(layer.bias.variable.read() as tf.Variable, db);
          if (needInputGradient) dy = own(projectKernel('Conv2DBackpropInput', backend, { dy, filter: kernel }, convAttrs(layer.padding, { inputShape: input.shape })));
          break;
        }
        case 'pool':
          dy = own(layer.pooling === 'max'
            ? projectKernel('MaxPoolGrad', backend, { dy, input, output }, poolAttrs)
            : runWasmKernel('AvgPoolGrad', backend, { dy, input }, poolAttrs));
          break;
        case 'flatten':
          dy = reshaped(dy, input.shape);
          break;
        case 'dropout':
          dy = own(runWasmKernel('Multiply', backend, { a: dy, b: mask! }));
          break;
        case 'dense': {
          activationGradientInPlace(backend, layer.activation, dy, output);
          const kernel = layer.kernel.variable.read() as tf.Variable;
          const [rows, inputs] = input.shape as [number, number];
          const units = kernel.shape[1]!;
          const dw3 = projectKernel('BatchMatMul', backend, { a: reshaped(input, [1, rows, inputs]), b: reshaped(dy, [1, rows, units]) }, { transposeA: true, transposeB: false } as unknown as tf.NamedAttrMap);
          const dw = reshaped(dw3, [inputs, units]);
          const db = projectKernel('Sum', backend, { x: dy }, { axis: [0], keepDims: false } as unknown as tf.NamedAttrMap);
          if (layer.l2 > 0) addScaledInPlace(backend, dw, kernel, 2 * layer.l2);
          keepGradient(kernel, dw);
          keepGradient(layer.bias.variable.read() as tf.Variable, db);
          if (needInputGradient) {
            const dx = own(projectKernel('BatchMatMul', backend, { a: reshaped(dy, [1, rows, units]), b: reshaped(kernel, [1, inputs, units]) }, { transposeA: false, transposeB: true } as unknown as tf.NamedAttrMap));
            dy = reshaped(dx, [rows, inputs]);
          }
          break;
        }
      }
    }
    const order = new Map(grads.map((g) => [g.name, g]));
    const ordered = variableOrder(layers).map((name) => order.get(name)!);
    optimizer.applyGradients(ordered);
    return result;
  } finally {
    tf.dispose(grads.map((g) => g.tensor));
    for (const s of saved) s.mask?.dispose();
    for (const info of owned) freeIntermediate(backend, info);
  }
}

/** The model's variables as they are now (an update replaces none, but a checkpoint restore may), kernel then bias per layer. */
function weightsOf(layers: PlannedLayer[]): tf.Variable[] {
  return layers.flatMap((l) => (l.kind === 'conv' || l.kind === 'dense' ? [l.kernel.variable.read() as tf.Variable, l.bias.variable.read() as tf.Variable] : []));
}

function variableOrder(layers: PlannedLayer[]): string[] {
  return weightsOf(layers).map((v) => v.name);
}

/**
 * tfjs's dropout multiplier for one call, drawn exactly as tf.dropout draws it (dropout.js):
 * floor(uniform[0, 1) + keep) / keep with the layer's seed, so a seeded layer drops the same units
 * here as on the tape.
 */
function dropoutMultiplier(shape: number[], rate: number, seed: number | undefined): tf.Tensor {
  return tf.tidy(() => {
    const keep = 1 - rate;
    return tf.div(tf.floor(tf.add(tf.randomUniform(shape, 0, 1, 'float32', seed), keep)), keep);
  });
}
