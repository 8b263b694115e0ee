// The interval and paired-difference maths (search/stats.ts) on numbers worked out by hand.
import { describe, expect, it } from 'vitest';
import { median, pairedDifference, sampleSd, tInterval, tQuantile975 } from '../../search/stats.js';

describe('tInterval', () => {
  it('is mean ± t(0.975, n − 1) · sd / √n: 0.98, 0.97, 0.99 give 0.98 ± 4.303 · 0.01 / √3', () => {
    const i = tInterval([0.98, 0.97, 0.99])!;
    expect(i.n).toBe(3);
    expect(i.mean).toBeCloseTo(0.98, 12);
    expect(i.sd).toBeCloseTo(0.01, 12);
    expect(i.halfWidth).toBeCloseTo((4.303 * 0.01) / Math.sqrt(3), 12);
    expect(i.low).toBeCloseTo(0.98 - 0.0248434, 6);
    expect(i.high).toBeCloseTo(0.98 + 0.0248434, 6);
  });

  it('has no spread for one value and nothing for none', () => {
    expect(tInterval([0.5])).toEqual({ n: 1, mean: 0.5, median: 0.5, sd: null, halfWidth: null, low: null, high: null });
    expect(tInterval([])).toBeNull();
    expect(sampleSd([1])).toBeNull();
  });

  it('takes the median of an odd and an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('reads t from the table up to 30 degrees of freedom and approaches 1.96 beyond', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(4)).toBe(2.776);
    expect(tQuantile975(30)).toBe(2.042);
    expect(tQuantile975(40)).toBeCloseTo(2.021, 3);
    expect(tQuantile975(120)).toBeCloseTo(1.98, 3);
    expect(() => tQuantile975(0)).toThrow(RangeError);
  });
});

describe('pairedDifference', () => {
  const a = [0.981, 0.979, 0.983, 0.98, 0.982];
  const b = [0.978, 0.977, 0.979, 0.978, 0.978];

  it('takes seed-by-seed differences: 0.003, 0.002, 0.004, 0.002, 0.004 have mean 0.003, sd 0.001, 95 % CI 0.003 ± 2.776 · 0.001 / √5', () => {
    const p = pairedDifference(a, b, 'max');
    expect(p).toMatchObject({ n: 5, wins: 5, losses: 0, ties: 0 });
    expect(p.difference!.mean).toBeCloseTo(0.003, 12);
    expect(p.difference!.sd).toBeCloseTo(0.001, 12);
    expect(p.difference!.halfWidth).toBeCloseTo((2.776 * 0.001) / Math.sqrt(5), 12);
  });

  it('turns the sign for a loss (lower is better) and leaves out seeds where either has no value', () => {
    const p = pairedDifference([0.2, 0.3, null, 0.25], [0.25, 0.3, 0.1, 0.3], 'min');
    expect(p).toMatchObject({ n: 3, wins: 2, losses: 0, ties: 1 });
    expect(p.difference!.mean).toBeCloseTo((0.05 + 0 + 0.05) / 3, 12);
  });
});
