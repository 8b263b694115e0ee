// The epoch loop on the synthetic set with a tiny LeNet (seconds on the pure-JS cpu backend):
// it learns, it stops for the reasons it gives, it replays paired trials and checkpoints exactly,
// it can be cancelled between batches, and it leaves no tensors behind.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EpochMetrics, StopDecision } from '../../types/index.js';
import { decodeCheckpoint, encodeCheckpoint, type TrainingCheckpoint } from '../../worker/training/checkpoint.js';
import { loadDataset, type Dataset } from '../../worker/training/datasets.js';
import { DIVERGENCE_FACTOR, trainTrial, type TrainTrialInput } from '../../worker/training/train-trial.js';
import { ADAM, NO_EARLY_STOPPING, TINY_LENET, weightsFingerprint } from './training-fixtures.js';

let synthetic: Dataset;

function trial(overrides: Partial<TrainTrialInput>): TrainTrialInput {
  return {
    dataset: synthetic, model: TINY_LENET, config: ADAM, epochs: 2, seed: 11,
    trainSamples: 160, valSamples: 64, earlyStopping: NO_EARLY_STOPPING,
    ...overrides,
  };
}

/** Every number in the history is a finite number or null: nothing that JSON would silently mangle. */
function expectJsonSafe(history: EpochMetrics[]) {
  for (const m of history) {
    for (const v of Object.values(m)) expect(v === null || (typeof v === 'number' && Number.isFinite(v))).toBe(true);
  }
  expect(JSON.parse(JSON.stringify(history))).toEqual(history);
}

describe('trainTrial', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    synthetic = await loadDataset('synthetic');
  });

  it('trains a tiny LeNet on the synthetic set to more than 80% validation accuracy within 3 epochs', async () => {
    const epochs: EpochMetrics[] = [];
    const outcome = await trainTrial(trial({ epochs: 3, trainSamples: 512, valSamples: 256, onEpoch: (m) => void epochs.push(m) }));
    expect(outcome.status).toBe('completed');
    expect(outcome.reason).toBeNull();
    expect(outcome.epochsDone).toBe(3);
    expect(outcome.history).toEqual(epochs);
    expect(Math.max(...outcome.history.map((m) => m.valAcc))).toBeGreaterThan(0.8);
    expect(outcome.history[2]!.trainLoss!).toBeLessThan(outcome.history[0]!.trainLoss!);
    expect(outcome.bestEpoch).toBe(3); // completed without restoreBest: ranked by the last epoch
    expect(outcome.bestMetrics).toEqual(outcome.history[2]);
    for (const m of outcome.history) {
      expect(m.learningRate).toBe(ADAM.learningRate);
      expect(m.seconds).toBeGreaterThan(0);
      expect(m.samplesPerSec).toBeGreaterThan(0);
    }
  }, 60_000);

  it('ends an absurd learning rate as diverged, with the reason in numbers and no NaN in the history', async () => {
    const decisions: StopDecision[] = [];
    const outcome = await trainTrial(trial({
      config: { optimizer: 'sgd', learningRate: 1e4, batchSize: 32, l2: 0, dropout: 0 },
      epochs: 3,
      onEpoch: (_, d) => void decisions.push(d),
    }));
    expect(outcome.status).toBe('diverged');
    expect(outcome.reason).toMatch(/train loss (became NaN|became Infinity|[\d.e+]+ in epoch 1 .*is more than 10 × ln\(10\))/);
    expect(outcome.epochsDone).toBe(1);
    expect(decisions.at(-1)?.stop).toBe(true);
    expect(decisions.at(-1)?.reason).toBe(outcome.reason);
    expectJsonSafe(outcome.history);
    expect(DIVERGENCE_FACTOR).toBe(10);
  }, 30_000);

  it('stops early when nothing improves, says why, and restoreBest reports and restores the best epoch', async () => {
    // minDelta 10: no epoch can improve on the first by that much, so patience 1 stops after epoch 2.
    let model: tf.LayersModel | undefined;
    const weightsAfter: string[] = [];
    let finalWeights = '';
    const outcome = await trainTrial(trial({
      epochs: 4,
      earlyStopping: { enabled: true, monitor: 'val_loss', mode: 'min', patience: 1, minDelta: 10, warmup: 1, restoreBest: true },
      evaluateTest: true,
      onModelReady: (m) => void (model = m),
      onEpoch: () => void weightsAfter.push(weightsFingerprint(model!)),
      onFinish: (m) => void (finalWeights = weightsFingerprint(m)),
    }));
    expect(weightsAfter[1]).not.toBe(weightsAfter[0]);
    expect(finalWeights).toBe(weightsAfter[0]); // epoch 1's weights are back
    expect(outcome.status).toBe('early-stopped');
    expect(outcome.epochsDone).toBe(2);
    expect(outcome.reason).toMatch(/^val_loss [\d.]+ did not improve on [\d.]+ \(epoch 1\) by 10 for 1 epoch$/);
    expect(outcome.bestEpoch).toBe(1);
    expect(outcome.bestMetrics).toEqual(outcome.history[0]);
    expect(outcome.restoredBest).toBe(true);
    expect(outcome.test?.acc).toBeGreaterThan(0);
  }, 30_000);

  it('stops a trial whose val_acc cannot beat the baseline, naming the baseline', async () => {
    const outcome = await trainTrial(trial({
      epochs: 3,
      earlyStopping: { enabled: true, monitor: 'val_acc', mode: 'max', patience: 1, minDelta: 0, warmup: 0, baseline: 1.01, restoreBest: true },
    }));
    expect(outcome.status).toBe('early-stopped');
    expect(outcome.epochsDone).toBe(1);
    expect(outcome.reason).toMatch(/did not beat the baseline 1\.01/);
    // No epoch beat the baseline, so there is no best epoch to restore: ranked by the last one.
    expect(outcome.lastDecision?.bestEpoch).toBeNull();
    expect(outcome.restoredBest).toBe(false);
    expect(outcome.bestEpoch).toBe(1);
  }, 30_000);

  it('gives paired trials the same initial weights and the same first batch whatever their optimizer', async () => {
    const start = async (config: TrainTrialInput['config'], seed: number) => {
      const abort = new AbortController();
      let weights = '';
      let firstBatch: number[] = [];
      const outcome = await trainTrial(trial({
        config, seed, signal: abort.signal,
        onModelReady: (model) => void (weights = weightsFingerprint(model)),
        onBatch: (p) => {
          if (p.epoch === 1 && p.batch === 1) firstBatch = [...p.positions];
          abort.abort();
        },
      }));
      expect(outcome.status).toBe('cancelled');
      return { weights, firstBatch };
    };
    const sgd = await start({ optimizer: 'sgd', learningRate: 0.1, batchSize: 32, l2: 0, dropout: 0 }, 5);
    const adam = await start({ ...ADAM }, 5);
    const other = await start({ ...ADAM }, 6);
    expect(sgd.firstBatch).toHaveLength(32);
    expect(adam.weights).toBe(sgd.weights);
    expect(adam.firstBatch).toEqual(sgd.firstBatch);
    expect(other.weights).not.toBe(sgd.weights);
    expect(other.firstBatch).not.toEqual(sgd.firstBatch);
  }, 30_000);

  it('stops between batches when its AbortSignal fires, as cancelled', async () => {
    const abort = new AbortController();
    let batches = 0;
    const outcome = await trainTrial(trial({
      signal: abort.signal,
      onBatch: (p) => {
        batches++;
        if (p.batch === 3) abort.abort();
      },
    }));
    expect(outcome.status).toBe('cancelled');
    expect(outcome.reason).toBe('cancelled in epoch 1 after batch 3 of 5');
    expect(batches).toBe(3);
    expect(outcome.history).toEqual([]);
    expect(outcome.bestMetrics).toBeNull();
  }, 30_000);

  it('leaves the tensor count flat across epochs and back where it was when it returns', async () => {
    const before = tf.memory().numTensors;
    const perEpoch: number[] = [];
    const outcome = await trainTrial(trial({
      config: { optimizer: 'momentum', learningRate: 0.05, batchSize: 32, l2: 1e-4, dropout: 0.1, momentum: 0.9 },
      earlyStopping: { enabled: true, monitor: 'val_loss', mode: 'min', patience: 5, minDelta: 0, warmup: 0, restoreBest: true },
      onEpoch: () => void perEpoch.push(tf.memory().numTensors),
      onCheckpoint: () => undefined,
    }));
    expect(outcome.epochsDone).toBe(2);
    expect(perEpoch[1]).toBe(perEpoch[0]);
    expect(tf.memory().numTensors).toBe(before);
  }, 30_000);

  it('still learns the synthetic set when every training image is shifted by up to one pixel', async () => {
    const outcome = await trainTrial(trial({ epochs: 3, trainSamples: 512, valSamples: 256, augmentation: { shift: 1, flip: false } }));
    expect(outcome.status).toBe('completed');
    expect(Math.max(...outcome.history.map((m) => m.valAcc))).toBeGreaterThan(0.8);
    expect(outcome.history[2]!.trainLoss!).toBeLessThan(outcome.history[0]!.trainLoss!);
  }, 60_000);

  it('trains on augmented copies: shift 0 and flip false change nothing, a shift changes the run, the dataset stays as loaded', async () => {
    const config: TrainTrialInput['config'] = { optimizer: 'momentum', learningRate: 0.01, batchSize: 32, l2: 0, dropout: 0, momentum: 0.9 };
    const pixelsBefore = synthetic.trainImages.slice();
    const plain = await trainTrial(trial({ config, epochs: 1 }));
    const none = await trainTrial(trial({ config, epochs: 1, augmentation: { shift: 0, flip: false } }));
    const shifted = await trainTrial(trial({ config, epochs: 1, augmentation: { shift: 2, flip: false } }));
    const again = await trainTrial(trial({ config, epochs: 1, augmentation: { shift: 2, flip: false } }));
    expect(none.history[0]!.trainLoss).toBe(plain.history[0]!.trainLoss);
    expect(none.history[0]!.valLoss).toBe(plain.history[0]!.valLoss);
    expect(shifted.history[0]!.trainLoss).not.toBe(plain.history[0]!.trainLoss);
    expect(again.history[0]!.trainLoss).toBe(shifted.history[0]!.trainLoss); // same seed ⇒ same augmented batches
    expect(again.history[0]!.valLoss).toBe(shifted.history[0]!.valLoss);
    expect(synthetic.trainImages).toEqual(pixelsBefore);
  }, 60_000);

  it('refuses augmentation the dataset cannot take', async () => {
    await expect(trainTrial(trial({ augmentation: { shift: 0, flip: true } }))).rejects.toThrow(/augmentation\.flip is not allowed for synthetic/);
    await expect(trainTrial(trial({ augmentation: { shift: 1.5, flip: false } }))).rejects.toThrow(/augmentation\.shift must be an integer/);
  });

  it('resumes an augmented trial from a checkpoint and replays the same augmented batches (momentum, bit for bit)', async () => {
    const config: TrainTrialInput['config'] = { optimizer: 'momentum', learningRate: 0.01, batchSize: 32, l2: 0, dropout: 0, momentum: 0.9 };
    const augmentation = { shift: 2, flip: false };
    const checkpoints: TrainingCheckpoint[] = [];
    const straight = await trainTrial(trial({ config, augmentation, onCheckpoint: (c) => void checkpoints.push(c) }));
    const resumed = await trainTrial(trial({ config, augmentation, resume: decodeCheckpoint(encodeCheckpoint(checkpoints[0]!)) }));
    expect(resumed.history).toHaveLength(2);
    for (const key of ['trainLoss', 'valLoss', 'valAcc'] as const) expect(resumed.history[1]![key]).toBe(straight.history[1]![key]);
  }, 30_000);

  const resumeCases: Array<{ name: string; config: TrainTrialInput['config']; exact: boolean }> = [
    { name: 'momentum, bit for bit', config: { optimizer: 'momentum', learningRate: 0.01, batchSize: 32, l2: 1e-4, dropout: 0, momentum: 0.9 }, exact: true },
    { name: 'rmsprop, bit for bit', config: { optimizer: 'rmsprop', learningRate: 0.003, batchSize: 32, l2: 0, dropout: 0, rho: 0.9, momentum: 0.5 }, exact: true },
    // tfjs restores Adam's β^t as pow(β, t + 1) where training multiplies by β each step: equal to float32 rounding.
    { name: 'adam, to float32 rounding', config: { ...ADAM, learningRate: 0.003 }, exact: false },
  ];
  for (const { name, config, exact } of resumeCases) {
    it(`resumes from a checkpoint and trains the next epoch as the uninterrupted run did (${name})`, async () => {
      const checkpoints: TrainingCheckpoint[] = [];
      const straight = await trainTrial(trial({ config, onCheckpoint: (c) => void checkpoints.push(c) }));
      expect(checkpoints.map((c) => c.epoch)).toEqual([1, 2]);
      const bytes = encodeCheckpoint(checkpoints[0]!);
      const resumed = await trainTrial(trial({ config, resume: decodeCheckpoint(bytes) }));
      expect(resumed.status).toBe('completed');
      expect(resumed.history[0]).toEqual(straight.history[0]);
      const [a, b] = [straight.history[1]!, resumed.history[1]!];
      for (const key of ['trainLoss', 'valLoss', 'valAcc'] as const) {
        if (exact) expect(b[key]).toBe(a[key]);
        else expect(Math.abs(b[key]! - a[key]!)).toBeLessThan(1e-5);
      }
    }, 30_000);
  }
});
