// Loss and accuracy of a model on a subset, without training: dropout off, batches of
// EVAL_BATCH_SIZE, sums kept on the device and read once at the end (one sync per evaluation).
// The loss is the mean softmax cross-entropy, without the L2 penalty, so that it compares with the
// training loss the loop reports and across trials with different l2.
import * as tf from '@tensorflow/tfjs';
import { batchCount, gatherBatch, yieldToEventLoop } from './batches.js';
import type { DataSubset } from './datasets.js';

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

export async function evaluateSubset(model: tf.LayersModel, subset: DataSubset, signal?: AbortSignal): Promise<Evaluation> {
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
