// A trial's batches split across this thread and a helper thread (worker/training/data-parallel/)
// train what one thread trains, to float rounding: the same epochs, losses and accuracies, with
// seeded dropout and L2, a last batch of one row, and a helper kept for the next trial. A helper
// that cannot compute its part fails the step with its reason instead of hanging it.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../worker/training/build-model.js';
import { createDataParallelStep } from '../../worker/training/data-parallel/parallel-step.js';
import { loadDataset, type Dataset } from '../../worker/training/datasets.js';
import { createTapelessStep } from '../../worker/training/tapeless-step/step.js';
import { trainTrial, type TrainTrialInput } from '../../worker/training/train-trial.js';
import { registerWasmTrainingKernels } from '../../worker/training/wasm-training-kernels.js';
import { ADAM, NO_EARLY_STOPPING, TINY_LENET } from './training-fixtures.js';

let synthetic: Dataset;

describe('data-parallel training', () => {
  beforeAll(async () => {
    expect(await registerWasmTrainingKernels()).toBe(true);
    synthetic = await loadDataset('synthetic');
  });

  const input = (): TrainTrialInput => ({
    dataset: synthetic, model: { ...TINY_LENET, dense: [16] }, config: { ...ADAM, dropout: 0.3, l2: 1e-4 }, epochs: 2, seed: 9,
    // 161 rows in batches of 32: the last batch has one row, which this thread trains alone.
    trainSamples: 161, valSamples: 64, earlyStopping: NO_EARLY_STOPPING,
  });

  it('trains what one thread trains, and keeps the helper for the next trial', async () => {
    const alone = await trainTrial({ ...input(), threads: 1 });
    const split = await trainTrial({ ...input(), threads: 2 });
    const again = await trainTrial({ ...input(), threads: 2 });
    expect([alone.threads, split.threads, again.threads]).toEqual([1, 2, 2]);
    expect(split.step).toBe('tapeless');
    for (const outcome of [split, again]) {
      expect(outcome.history).toHaveLength(2);
      outcome.history.forEach((m, i) => {
        const one = alone.history[i]!;
        expect(m.trainLoss!).toBeCloseTo(one.trainLoss!, 4);
        expect(m.trainAcc).toBeCloseTo(one.trainAcc, 6);
        expect(m.valLoss!).toBeCloseTo(one.valLoss!, 4);
        expect(m.valAcc).toBe(one.valAcc);
      });
    }
    expect(split.test?.acc).toBe(alone.test?.acc);
  }, 60_000);

  it('fails the step with the helper\'s reason when the helper cannot compute its part', async () => {
    const model = buildModel({ ...TINY_LENET, dense: [16] }, synthetic.info, { seed: 1, l2: 0, dropout: 0 });
    const step = createTapelessStep(model)!;
    // The helper's replica has another dense width, so the weights it is sent do not fit it.
    const parallel = await createDataParallelStep(step, { model: { ...TINY_LENET, dense: [8] }, info: synthetic.info, l2: 0, dropout: 0 }, 1, 8);
    const pixels = new Float32Array(8 * 16 * 16);
    const labels = new Int32Array(8);
    try {
      expect(() => parallel.train(pixels, labels, tf.train.sgd(0.1))).toThrow(/a data-parallel helper thread failed: .+/);
    } finally {
      parallel.release();
      model.dispose();
    }
  }, 60_000);
});
