import { describe, expect, it } from 'vitest';
import type { Distribution, NumericDistribution, SearchSpace, TrialConfig } from '../../types/index.js';
import { describeRefinement, formatDistribution, refineDistribution, refineSpace } from '../../search/refine.js';
import { sampleStageConfigs, sampleValue } from '../../search/sample.js';
import { createRng } from '../../search/rng.js';

const config = (over: Partial<TrialConfig>): TrialConfig => ({ optimizer: 'sgd', learningRate: 0.01, batchSize: 32, l2: 0, dropout: 0, ...over });

const space: SearchSpace = {
  optimizer: { type: 'categorical', values: ['sgd', 'momentum', 'rmsprop', 'adam'] },
  learningRate: { type: 'log-uniform', min: 1e-6, max: 1e-1 },
  batchSize: { type: 'categorical', values: [32, 64, 128] },
  momentum: { type: 'uniform', min: 0.5, max: 0.99 },
  beta1: { type: 'uniform', min: 0.8, max: 0.95 },
};

const numeric = (d: Distribution): NumericDistribution => {
  if (d.type === 'categorical' || d.type === 'fixed') throw new Error(`expected a numeric distribution, got ${d.type}`);
  return d;
};

describe('refining a numeric dimension', () => {
  const previous: NumericDistribution[] = [
    { type: 'log-uniform', min: 1e-6, max: 1e-1 },
    { type: 'uniform', min: 0.5, max: 0.99 },
    { type: 'int', min: 1, max: 200 },
    { type: 'log-int', min: 8, max: 1024 },
  ];

  describe.each(previous.map((d) => [d.type, d] as const))('of type %s', (_type, dist) => {
    it('keeps ranges nested and contains every kept value, whatever was kept', () => {
      const rng = createRng(9, dist.type);
      for (let round = 0; round < 300; round++) {
        const kept = Array.from({ length: 1 + (round % 6) }, () => sampleValue(dist, rng));
        const next = numeric(refineDistribution(dist, kept));
        expect(next.type).toBe(dist.type);
        expect(next.min).toBeGreaterThanOrEqual(dist.min);
        expect(next.max).toBeLessThanOrEqual(dist.max);
        expect(next.min).toBeLessThan(next.max);
        for (const v of kept) {
          expect(v).toBeGreaterThanOrEqual(next.min);
          expect(v).toBeLessThanOrEqual(next.max);
        }
        if (dist.type === 'int' || dist.type === 'log-int') {
          expect(Number.isInteger(next.min) && Number.isInteger(next.max)).toBe(true);
        }
      }
    });

    it('stays nested over several stages in a row', () => {
      const rng = createRng(10, dist.type);
      let current: NumericDistribution = dist;
      for (let stage = 0; stage < 6; stage++) {
        const kept = Array.from({ length: 3 }, () => sampleValue(current, rng));
        const next = numeric(refineDistribution(current, kept));
        expect(next.min).toBeGreaterThanOrEqual(current.min);
        expect(next.max).toBeLessThanOrEqual(current.max);
        current = next;
      }
    });
  });

  it('narrows a log-uniform range in log space: half the kept spread as padding on each side', () => {
    // kept exponents -3 … -2, spread 1 decade: pad = max(0.5 × 1, 0.1 × 5) = 0.5 → 10^-3.5 … 10^-1.5
    const next = numeric(refineDistribution({ type: 'log-uniform', min: 1e-6, max: 1e-1 }, [1e-3, 2e-3, 5e-3, 1e-2]));
    expect(next).toEqual({ type: 'log-uniform', min: 3.16e-4, max: 0.0317 });
  });

  it('keeps a tenth of the previous width on each side of a single kept value', () => {
    // one kept value 10^-3 in a 5-decade range: pad = 0.5 decade
    const next = numeric(refineDistribution({ type: 'log-uniform', min: 1e-6, max: 1e-1 }, [1e-3]));
    expect(Math.log10(next.min)).toBeCloseTo(-3.5, 2);
    expect(Math.log10(next.max)).toBeCloseTo(-2.5, 2);
  });

  it('never reaches past the previous range', () => {
    const next = numeric(refineDistribution({ type: 'uniform', min: 0.5, max: 0.99 }, [0.97, 0.99]));
    expect(next.max).toBe(0.99);
    expect(next.min).toBeCloseTo(0.921, 3);
  });

  it('rounds int bounds outward to whole numbers', () => {
    // kept 10 … 20: pad = max(5, 0.1 × 99) = 9.9 → 0.1 … 29.9 → 1 (clamped) … 30
    expect(refineDistribution({ type: 'int', min: 1, max: 100 }, [10, 20])).toEqual({ type: 'int', min: 1, max: 30 });
  });

  it('ignores kept values that lie outside the previous range', () => {
    expect(refineDistribution({ type: 'uniform', min: 0, max: 1 }, [5])).toEqual({ type: 'uniform', min: 0, max: 1 });
  });
});

describe('refining a categorical dimension', () => {
  it('keeps exactly the values the kept trials used, in their original order', () => {
    expect(refineDistribution({ type: 'categorical', values: [32, 64, 128, 256] }, [128, 32, 128])).toEqual({ type: 'categorical', values: [32, 128] });
  });

  it('stays categorical when one value is left', () => {
    expect(refineDistribution({ type: 'categorical', values: ['sgd', 'adam'] }, ['adam'])).toEqual({ type: 'categorical', values: ['adam'] });
  });

  it('leaves a fixed dimension as it is', () => {
    expect(refineDistribution({ type: 'fixed', value: 0.9 }, [0.9])).toEqual({ type: 'fixed', value: 0.9 });
  });
});

describe('refineSpace', () => {
  it('narrows the optimizer and drops the knobs of optimizers no longer sampled', () => {
    const kept = [config({ optimizer: 'adam', learningRate: 1e-3, beta1: 0.9 }), config({ optimizer: 'sgd', learningRate: 3e-2 })];
    const next = refineSpace(space, kept);
    expect(next.optimizer).toEqual({ type: 'categorical', values: ['sgd', 'adam'] });
    expect(next.momentum).toBeUndefined();
    expect(next.beta1).toBeDefined();
  });

  it('narrows a knob only around the trials that have it', () => {
    const kept = [config({ optimizer: 'momentum', momentum: 0.9 }), config({ optimizer: 'momentum', momentum: 0.95 }), config({ optimizer: 'sgd' })];
    const next = refineSpace(space, kept);
    expect(numeric(next.momentum!).min).toBeLessThanOrEqual(0.9);
    expect(numeric(next.momentum!).max).toBeGreaterThanOrEqual(0.95);
    expect(numeric(next.momentum!).max - numeric(next.momentum!).min).toBeLessThan(0.49);
  });

  it('leaves a dimension unchanged when no kept trial has a value for it', () => {
    // An adam trial recorded without beta1 (e.g. before the space had that dimension).
    const next = refineSpace(space, [config({ optimizer: 'adam', learningRate: 1e-3 })]);
    expect(next.beta1).toEqual(space.beta1);
  });

  it('returns the space unchanged when nothing was kept', () => {
    expect(refineSpace(space, [])).toEqual(space);
  });

  it('does not modify the space it was given', () => {
    const before = JSON.stringify(space);
    refineSpace(space, [config({ optimizer: 'adam', learningRate: 1e-3, beta1: 0.9 })]);
    expect(JSON.stringify(space)).toBe(before);
  });
});

describe('describing a refinement', () => {
  it('says what happened to each dimension in words', () => {
    const after = refineSpace(space, [config({ optimizer: 'adam', learningRate: 1e-3, beta1: 0.9, batchSize: 64 }), config({ optimizer: 'adam', learningRate: 1e-2, beta1: 0.85, batchSize: 64 })]);
    const lines = describeRefinement(space, after);
    expect(lines).toContain('optimizer: categorical {sgd, momentum, rmsprop, adam} → categorical {adam}');
    expect(lines).toContain('learningRate: log-uniform 1e-6 … 0.1 (5 decades) → log-uniform 3.16e-4 … 0.0317 (2 decades)');
    expect(lines).toContain('momentum: dropped (only momentum and rmsprop use it, and no kept trial did)');
    expect(lines).toContain('batchSize: categorical {32, 64, 128} → categorical {64}');
    // kept beta1 0.85 … 0.9: pad = max(0.5 × 0.05, 0.1 × 0.15) = 0.025
    expect(lines).toContain('beta1: uniform 0.8 … 0.95 → uniform 0.825 … 0.925');
  });

  it('formats a fixed dimension', () => {
    expect(formatDistribution({ type: 'fixed', value: 'adam' })).toBe('fixed adam');
  });
});

describe('the worked example in the README', () => {
  it('comes out as the docs say: 16 trials over 10^-6 … 10^-1, top 4 by a stand-in score', () => {
    const first: SearchSpace = {
      optimizer: { type: 'categorical', values: ['sgd', 'momentum', 'rmsprop', 'adam'] },
      learningRate: { type: 'log-uniform', min: 1e-6, max: 1e-1 },
      batchSize: { type: 'categorical', values: [32, 64, 128] },
    };
    const score = (lr: number) => 0.99 - 0.1 * Math.abs(Math.log10(lr) + 2.5);
    const kept = sampleStageConfigs(first, 16, 42, 0)
      .sort((a, b) => score(b.learningRate) - score(a.learningRate))
      .slice(0, 4);
    expect(kept.map((c) => c.learningRate.toPrecision(4))).toEqual(['0.001675', '0.001395', '0.007639', '0.01086']);
    expect(describeRefinement(first, refineSpace(first, kept))).toEqual([
      'optimizer: categorical {sgd, momentum, rmsprop, adam} → categorical {momentum, rmsprop, adam}',
      'learningRate: log-uniform 1e-6 … 0.1 (5 decades) → log-uniform 4.41e-4 … 0.0344 (1.89 decades)',
      'batchSize: categorical {32, 64, 128} → categorical {64, 128}',
    ]);
  });
});
