import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, shuffledIndices } from '../../search/rng.js';

const take = (seed: number, ...streams: Array<number | string>) => {
  const rng = createRng(seed, ...streams);
  return Array.from({ length: 8 }, () => rng.next());
};

describe('the seeded generator', () => {
  it('replays the same numbers for the same seed and streams', () => {
    expect(take(42, 'stage', 1)).toEqual(take(42, 'stage', 1));
  });

  it('gives different numbers for neighbouring seeds', () => {
    const seeds = [0, 1, 2, 7, 8, 42, 43, 2 ** 32, 2 ** 32 + 1];
    const firsts = new Set(seeds.map((s) => deriveSeed(s, 'stage', 0)));
    expect(firsts.size).toBe(seeds.length);
  });

  it('gives different numbers for different streams of one seed', () => {
    expect(take(42, 'stage', 0)).not.toEqual(take(42, 'stage', 1));
    expect(take(42, 'epoch', 1)).not.toEqual(take(42, 'stage', 1));
  });

  it('returns floats in [0, 1)', () => {
    const rng = createRng(5);
    const values = Array.from({ length: 10_000 }, () => rng.next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });

  it('shuffles every index exactly once', () => {
    const order = Array.from(shuffledIndices(100, createRng(3)));
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(order).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
