// Ranking trials by the study's objective (search/rank.ts): unusable trials and missing metrics go
// last, ties break by fewer epochs, then stage, index and id, and the best summary names one trial per optimizer.
import { describe, expect, it } from 'vitest';
import type { EpochMetrics, ObjectiveSpec, TrialRecord } from '../../types/index.js';
import { bestSummary, objectiveValue, rankTrials, topTrials } from '../../search/rank.js';
import { trialRecord } from '../helpers/specs.js';

let counter = 0;
/** A completed trial with the next id and index, changed by `over`. */
const trial = (over: Partial<TrialRecord>): TrialRecord => {
  counter += 1;
  return trialRecord({ id: `s0-t${String(counter).padStart(2, '0')}`, index: counter, ...over });
};

const maxAcc: ObjectiveSpec = { metric: 'val_acc', mode: 'max' };
const minLoss: ObjectiveSpec = { metric: 'val_loss', mode: 'min' };
const ids = (ts: TrialRecord[]) => ts.map((t) => t.id);

describe('rankTrials', () => {
  it('puts the highest metric first when the objective is max', () => {
    const ts = [trial({ id: 'a', bestMetric: 0.8 }), trial({ id: 'b', bestMetric: 0.95 }), trial({ id: 'c', bestMetric: 0.9 })];
    expect(ids(rankTrials(ts, maxAcc))).toEqual(['b', 'c', 'a']);
  });

  it('puts the lowest metric first when the objective is min', () => {
    const ts = [trial({ id: 'a', bestMetric: 0.3 }), trial({ id: 'b', bestMetric: 0.1 }), trial({ id: 'c', bestMetric: 0.2 })];
    expect(ids(rankTrials(ts, minLoss))).toEqual(['b', 'c', 'a']);
  });

  it('ranks diverged, failed and cancelled trials last, whatever their metric', () => {
    const ts = [
      trial({ id: 'diverged', status: 'diverged', bestMetric: 0.99 }),
      trial({ id: 'ok', bestMetric: 0.5 }),
      trial({ id: 'failed', status: 'failed', bestMetric: 0.98 }),
      trial({ id: 'stopped', status: 'early-stopped', bestMetric: 0.6 }),
      trial({ id: 'cancelled', status: 'cancelled', bestMetric: 0.97 }),
    ];
    expect(ids(rankTrials(ts, maxAcc)).slice(0, 2)).toEqual(['stopped', 'ok']);
  });

  it('ranks trials without a finite metric last', () => {
    const ts = [trial({ id: 'none', bestMetric: null }), trial({ id: 'nan', bestMetric: NaN }), trial({ id: 'ok', bestMetric: 0.1 })];
    expect(ids(rankTrials(ts, maxAcc))[0]).toBe('ok');
  });

  it('breaks ties by fewer epochs, then stage, then index, then id', () => {
    const ts = [
      trial({ id: 'z', bestMetric: 0.9, epochsDone: 4, stage: 1, index: 0 }),
      trial({ id: 'y', bestMetric: 0.9, epochsDone: 4, stage: 0, index: 5 }),
      trial({ id: 'x', bestMetric: 0.9, epochsDone: 2, stage: 1, index: 9 }),
      trial({ id: 'w', bestMetric: 0.9, epochsDone: 4, stage: 0, index: 3 }),
      trial({ id: 'v2', bestMetric: 0.9, epochsDone: 4, stage: 0, index: 3 }),
    ];
    expect(ids(rankTrials(ts, maxAcc))).toEqual(['x', 'v2', 'w', 'y', 'z']);
  });

  it('gives the same order however the trials were listed', () => {
    const ts = Array.from({ length: 20 }, (_, i) => trial({ id: `t${i}`, bestMetric: [0.5, 0.7, null, 0.7][i % 4]!, status: i === 7 ? 'diverged' : 'completed' }));
    const reversed = [...ts].reverse();
    expect(ids(rankTrials(reversed, maxAcc))).toEqual(ids(rankTrials(ts, maxAcc)));
  });

  it('leaves its input unsorted', () => {
    const ts = [trial({ id: 'a', bestMetric: 0.1 }), trial({ id: 'b', bestMetric: 0.9 })];
    rankTrials(ts, maxAcc);
    expect(ids(ts)).toEqual(['a', 'b']);
  });
});

describe('topTrials', () => {
  it('keeps the best k ranked trials and never a diverged one', () => {
    const ts = [trial({ id: 'a', bestMetric: 0.9 }), trial({ id: 'd', status: 'diverged', bestMetric: null }), trial({ id: 'b', bestMetric: 0.8 })];
    expect(ids(topTrials(ts, maxAcc, 2))).toEqual(['a', 'b']);
    expect(ids(topTrials(ts, maxAcc, 5))).toEqual(['a', 'b']);
  });
});

describe('bestSummary', () => {
  it('names the best trial overall and the best of each optimizer', () => {
    const adam = { optimizer: 'adam', learningRate: 1e-3, batchSize: 64, l2: 0, dropout: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;
    const ts = [
      trial({ id: 'sgd-1', bestMetric: 0.91 }),
      trial({ id: 'adam-1', bestMetric: 0.97, config: adam }),
      trial({ id: 'adam-2', bestMetric: 0.95, config: adam }),
      trial({ id: 'sgd-2', bestMetric: 0.93, stage: 1 }),
      trial({ id: 'rms', bestMetric: 0.99, status: 'diverged', config: { ...adam, optimizer: 'rmsprop' } }),
    ];
    const best = bestSummary(ts, maxAcc);
    expect(best.objective).toEqual(maxAcc);
    expect(best.overall).toMatchObject({ trialId: 'adam-1', metric: 0.97, status: 'completed', stage: 0 });
    expect(best.byOptimizer.adam?.trialId).toBe('adam-1');
    expect(best.byOptimizer.sgd?.trialId).toBe('sgd-2');
    expect(best.byOptimizer.rmsprop).toBeUndefined();
  });

  it('has no best configuration when no trial has a usable metric', () => {
    const best = bestSummary([trial({ status: 'failed', bestMetric: null })], maxAcc);
    expect(best.overall).toBeNull();
    expect(best.byOptimizer).toEqual({});
  });
});

describe('objectiveValue', () => {
  const metrics: EpochMetrics = { epoch: 3, trainLoss: 0.2, trainAcc: 0.94, valLoss: 0.25, valAcc: 0.92, learningRate: 0.01, seconds: 2, samplesPerSec: 1000 };

  it('reads the objective metric of an epoch', () => {
    expect(objectiveValue(metrics, maxAcc)).toBe(0.92);
    expect(objectiveValue(metrics, minLoss)).toBe(0.25);
  });

  it('is null for a loss that was not finite', () => {
    expect(objectiveValue({ ...metrics, valLoss: null }, minLoss)).toBeNull();
  });
});
