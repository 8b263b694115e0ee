// The two ways a training loop trains one batch, behind one interface:
// - tape: tfjs's generic path, optimizer.minimize over model.apply (every backend); the epoch's
//   loss and hit sums stay on the device and are read only when asked for (one sync).
// - tapeless: tapeless-step/step.ts on wasm (same maths, a fraction of the kernel calls); the
//   logits are on the host anyway, so the sums are plain numbers.
// - tapeless across threads: the same step with each batch split across this thread and helper
//   threads (data-parallel/parallel-step.ts), when the trial is given more than one thread.
// trainTrial takes tapeless where it applies (createTapelessStep returns a step) unless told to
// use the tape (TrainTrialInput.step = 'tape').
import * as tf from '@tensorflow/tfjs';
import type { BatchAugmentation } from './augmentation.js';
import { batchBuffers, gatherBatch, gatherBatchArrays, type BatchBuffers } from './batches.js';
import { regularizationPenalties } from './build-model.js';
import type { DataSubset } from './datasets.js';
import { countCorrect } from './evaluate.js';
import { createTapelessStep, type TapelessStep } from './tapeless-step/step.js';
import { createDataParallelStep } from './data-parallel/parallel-step.js';
import type { ReplicaSpec } from './data-parallel/protocol.js';

/** Which training step a trial uses: 'auto' takes the tapeless one where it applies. */
export type TrainingStepChoice = 'auto' | 'tape';

export interface BatchTrainer {
  readonly kind: 'tape' | 'tapeless';
  /** Threads a batch is split across (1: this one only). */
  readonly threads: number;
  /** The tapeless step (for evaluation passes too), or null on the tape. */
  readonly tapeless: TapelessStep | null;
  /** Trains on rows order[start .. end) of `train`, adding the batch's loss (× rows) and hits to this epoch's sums. */
  trainBatch(train: DataSubset, order: Int32Array, start: number, end: number, augmentation: BatchAugmentation | undefined): void;
  /** Sum of per-batch mean loss × rows, and of correct rows, since the last reset. */
  sums(): Promise<{ loss: number; correct: number }>;
  /** Starts a new epoch's sums. */
  reset(): void;
  dispose(): void;
}

function tapeTrainer(model: tf.LayersModel, optimizer: tf.Optimizer, variables: tf.Variable[]): BatchTrainer {
  let lossSum = tf.scalar(0);
  let correctSum = tf.scalar(0);
  const replace = (loss: tf.Scalar, correct: tf.Scalar) => {
    lossSum.dispose();
    correctSum.dispose();
    lossSum = loss;
    correctSum = correct;
  };
  return {
    kind: 'tape',
    threads: 1,
    tapeless: null,
    trainBatch(train, order, start, end, augmentation) {
      const [nextLoss, nextCorrect] = tf.tidy(() => {
        const { xs, ys, size } = gatherBatch(train, order, start, end, augmentation);
        let dataLoss: tf.Scalar | undefined;
        let correct: tf.Scalar | undefined;
        const total = optimizer.minimize(() => {
          const logits = model.apply(xs, { training: true }) as tf.Tensor2D;
          const crossEntropy = tf.losses.softmaxCrossEntropy(ys, logits) as tf.Scalar;
          // Kept past minimize's own tidy; disposed below once added to the epoch sums.
          dataLoss = tf.keep(crossEntropy);
          correct = tf.keep(countCorrect(logits, ys));
          return regularizationPenalties(model).reduce<tf.Scalar>((sum, penalty) => tf.add(sum, penalty), crossEntropy);
        }, true, variables);
        const sums = [tf.add(lossSum, tf.mul(dataLoss!, size)), tf.add(correctSum, correct!)];
        tf.dispose([total!, dataLoss!, correct!]);
        return sums;
      });
      replace(nextLoss as tf.Scalar, nextCorrect as tf.Scalar);
    },
    async sums() {
      const [loss, correct] = await Promise.all([lossSum.data(), correctSum.data()]);
      return { loss: loss[0]!, correct: correct[0]! };
    },
    reset() {
      replace(tf.scalar(0), tf.scalar(0));
    },
    dispose() {
      lossSum.dispose();
      correctSum.dispose();
    },
  };
}

/** The tapeless trainer for `model`, or null where the tapeless step does not apply. */
async function tapelessTrainer(model: tf.LayersModel, optimizer: tf.Optimizer, options: BatchTrainerOptions): Promise<BatchTrainer | null> {
  const step = createTapelessStep(model);
  if (step === null) return null;
  const parallel = options.threads > 1 ? await createDataParallelStep(step, options.replica, options.threads - 1, options.maxRows) : null;
  let loss = 0;
  let correct = 0;
  let buffers: BatchBuffers | undefined;
  const trainOne = (pixels: Float32Array, labels: Int32Array, shape: [number, number, number, number]) => {
    if (parallel) return parallel.train(pixels, labels, optimizer);
    const xs = tf.tensor4d(pixels, shape);
    try {
      return step.train(xs, labels, optimizer);
    } finally {
      xs.dispose();
    }
  };
  return {
    kind: 'tapeless',
    threads: parallel?.parts ?? 1,
    tapeless: step,
    trainBatch(train, order, start, end, augmentation) {
      const { height, width, channels } = train.info;
      // One pair of host buffers for every batch (each is copied to the wasm heap by the step).
      buffers ??= batchBuffers(train, options.maxRows);
      const { pixels, labels } = gatherBatchArrays(train, order, start, end, augmentation, buffers);
      const result = trainOne(pixels, labels, [end - start, height, width, channels]);
      loss += result.loss * (end - start);
      correct += result.correct;
    },
    sums: () => Promise.resolve({ loss, correct }),
    reset() {
      loss = 0;
      correct = 0;
    },
    dispose() {
      parallel?.release();
    },
  };
}

export interface BatchTrainerOptions {
  /** @defaultValue 'auto' */
  choice?: TrainingStepChoice;
  /** Threads a batch is split across (tapeless only; 1: none besides this one). */
  threads: number;
  /** The model as helper threads rebuild it. */
  replica: ReplicaSpec;
  /** The largest batch. */
  maxRows: number;
}

/** The batch trainer a trial uses: tapeless where it applies and `choice` allows, else the tape. */
export async function createBatchTrainer(model: tf.LayersModel, optimizer: tf.Optimizer, variables: tf.Variable[], options: BatchTrainerOptions): Promise<BatchTrainer> {
  return ((options.choice ?? 'auto') === 'auto' ? await tapelessTrainer(model, optimizer, options) : null) ?? tapeTrainer(model, optimizer, variables);
}
