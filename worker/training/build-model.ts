// Builds the CNN a trial trains, from the study's ModelSpec: a LeNet-style stack
//   [conv(k×k, filters[i], activation) → pool(2)] per block → flatten → [dense → dropout?]… → dense(classes)
// Every kernel is initialised by glorotUniform with a seed derived from the trial seed, so two trials
// with the same seed start from bit-identical weights whatever their optimizer ("paired" trials).
// Biases start at zero. Dropout masks are seeded too (tfjs draws them from Math.random unless a
// layer has a seed): seedDropout gives every dropout layer, before each training step, the seed
// deriveSeed(trial seed, 'dropout', epoch, batch, layer), so paired trials drop the same units
// batch by batch and a rerun or a resumed trial replays the same masks. L2 weight decay (when l2 > 0) is a kernelRegularizer on conv and dense
// kernels: its penalty l2·Σw² comes back from `regularizationPenalties(model)` and the training loop
// adds it to the loss it minimises.
import * as tf from '@tensorflow/tfjs';
import type { DatasetInfo } from '../../search/dataset-info.js';
import { deriveSeed } from '../../search/rng.js';
import type { ModelSpec } from '../../types/index.js';

export interface BuildModelOptions {
  /** Trial seed; every layer's initialiser seed is derived from it. */
  seed: number;
  /** L2 coefficient on conv and dense kernels (0 = none). */
  l2: number;
  /** Dropout rate after each hidden dense layer (after flatten when there are none); 0 = none. */
  dropout: number;
  /** 'logits' (default; the loop uses softmax cross-entropy on logits) or 'softmax' probabilities. */
  output?: 'logits' | 'softmax';
}

/**
 * The seed of layer `index`'s kernel initialiser: deriveSeed(seed, 'init', index), never 0
 * (tfjs treats seed 0 as "no seed" for some initialisers and would draw from Math.random).
 */
export function layerSeed(seed: number, index: number): number {
  return deriveSeed(seed, 'init', index) || 1;
}

/**
 * Seeds every dropout layer of `model` for the training step of (epoch, batch): each mask is drawn
 * from deriveSeed(seed, 'dropout', epoch, batch, layer index), never 0 (tfjs's "no seed").
 */
export function seedDropout(model: tf.LayersModel, seed: number, epoch: number, batch: number): void {
  model.layers.forEach((layer, i) => {
    // The layer reads `this.seed` on every call (tfjs-layers core.js Dropout.call); it is private only in the types.
    if (layer.getClassName() === 'Dropout') (layer as unknown as { seed?: number }).seed = deriveSeed(seed, 'dropout', epoch, batch, i) || 1;
  });
}

/** Spatial size after each conv block, or an Error saying which block shrinks the image to nothing. */
export function featureSizes(spec: ModelSpec, info: DatasetInfo): Array<{ height: number; width: number }> {
  const sizes: Array<{ height: number; width: number }> = [];
  let h = info.height, w = info.width;
  spec.filters.forEach((_, i) => {
    if (spec.padding === 'valid') { h -= spec.kernelSize - 1; w -= spec.kernelSize - 1; }
    if (h < 2 || w < 2) {
      throw new Error(`conv block ${i + 1} (kernel ${spec.kernelSize}, padding ${spec.padding}) leaves a ${Math.max(h, 0)}×${Math.max(w, 0)} feature map, too small to pool by 2: use fewer blocks, a smaller kernel or padding 'same'`);
    }
    h = Math.floor(h / 2); w = Math.floor(w / 2);
    sizes.push({ height: h, width: w });
  });
  return sizes;
}

export function buildModel(spec: ModelSpec, info: DatasetInfo, opts: BuildModelOptions): tf.Sequential {
  featureSizes(spec, info); // throws a readable error before tfjs throws an obscure one
  const regularizer = opts.l2 > 0 ? () => tf.regularizers.l2({ l2: opts.l2 }) : () => undefined;
  const init = (i: number) => tf.initializers.glorotUniform({ seed: layerSeed(opts.seed, i) });
  let layerIndex = 0;

  const model = tf.sequential();
  spec.filters.forEach((filters, i) => {
    model.add(tf.layers.conv2d({
      ...(i === 0 ? { inputShape: [info.height, info.width, info.channels] } : {}),
      filters,
      kernelSize: spec.kernelSize,
      padding: spec.padding,
      activation: spec.activation,
      kernelInitializer: init(layerIndex++),
      biasInitializer: 'zeros',
      kernelRegularizer: regularizer(),
    }));
    model.add(spec.pooling === 'max'
      ? tf.layers.maxPooling2d({ poolSize: 2, strides: 2 })
      : tf.layers.averagePooling2d({ poolSize: 2, strides: 2 }));
  });
  model.add(tf.layers.flatten(spec.filters.length === 0 ? { inputShape: [info.height, info.width, info.channels] } : {}));
  if (opts.dropout > 0 && spec.dense.length === 0) model.add(tf.layers.dropout({ rate: opts.dropout }));
  for (const units of spec.dense) {
    model.add(tf.layers.dense({ units, activation: spec.activation, kernelInitializer: init(layerIndex++), biasInitializer: 'zeros', kernelRegularizer: regularizer() }));
    if (opts.dropout > 0) model.add(tf.layers.dropout({ rate: opts.dropout }));
  }
  model.add(tf.layers.dense({
    units: info.classes,
    activation: opts.output === 'softmax' ? 'softmax' : 'linear',
    kernelInitializer: init(layerIndex++),
    biasInitializer: 'zeros',
    kernelRegularizer: regularizer(),
  }));
  return model;
}

/**
 * The L2 penalties l2·Σw² of every regularised kernel, as scalars (empty when l2 = 0). Read per
 * layer: a tf.Sequential's own `calculateLosses()` returns nothing until it has been compiled.
 */
export function regularizationPenalties(model: tf.LayersModel): tf.Scalar[] {
  return model.layers.flatMap((layer) => layer.calculateLosses());
}
