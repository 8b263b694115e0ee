// Cutting a subset into minibatches on the host: the rows of one batch are copied into a fresh
// Float32Array (and augmented there, for training batches that ask for it) and uploaded as one
// tensor. Keeping the data in JS memory (not one big tensor per dataset) keeps device memory small,
// and the copy is cheap next to a conv layer's backward pass.
import * as tf from '@tensorflow/tfjs';
import { augmentBatch, type BatchAugmentation } from './augmentation.js';
import type { DataSubset } from './datasets.js';

export interface Batch {
  /** [m, H, W, C] standardised images. */
  xs: tf.Tensor4D;
  /** [m, classes] one-hot labels. */
  ys: tf.Tensor2D;
  size: number;
}

/** Arrays a loop hands gatherBatchArrays to fill again and again instead of allocating a batch's worth each time. */
export interface BatchBuffers {
  pixels: Float32Array;
  labels: Int32Array;
}

/** Buffers for batches of up to `rows` rows of `subset`'s images. */
export function batchBuffers(subset: DataSubset, rows: number): BatchBuffers {
  const { height, width, channels } = subset.info;
  return { pixels: new Float32Array(rows * height * width * channels), labels: new Int32Array(rows) };
}

/**
 * The pixels and labels of rows order[start .. end) of `subset` (rows start .. end when `order` is
 * null), copied into fresh arrays; with `augment` (training batches only), image i is augmented as
 * the example at position start + i of its epoch (augmentation.ts). With `into`, the arrays are views
 * of those buffers (every element of them written), valid until the next call with the same buffers.
 */
export function gatherBatchArrays(
  subset: DataSubset, order: ArrayLike<number> | null, start: number, end: number, augment?: BatchAugmentation,
  into?: BatchBuffers,
): { pixels: Float32Array; labels: Int32Array } {
  const { height, width, channels } = subset.info;
  const per = height * width * channels;
  const m = end - start;
  // Views of the caller's buffers when they are big enough (a training loop reuses one pair), else fresh arrays.
  const pixels = into && into.pixels.length >= m * per ? into.pixels.subarray(0, m * per) : new Float32Array(m * per);
  const labels = into && into.labels.length >= m ? into.labels.subarray(0, m) : new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const src = order ? order[start + i]! : start + i;
    pixels.set(subset.images.subarray(src * per, (src + 1) * per), i * per);
    labels[i] = subset.labels[src]!;
  }
  if (augment) augmentBatch(pixels, subset.info, m, start, augment);
  return { pixels, labels };
}

/** Rows order[start .. end) of `subset` as tensors (the caller disposes them, e.g. inside tf.tidy); see gatherBatchArrays. */
export function gatherBatch(subset: DataSubset, order: ArrayLike<number> | null, start: number, end: number, augment?: BatchAugmentation): Batch {
  const { height, width, channels, classes } = subset.info;
  const m = end - start;
  const { pixels, labels } = gatherBatchArrays(subset, order, start, end, augment);
  return tf.tidy(() => ({
    xs: tf.tensor4d(pixels, [m, height, width, channels]),
    ys: tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat() as tf.Tensor2D,
    size: m,
  }));
}

/** Number of batches of `batchSize` (the last one may be smaller). */
export const batchCount = (size: number, batchSize: number) => Math.ceil(size / batchSize);

/** Lets timers and I/O run between batches (BullMQ lock renewal, the HTTP server in the same process). */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
