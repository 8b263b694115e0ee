// One training step of a LeNet-family model without tfjs's tape: the forward pass (forward.ts),
// the loss and its gradient on the host (softmax-cross-entropy.ts), the backward pass
// (backward.ts) and the optimizer update, as direct calls of the wasm backend's kernels on the
// wasm heap. tfjs's generic path (optimizer.minimize over model.apply) records every op on a tape,
// runs each through the engine's bookkeeping and adds separate bias, activation and mask kernels;
// for the reference LeNet that was ~80 kernel calls and ~1.4 ms of engine time a batch.
// The update is optimizer.applyGradients with the gradients in the model's variable order, so the
// optimizer's state (and checkpoints of it) is the one minimize would have built.
// Same maths as the generic path: the tests compare gradients and whole trials against it.
// Only for the wasm backend with the project's kernels (wasm-training-kernels.ts).
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '../kernels/wasm-kernel-calls.js';
import { runBackward } from './backward.js';
import { runForward } from './forward.js';
import { HeapScope } from './heap-scope.js';
import { planModel, type PlannedLayer } from './plan.js';
import { softmaxCrossEntropy, type SoftmaxCrossEntropy } from './softmax-cross-entropy.js';

export interface TapelessStep {
  /**
   * Trains one batch: `xs` [m, H, W, C] (its data stays the caller's), `labels` the m class ids.
   * Returns the batch's mean cross-entropy (without the L2 penalty) and its correct count.
   */
  train(xs: tf.Tensor, labels: ArrayLike<number>, optimizer: tf.Optimizer): SoftmaxCrossEntropy;
  /** The same numbers for a batch without training it (dropout off). */
  evaluate(xs: tf.Tensor, labels: ArrayLike<number>): SoftmaxCrossEntropy;
  /** The variables in the order the gradients are handed to the optimizer. */
  readonly variables: tf.Variable[];
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
    evaluate: (xs, labels) => evaluateBatch(layers, xs, labels),
  };
}

function trainStep(layers: PlannedLayer[], xs: tf.Tensor, labels: ArrayLike<number>, optimizer: tf.Optimizer): SoftmaxCrossEntropy {
  const scope = new HeapScope(tf.backend() as BackendWasm);
  const { backend } = scope;
  // Each gradient becomes an engine tensor as soon as it exists, disposed with the scope.
  const grads = new Map<string, tf.Tensor>();
  try {
    const { logits, saved } = runForward(layers, xs, true, scope);
    const [m, classes] = logits.shape as [number, number];
    const dLogits = scope.own(backend.makeOutput([m, classes], 'float32'));
    const result = softmaxCrossEntropy(backend.typedArrayFromHeap(logits) as Float32Array, labels, classes, backend.typedArrayFromHeap(dLogits) as Float32Array);
    runBackward(layers, saved, dLogits, scope, ({ variable, gradient }) => {
      grads.set(variable.name, scope.ownTensor(tf.engine().makeTensorFromTensorInfo(gradient, backend)));
    });
    optimizer.applyGradients(weightsOf(layers).map((v) => ({ name: v.name, tensor: grads.get(v.name)! })));
    return result;
  } finally {
    scope.free();
  }
}

function evaluateBatch(layers: PlannedLayer[], xs: tf.Tensor, labels: ArrayLike<number>): SoftmaxCrossEntropy {
  const scope = new HeapScope(tf.backend() as BackendWasm);
  try {
    const { logits } = runForward(layers, xs, false, scope);
    return softmaxCrossEntropy(scope.backend.typedArrayFromHeap(logits) as Float32Array, labels, logits.shape[1]!, null);
  } finally {
    scope.free();
  }
}

/** The model's variables as they are now (a checkpoint restore assigns them new data), kernel then bias per layer. */
function weightsOf(layers: PlannedLayer[]): tf.Variable[] {
  return layers.flatMap((l) => (l.kind === 'conv' || l.kind === 'dense' ? [l.kernel.variable.read() as tf.Variable, l.bias.variable.read() as tf.Variable] : []));
}
