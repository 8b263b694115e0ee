import { describe, expect, it } from 'vitest';
import type { PrunerSpec } from '../../types/index.js';
import { ashaRung, median, pruneVerdict, type PruneInput } from '../../search/pruning.js';

const MEDIAN: PrunerSpec = { type: 'median', warmupEpochs: 1, minPeers: 3 };
const ASHA: PrunerSpec = { type: 'asha', minEpochs: 1, reduction: 3, minPeers: 2 };
const base = (over: Partial<PruneInput>): PruneInput => ({ pruner: MEDIAN, metric: 'val_acc', mode: 'max', epoch: 2, epochs: 8, value: 0.9, peers: [], ...over });

describe('median', () => {
  it('is the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('the median pruner', () => {
  it('prunes a trial below the median of its peers at the same epoch, and says so in numbers', () => {
    const v = pruneVerdict(base({ value: 0.912, peers: [0.95, 0.947, 0.93, 0.96, 0.94, 0.947, 0.951, 0.9, 0.97] }));
    expect(v).toEqual({ prune: true, reason: 'val_acc 0.912 at epoch 2 is below the median 0.947 of 9 other trials at epoch 2' });
  });
  it('keeps a trial equal to the median (a tie is not worse)', () => {
    expect(pruneVerdict(base({ value: 0.94, peers: [0.93, 0.94, 0.95] }))).toEqual({ prune: false });
  });
  it('keeps every trial within the warmup', () => {
    expect(pruneVerdict(base({ epoch: 1, value: 0.1, peers: [0.9, 0.9, 0.9] }))).toEqual({ prune: false });
  });
  it('keeps a trial with too few peers', () => {
    expect(pruneVerdict(base({ value: 0.1, peers: [0.9, 0.9] }))).toEqual({ prune: false });
  });
  it('never prunes at the last epoch: nothing is left to save', () => {
    expect(pruneVerdict(base({ epoch: 8, value: 0.1, peers: [0.9, 0.9, 0.9] }))).toEqual({ prune: false });
  });
  it('reads mode min: a loss above the median is pruned', () => {
    const v = pruneVerdict(base({ metric: 'val_loss', mode: 'min', value: 0.31, peers: [0.2, 0.22, 0.25] }));
    expect(v).toEqual({ prune: true, reason: 'val_loss 0.31 at epoch 2 is above the median 0.22 of 3 other trials at epoch 2' });
    expect(pruneVerdict(base({ metric: 'val_loss', mode: 'min', value: 0.21, peers: [0.2, 0.22, 0.25] }))).toEqual({ prune: false });
  });
  it('ignores peers whose value is not finite', () => {
    expect(pruneVerdict(base({ value: 0.1, peers: [0.9, Number.NaN, 0.9] }))).toEqual({ prune: false });
  });
});

describe('ASHA rungs', () => {
  it('sit at r, r·η, r·η², …', () => {
    expect([1, 2, 3, 4, 9, 27].map((e) => ashaRung(e, 1, 3))).toEqual([0, null, 1, null, 2, 3]);
    expect([2, 4, 8, 6].map((e) => ashaRung(e, 2, 2))).toEqual([0, 1, 2, null]);
  });
});

describe('the ASHA pruner', () => {
  const asha = (over: Partial<PruneInput>) => pruneVerdict(base({ pruner: ASHA, ...over }));
  it('lets a trial past a rung only in the top 1/η of the values recorded there', () => {
    // 7 values at rung 2 (epoch 3): top ⌊7/3⌋ = 2 go on; the cut is the 2nd best, 0.951.
    const v = asha({ epoch: 3, value: 0.93, peers: [0.96, 0.951, 0.94, 0.92, 0.9, 0.935] });
    expect(v).toEqual({ prune: true, reason: 'val_acc 0.93 at rung 2 (epoch 3) is not in the top 1/3 of 7 trials (cut 0.951)' });
    expect(asha({ epoch: 3, value: 0.951, peers: [0.96, 0.951, 0.94, 0.92, 0.9, 0.935] })).toEqual({ prune: false }); // tie with the cut
    expect(asha({ epoch: 3, value: 0.97, peers: [0.96, 0.951, 0.94, 0.92, 0.9, 0.935] })).toEqual({ prune: false });
  });
  it('judges only at rungs', () => {
    expect(asha({ epoch: 2, value: 0.1, peers: [0.9, 0.9, 0.9, 0.9] })).toEqual({ prune: false });
  });
  it('lets the first minPeers trials at a rung go on, and never waits for the rung to fill', () => {
    expect(asha({ epoch: 1, value: 0.1, peers: [0.9] })).toEqual({ prune: false });
    expect(asha({ epoch: 1, value: 0.1, peers: [0.9, 0.8] })).toMatchObject({ prune: true });
  });
  it('keeps at least one trial of a small rung', () => {
    // n = 3, η = 3: top ⌊3/3⌋ = 1; with η = 4 still 1.
    expect(pruneVerdict(base({ pruner: { ...ASHA, reduction: 4 }, epoch: 1, value: 0.95, peers: [0.9, 0.8] }))).toEqual({ prune: false });
  });
  it('reads mode min', () => {
    const v = asha({ metric: 'val_loss', mode: 'min', epoch: 1, value: 0.5, peers: [0.2, 0.3] });
    expect(v).toEqual({ prune: true, reason: 'val_loss 0.5 at rung 1 (epoch 1) is not in the top 1/3 of 3 trials (cut 0.2)' });
  });
  it('never prunes at the last epoch', () => {
    expect(asha({ epoch: 3, epochs: 3, value: 0.1, peers: [0.9, 0.9, 0.9] })).toEqual({ prune: false });
  });
});

describe('no pruner', () => {
  it('keeps everything', () => {
    expect(pruneVerdict(base({ pruner: { type: 'none' }, value: 0, peers: [1, 1, 1, 1] }))).toEqual({ prune: false });
  });
});
