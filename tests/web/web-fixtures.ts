// Small builders of study events and trial records for the dashboard's unit tests.
import type { EpochMetrics, StudyEvent, TrialConfig, TrialRecord } from '../../types/index.js';
import type { StudyDetail } from '../../web/src/shared/api-client.js';

export const STUDY_ID = 'abc123abc123';

export function config(overrides: Partial<TrialConfig> = {}): TrialConfig {
  return { optimizer: 'adam', learningRate: 1e-3, batchSize: 32, l2: 0, dropout: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, ...overrides };
}

export function metrics(epoch: number, valLoss: number | null, valAcc = 0.5): EpochMetrics {
  return { epoch, trainLoss: valLoss, trainAcc: valAcc, valLoss, valAcc, learningRate: 1e-3, seconds: 0.1, samplesPerSec: 1000 };
}

export function epochEvent(trialId: string, m: EpochMetrics, epochsSinceBest = 0, patience = 2, stage = 0): StudyEvent {
  return { type: 'epoch', studyId: STUDY_ID, trialId, stage, metrics: m, epochsSinceBest, patience };
}

export function trialRecord(id: string, overrides: Partial<TrialRecord> = {}): TrialRecord {
  return {
    id, studyId: STUDY_ID, stage: 0, index: 0, seed: 1, config: config(), epochs: 4, status: 'queued', epochsDone: 0, epochsSinceBest: 0,
    bestEpoch: null, bestMetric: null, bestMetrics: null, test: null, stopReason: null, backend: null, host: null, attempts: 0, resumedFromEpoch: null,
    createdAt: '2026-01-01T00:00:00Z', startedAt: null, finishedAt: null, ...overrides,
  };
}

export function studyDetail(overrides: Partial<StudyDetail> = {}): StudyDetail {
  return {
    id: STUDY_ID,
    spec: {
      name: 'fixture', dataset: 'synthetic', seed: 1,
      model: { kind: 'lenet', filters: [4], kernelSize: 3, padding: 'valid', activation: 'relu', pooling: 'max', dense: [16], dropout: 0, l2: 0 },
      space: { optimizer: { type: 'categorical', values: ['sgd', 'adam'] }, learningRate: { type: 'log-uniform', min: 1e-5, max: 1 }, batchSize: { type: 'fixed', value: 32 } },
      stages: [{ trials: 2, epochs: 4 }, { trials: 1, epochs: 6, keepTop: 1 }],
      earlyStopping: { enabled: true, monitor: 'val_loss', mode: 'min', patience: 2, minDelta: 0.001, warmup: 1, restoreBest: true },
      objective: { metric: 'val_acc', mode: 'max' },
      data: { trainSamples: 100, valSamples: 50, augmentation: { shift: 0, flip: false } },
    },
    state: 'running', stages: [{ index: 0, space: { optimizer: { type: 'categorical', values: ['sgd', 'adam'] }, learningRate: { type: 'log-uniform', min: 1e-5, max: 1 }, batchSize: { type: 'fixed', value: 32 } }, trialIds: ['s0-t00', 's0-t01'], epochs: 4, state: 'running' }],
    currentStage: 0, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', finishedAt: null, error: null, best: { objective: { metric: 'val_acc', mode: 'max' }, overall: null, byOptimizer: {} },
    progress: [], trialsTotal: 3, trialsFinished: 0,
    ...overrides,
  };
}
