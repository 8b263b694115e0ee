// The compare page's series: best-so-far against the epochs the whole study had trained, in the
// order its trials finished those epochs; a trial's curve; series aligned on one x column.
import { describe, expect, it } from 'vitest';
import type { EpochMetrics, TrialRecord } from '../../types/index.js';
import { alignSeries, bestSoFarByCumulativeEpochs, trainedEpochs, trialCurve } from '../../web/src/compare/compare-data.js';
import { epochMetrics, trialRecord } from '../helpers/specs.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
/** Epochs 1…n of `seconds` each with these val accuracies (and val loss 1 − acc). */
const history = (accs: number[], seconds = 10): EpochMetrics[] => accs.map((valAcc, i) => epochMetrics({ epoch: i + 1, valAcc, valLoss: 1 - valAcc, seconds }));

describe('best-so-far against cumulative epochs', () => {
  // a and b train side by side from t = 0 (10 s epochs); c starts at 15 s and is still running.
  const trials: TrialRecord[] = [
    trialRecord({ id: 's0-t00', startedAt: at(0), finishedAt: at(30) }),
    trialRecord({ id: 's0-t01', startedAt: at(0), finishedAt: at(20) }),
    trialRecord({ id: 's0-t02', status: 'running', startedAt: at(15), finishedAt: null }),
  ];
  const histories: Record<string, EpochMetrics[]> = {
    's0-t00': history([0.5, 0.6, 0.9]),
    's0-t01': history([0.7, 0.65]),
    's0-t02': history([0.8]),
  };
  const epochsOf = (id: string) => histories[id] ?? [];

  it('orders the study’s epochs by when they ended', () => {
    const order = trainedEpochs(trials, epochsOf).map((e) => `${e.trialId}#${e.metrics.epoch}`);
    expect(order).toEqual(['s0-t00#1', 's0-t01#1', 's0-t00#2', 's0-t01#2', 's0-t02#1', 's0-t00#3']);
  });

  it('counts every epoch once and keeps the best value seen so far, in the metric’s own direction', () => {
    expect(bestSoFarByCumulativeEpochs(trials, epochsOf, 'val_acc')).toEqual({ x: [1, 2, 3, 4, 5, 6], y: [0.5, 0.7, 0.7, 0.7, 0.8, 0.9] });
    const loss = bestSoFarByCumulativeEpochs(trials, epochsOf, 'val_loss');
    expect(loss.y.map((v) => Number(v!.toFixed(2)))).toEqual([0.5, 0.3, 0.3, 0.3, 0.2, 0.1]);
  });

  it('does not count a promoted trial’s parent epochs twice', () => {
    const parent = trialRecord({ id: 's0-t00', startedAt: at(0), finishedAt: at(20) });
    const child = trialRecord({ id: 's1-t00', stage: 1, startedAt: at(25), finishedAt: at(45), promotedFrom: { trialId: 's0-t00', stage: 0, epoch: 2 } });
    const h: Record<string, EpochMetrics[]> = { 's0-t00': history([0.5, 0.6]), 's1-t00': history([0.5, 0.6, 0.7, 0.75]) };
    const order = trainedEpochs([child, parent], (id) => h[id] ?? []).map((e) => `${e.trialId}#${e.metrics.epoch}`);
    expect(order).toEqual(['s0-t00#1', 's0-t00#2', 's1-t00#3', 's1-t00#4']);
  });

  it('leaves y empty until an epoch has a finite value', () => {
    const diverged = [epochMetrics({ epoch: 1, valLoss: null }), epochMetrics({ epoch: 2, valLoss: 0.4 })];
    const s = bestSoFarByCumulativeEpochs([trialRecord({ startedAt: at(0) })], () => diverged, 'val_loss');
    expect(s).toEqual({ x: [1, 2], y: [null, 0.4] });
  });
});

describe('curves on one chart', () => {
  it('a trial’s curve is its metric per epoch, gaps where a loss was not finite', () => {
    expect(trialCurve([epochMetrics({ epoch: 2, valLoss: null }), epochMetrics({ epoch: 1, valLoss: 0.3 })], 'val_loss')).toEqual({ x: [1, 2], y: [0.3, null] });
  });

  it('aligns series of different lengths on the union of their x values', () => {
    expect(alignSeries([{ x: [1, 2], y: [0.1, 0.2] }, { x: [1, 2, 3], y: [0.3, null, 0.5] }])).toEqual([[1, 2, 3], [0.1, 0.2, null], [0.3, null, 0.5]]);
  });
});
