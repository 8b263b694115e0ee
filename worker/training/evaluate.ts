// Loss and accuracy of a model on a subset, without training: dropout off, batches of
// EVAL_BATCH_SIZE, sums kept on the device and read once at the end (one sync per evaluation);
// or, given the trial's tapeless step, its forward pass with the sums on the host (wasm: ~1.6× faster).
// The loss is the mean softmax cross-entropy, without the L2 penalty, so that it compares with the
// training loss the loop reports and across trials with different l2.
import * as tf from '@tensorflow/tfjs';
import { batchBuffers, batchCount, gatherBatch, gatherBatchArrays, yieldToEventLoop } from './batches.js';
import type { DataSubset } from './datasets.js';
import type { TapelessStep } from './tapeless-step/step.js';

export const EVAL_BATCH_SIZE = 256;

export interface Evaluation {
  /** Mean cross-entropy; NaN or Infinity when the weights have diverged. */
  loss: number;
  acc: number;
}

/** Number of rows where the arg-max of `logits` equals the arg-max of one-hot `ys` (a scalar). */
export function countCorrect(logits: tf.Tensor2D, ys: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(ys, 1)), 'float32')));
}

export async function evaluateSubset(model: tf.LayersModel, subset: DataSubset, signal?: AbortSignal, tapeless?: TapelessStep | null): Promise<Evaluation> {
  if (tapeless) return evaluateTapeless(tapeless, subset, signal);
  let lossSum = tf.scalar(0);
  let correct = tf.scalar(0);
  let seen = 0;
  try {
    const batches = batchCount(subset.size, EVAL_BATCH_SIZE);
    for (let b = 0; b < batches; b++) {
      if (signal?.aborted) break;
      const start = b * EVAL_BATCH_SIZE;
      const end = Math.min(subset.size, start + EVAL_BATCH_SIZE);
      const [nextLoss, nextCorrect] = tf.tidy(() => {
        const { xs, ys, size } = gatherBatch(subset, null, start, end);
        const logits = model.apply(xs, { training: false }) as tf.Tensor2D;
        const batchLoss = tf.mul(tf.losses.softmaxCrossEntropy(ys, logits), size);
        return [tf.add(lossSum, batchLoss), tf.add(correct, countCorrect(logits, ys))];
      });
      lossSum.dispose();
      correct.dispose();
      lossSum = nextLoss as tf.Scalar;
      correct = nextCorrect as tf.Scalar;
      seen += end - start;
      await yieldToEventLoop();
    }
    const [loss, acc] = await Promise.all([lossSum.data(), correct.data()]);
    return seen === 0 ? { loss: NaN, acc: 0 } : { loss: loss[0]! / seen, acc: acc[0]! / seen };
  } finally {
    lossSum.dispose();
    correct.dispose();
  }
}

async function evaluateTapeless(step: TapelessStep, subset: DataSubset, signal: AbortSignal | undefined): Promise<Evaluation> {
  const { height, width, channels } = subset.info;
  let lossSum = 0;
  let correct = 0;
  let seen = 0;
  const batches = batchCount(subset.size, EVAL_BATCH_SIZE);
  const buffers = batchBuffers(subset, Math.min(EVAL_BATCH_SIZE, subset.size));
  for (let b = 0; b < batches; b++) {
    if (signal?.aborted) break;
    const start = b * EVAL_BATCH_SIZE;
    const end = Math.min(subset.size, start + EVAL_BATCH_SIZE);
    const { pixels, labels } = gatherBatchArrays(subset, null, start, end, undefined, buffers);
    const xs = tf.tensor4d(pixels, [end - start, height, width, channels]);
    try {
      const batch = step.evaluate(xs, labels);
      lossSum += batch.loss * (end - start);
      correct += batch.correct;
    } finally {
      xs.dispose();
    }
    seen += end - start;
    await yieldToEventLoop();
  }
  return seen === 0 ? { loss: NaN, acc: 0 } : { loss: lossSum / seen, acc: correct / seen };
}
