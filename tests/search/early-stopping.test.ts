// Early stopping (search/early-stopping.ts): patience, minimum improvement and warm-up on the
// monitored metric, with the reason for every decision written in numbers.
import { describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../../types/index.js';
import { formatMetric, shouldStopEarly } from '../../search/early-stopping.js';
import type { EarlyStoppingOptions } from '../../search/early-stopping.js';
import { epochMetrics } from '../helpers/specs.js';

/** A history from validation losses (and optionally accuracies), epochs numbered from 1. */
const history = (valLosses: Array<number | null>, valAccs: number[] = []): EpochMetrics[] =>
  valLosses.map((valLoss, i) => epochMetrics({ epoch: i + 1, trainLoss: valLoss, trainAcc: 0.5, valLoss, valAcc: valAccs[i] ?? 0.5 }));

const accuracies = (valAccs: number[]) => history(valAccs.map(() => 0.5), valAccs);

const loss: EarlyStoppingOptions = { monitor: 'val_loss', mode: 'min', patience: 3, minDelta: 0.001, warmup: 1 };
const acc: EarlyStoppingOptions = { monitor: 'val_acc', mode: 'max', patience: 3, minDelta: 0.001, warmup: 1 };

describe('shouldStopEarly', () => {
  it('stops after `patience` epochs without improvement, and says why in numbers', () => {
    const d = shouldStopEarly(history([0.3, 0.15, 0.1, 0.0824, 0.083, 0.0828, 0.0831]), loss);
    expect(d).toEqual({
      stop: true,
      reason: 'val_loss 0.0831 did not improve on 0.0824 (epoch 4) by 0.001 for 3 epochs',
      bestEpoch: 4,
      bestValue: 0.0824,
      epochsSinceBest: 3,
    });
  });

  it('keeps going while the patience counter is below `patience`', () => {
    const d = shouldStopEarly(history([0.3, 0.2, 0.21, 0.22]), loss);
    expect(d.stop).toBe(false);
    expect(d.epochsSinceBest).toBe(2);
    expect(d.reason).toBe('val_loss 0.22 did not improve on 0.2 (epoch 2) by 0.001: 2 of 3 epochs without improvement');
  });

  it('says so when the last epoch improved', () => {
    const d = shouldStopEarly(history([0.3, 0.2]), loss);
    expect(d).toMatchObject({ stop: false, bestEpoch: 2, epochsSinceBest: 0, reason: 'val_loss improved to 0.2 (epoch 2)' });
  });

  it('counts an improvement within minDelta as no improvement', () => {
    // 0.4995, 0.4993, 0.4992 are all better than 0.5, but by less than 0.001
    const d = shouldStopEarly(history([0.5, 0.4995, 0.4993, 0.4992]), loss);
    expect(d).toMatchObject({ stop: true, bestEpoch: 1, bestValue: 0.5, epochsSinceBest: 3 });
  });

  it('counts an improvement by more than minDelta, measured from the best epoch', () => {
    const d = shouldStopEarly(history([0.5, 0.4995, 0.4985]), loss);
    expect(d).toMatchObject({ stop: false, bestEpoch: 3, epochsSinceBest: 0 });
  });

  it('never stops within the warmup epochs', () => {
    const options = { ...loss, patience: 1, warmup: 3 };
    const during = shouldStopEarly(history([0.5, 0.6, 0.7]), options);
    expect(during.stop).toBe(false);
    expect(during.reason).toBe('val_loss 0.7 did not improve on 0.5 (epoch 1) by 0.001 for 2 epochs, but epoch 3 is within the 3 warmup epochs');
    expect(shouldStopEarly(history([0.5, 0.6, 0.7, 0.8]), options).stop).toBe(true);
  });

  it('follows the mode: max for accuracy', () => {
    const d = shouldStopEarly(accuracies([0.5, 0.6, 0.6005, 0.59, 0.58]), acc);
    expect(d).toMatchObject({ stop: true, bestEpoch: 2, bestValue: 0.6, epochsSinceBest: 3 });
    expect(d.reason).toBe('val_acc 0.58 did not improve on 0.6 (epoch 2) by 0.001 for 3 epochs');
  });

  it('treats a rising accuracy as improvement in mode max and a falling one in mode min', () => {
    const rising = accuracies([0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(shouldStopEarly(rising, acc)).toMatchObject({ stop: false, bestEpoch: 5 });
    expect(shouldStopEarly(rising, { ...acc, mode: 'min' })).toMatchObject({ stop: true, bestEpoch: 1, epochsSinceBest: 4 });
  });

  it('stops a trial that never beats the baseline', () => {
    const d = shouldStopEarly(accuracies([0.5, 0.6, 0.7]), { ...acc, baseline: 0.9, warmup: 0 });
    expect(d).toMatchObject({ stop: true, bestEpoch: null, bestValue: null, epochsSinceBest: 3 });
    expect(d.reason).toBe('val_acc 0.7 did not beat the baseline 0.9 by 0.001 for 3 epochs');
  });

  it('counts patience from the first epoch that beats the baseline', () => {
    const d = shouldStopEarly(accuracies([0.5, 0.95, 0.94, 0.93]), { ...acc, baseline: 0.9 });
    expect(d).toMatchObject({ stop: false, bestEpoch: 2, epochsSinceBest: 2 });
  });

  it('skips epochs whose loss was not finite', () => {
    const d = shouldStopEarly(history([0.5, null, 0.4]), loss);
    expect(d).toMatchObject({ stop: false, bestEpoch: 3, bestValue: 0.4 });
    const nan = shouldStopEarly(history([0.5, 0.4, null]), loss);
    expect(nan.reason).toBe('val_loss (not a finite number) did not improve on 0.4 (epoch 2) by 0.001: 1 of 3 epochs without improvement');
  });

  it('stops a trial whose loss was never finite', () => {
    const d = shouldStopEarly(history([null, null, null]), loss);
    expect(d).toEqual({ stop: true, reason: 'no finite val_loss yet for 3 epochs', bestEpoch: null, bestValue: null, epochsSinceBest: 3 });
  });

  it('has nothing to say before the first epoch', () => {
    expect(shouldStopEarly([], loss)).toEqual({ stop: false, reason: 'no epoch finished yet', bestEpoch: null, bestValue: null, epochsSinceBest: 0 });
  });
});

describe('formatMetric', () => {
  it('writes at most 4 significant digits and switches to exponents for tiny numbers', () => {
    expect(formatMetric(0.08314159)).toBe('0.08314');
    expect(formatMetric(0.001)).toBe('0.001');
    expect(formatMetric(0.00001234)).toBe('1.23e-5');
    expect(formatMetric(2)).toBe('2');
  });
});
