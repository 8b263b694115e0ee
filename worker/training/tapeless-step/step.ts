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
import { runForward, type RowSlice } from './forward.js';
import { HeapScope } from './heap-scope.js';

export { HeapScope } from './heap-scope.js';
export type { RowSlice } from './forward.js';
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
  /**
   * The gradients of one part of a batch, not applied (data-parallel training): each variable's
   * gradient by name, on the heap and owned by `scope`. `part.rows` places the part in its batch
   * (dropout rows, the loss gradient's divisor); `part.withL2` adds the L2 term (one part only).
   */
  gradients(xs: tf.Tensor, labels: ArrayLike<number>, scope: HeapScope, part?: { rows: RowSlice; withL2: boolean }): { result: SoftmaxCrossEntropy; grads: Map<string, tf.TensorInfo> };
  /** The dropout layers' current seeds (seedDropout sets them before every step), in layer order. */
  dropoutSeeds(): Array<number | undefined>;
  /** Gives the dropout layers these seeds (a data-parallel helper's replica of the model). */
  setDropoutSeeds(seeds: ReadonlyArray<number | undefined>): void;
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
  const dropouts = layers.flatMap((l) => (l.kind === 'dropout' ? [l.layer as unknown as { seed?: number }] : []));
  return {
    get variables() {
      return weightsOf(layers);
    },
    train: (xs, labels, optimizer) => trainStep(layers, xs, labels, optimizer),
    evaluate: (xs, labels) => evaluateBatch(layers, xs, labels),
    gradients: (xs, labels, scope, part) => batchGradients(layers, xs, labels, scope, part),
    dropoutSeeds: () => dropouts.map((d) => d.seed),
    setDropoutSeeds: (seeds) => dropouts.forEach((d, i) => (d.seed = seeds[i])),
  };
}

function batchGradients(layers: PlannedLayer[], xs: tf.Tensor, labels: ArrayLike<number>, scope: HeapScope, part?: { rows: RowSlice; withL2: boolean }): { result: SoftmaxCrossEntropy; grads: Map<string, tf.TensorInfo> } {
  const { backend } = scope;
  const grads = new Map<string, tf.TensorInfo>();
  const { logits, saved } = runForward(layers, xs, true, scope, part?.rows);
  const [m, classes] = logits.shape as [number, number];
  const dLogits = scope.own(backend.makeOutput([m, classes], 'float32'));
  const result = softmaxCrossEntropy(backend.typedArrayFromHeap(logits) as Float32Array, labels, classes, backend.typedArrayFromHeap(dLogits) as Float32Array, part?.rows.total ?? m);
  runBackward(layers, saved, dLogits, scope, ({ variable, gradient }) => grads.set(variable.name, scope.own(gradient)), part?.withL2 ?? true);
  return { result, grads };
}

/**
 * Applies `grads` (by variable name, on the heap, owned by `scope`) with `optimizer`, in the
 * model's variable order. Each gradient's data is handed from the scope to the engine as a tensor
 * (no copy) and freed with it.
 */
export function applyHeapGradients(variables: tf.Variable[], grads: Map<string, tf.TensorInfo>, optimizer: tf.Optimizer, scope: HeapScope): void {
  const tensors: Array<{ name: string; tensor: tf.Tensor }> = [];
  try {
    for (const v of variables) {
      const info = grads.get(v.name);
      if (info === undefined) throw new Error(`tapeless step: no gradient for ${v.name}`);
      tensors.push({ name: v.name, tensor: tf.engine().makeTensorFromTensorInfo(scope.release(info), scope.backend) });
    }
    optimizer.applyGradients(tensors);
  } finally {
    tf.dispose(tensors.map((t) => t.tensor));
  }
}

function trainStep(layers: PlannedLayer[], xs: tf.Tensor, labels: ArrayLike<number>, optimizer: tf.Optimizer): SoftmaxCrossEntropy {
  const scope = new HeapScope(tf.backend() as BackendWasm);
  try {
    const { result, grads } = batchGradients(layers, xs, labels, scope);
    applyHeapGradients(weightsOf(layers), grads, optimizer, scope);
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
