// The fixtures the tests share, written once: the tiny study spec (small enough to train in seconds
// on the synthetic set), the StudySpec example of design.md, and builders of the trial and epoch
// records that pure tests of ranking, refining and early stopping feed in.
import type { EpochMetrics, TrialRecord } from '../../types/index.js';

/** Two stages on 768 synthetic images: 4 trials of 2 epochs, then 2 more around the best 2; `overrides` replace top-level fields. */
export function tinyStudySpec(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'tiny two-stage sweep',
    dataset: 'synthetic',
    seed: 7,
    model: { kind: 'lenet', filters: [4], kernelSize: 3, dense: [16], dropout: 0 },
    space: {
      optimizer: { type: 'categorical', values: ['sgd', 'momentum', 'rmsprop', 'adam'] },
      learningRate: { type: 'log-uniform', min: 1e-4, max: 1e-1 },
      batchSize: { type: 'categorical', values: [32, 64] },
    },
    stages: [
      { trials: 4, epochs: 2 },
      { trials: 2, epochs: 2, keepTop: 2 },
    ],
    earlyStopping: { monitor: 'val_loss', patience: 2, minDelta: 0.001, warmup: 1, restoreBest: true },
    objective: { metric: 'val_acc', mode: 'max' },
    data: { trainSamples: 768, valSamples: 256 },
    // The default pruner (ASHA) would cut most trials of a study this small; tests of pruning ask for it.
    pruner: { type: 'none' },
    ...overrides,
  };
}

/**
 * A 2-optimizer race (SGD against Adam) with repeats: each its own learning-rate search on 3
 * paired seeds, then a confirm stage retraining each one's best on 3 fresh seeds (issue 15).
 */
export function tinyRaceSpec(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return tinyStudySpec({
    name: 'sgd vs adam, 3 paired seeds',
    repeats: 3,
    refine: 'per-optimizer',
    space: { optimizer: { type: 'categorical', values: ['sgd', 'adam'] }, learningRate: { type: 'log-uniform', min: 1e-3, max: 1e-1 }, batchSize: { type: 'fixed', value: 32 } },
    stages: [{ trials: 2, epochs: 1 }, { trials: 2, epochs: 2, confirm: true }],
    earlyStopping: { enabled: false },
    data: { trainSamples: 384, valSamples: 128 },
    ...overrides,
  });
}

/** The StudySpec example of design.md: 16 then 8 trials on MNIST. */
export const designExampleSpec = {
  name: 'lr sweep',
  dataset: 'mnist',
  seed: 42,
  model: { kind: 'lenet', filters: [8, 16], kernelSize: 5, dense: [64], dropout: 0 },
  space: {
    optimizer: { type: 'categorical', values: ['sgd', 'momentum', 'rmsprop', 'adam'] },
    learningRate: { type: 'log-uniform', min: 1e-5, max: 1e-1 },
    batchSize: { type: 'categorical', values: [32, 64, 128] },
  },
  stages: [{ trials: 16, epochs: 2 }, { trials: 8, epochs: 6, keepTop: 4 }],
  earlyStopping: { monitor: 'val_loss', patience: 3, minDelta: 0.001, warmup: 1, restoreBest: true },
  objective: { metric: 'val_acc', mode: 'max' },
  data: { trainSamples: 12000, valSamples: 2000 },
};

/** One epoch's metrics; the defaults are a middling epoch 1. */
export function epochMetrics(overrides: Partial<EpochMetrics> = {}): EpochMetrics {
  return { epoch: 1, trainLoss: 0.5, trainAcc: 0.8, valLoss: 0.4, valAcc: 0.8, learningRate: 0.01, seconds: 1, samplesPerSec: 1000, ...overrides };
}

/** A trial record; the defaults are an SGD trial of stage 0 that completed its 4 epochs with val_acc 0.5. */
export function trialRecord(overrides: Partial<TrialRecord> = {}): TrialRecord {
  return {
    id: 's0-t00', studyId: 'study', stage: 0, index: 0, seed: 42, config: { optimizer: 'sgd', learningRate: 0.01, batchSize: 32, l2: 0, dropout: 0 }, epochs: 4,
    status: 'completed', epochsDone: 4, epochsSinceBest: 0, bestEpoch: 4, bestMetric: 0.5, bestMetrics: null, test: null, stopReason: null,
    backend: 'cpu', host: 'test', attempts: 1, resumedFromEpoch: null, createdAt: '2026-01-01T00:00:00.000Z', startedAt: null, finishedAt: null,
    ...overrides,
  };
}
