// The divergence rule in numbers: non-finite loss, ten times a uniform guess, ten times epoch 1.
import { describe, expect, it } from 'vitest';
import { DIVERGENCE_FACTOR, divergenceReason } from '../../worker/training/divergence.js';

describe('divergenceReason', () => {
  it('lets an ordinary loss pass, in the first epoch and later', () => {
    expect(divergenceReason({ trainLoss: 2.3, epoch: 1, classes: 10, firstEpochLoss: null })).toBeNull();
    expect(divergenceReason({ trainLoss: 0.9, epoch: 3, classes: 10, firstEpochLoss: 0.5 })).toBeNull();
  });

  it('calls a NaN or infinite loss diverged, saying where it happened', () => {
    expect(divergenceReason({ trainLoss: Number.NaN, epoch: 2, classes: 10, firstEpochLoss: 1, partial: { batch: 8, batches: 40 } }))
      .toBe('train loss became NaN in epoch 2 (after batch 8 of 40)');
    expect(divergenceReason({ trainLoss: Infinity, epoch: 1, classes: 10, firstEpochLoss: null })).toBe('train loss became Infinity in epoch 1');
  });

  it(`calls a loss above ${DIVERGENCE_FACTOR} × ln(classes) diverged even in the first epoch`, () => {
    expect(divergenceReason({ trainLoss: 30, epoch: 1, classes: 10, firstEpochLoss: null }))
      .toBe('train loss 30 in epoch 1 is more than 10 × ln(10) = 23.03, the loss of a uniform guess');
    expect(divergenceReason({ trainLoss: 23, epoch: 1, classes: 10, firstEpochLoss: null })).toBeNull();
  });

  it(`calls a later epoch diverged when its loss is above ${DIVERGENCE_FACTOR} × the first epoch's`, () => {
    expect(divergenceReason({ trainLoss: 2.1, epoch: 4, classes: 10, firstEpochLoss: 0.2 }))
      .toBe("train loss 2.1 in epoch 4 is more than 10 × the first epoch's 0.2");
    expect(divergenceReason({ trainLoss: 1.9, epoch: 4, classes: 10, firstEpochLoss: 0.2 })).toBeNull();
  });
});
