// "Repeat over N noise seeds" (surfaces/noise-repeats.ts): N races on N noise sequences, each
// optimizer's loss spread (median, lowest, highest) and its median steps-to-tolerance with range.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { noiseSeedRequests, summarizeNoiseSpread } from '../../surfaces/noise-repeats.js';
import { validateSurfaceRequest } from '../../surfaces/request-schema.js';
import { runOptimizers } from '../../surfaces/run-optimizers.js';
import { runBand } from '../../search/run-bands.js';
import { median } from '../../search/stats.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const noisyBowl = (() => {
  const v = validateSurfaceRequest({
    surface: { kind: 'quadratic', condition: 10, angle: 0 },
    noise: { scale: 0.3, seed: 3 },
    steps: 300,
    tolerance: 0.05,
    optimizers: [{ optimizer: 'sgd', learningRate: 0.3 }, { optimizer: 'adam', learningRate: 0.05 }],
  });
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  return v.request;
})();

describe('runBand', () => {
  it('takes the median (or mean), lowest and highest of the runs at each point, skipping missing values', () => {
    expect(runBand([[1, 4, null], [3, 2], [2, 6, 5]], 4)).toEqual({ mid: [2, 4, 5, null], low: [1, 2, 5, null], high: [3, 6, 5, null] });
    expect(runBand([[1], [2]], 1, 'mean').mid).toEqual([1.5]);
  });
});

describe('the spread over noise seeds', () => {
  it('keeps the request\'s own seed first and gives every other race a seed of its own', () => {
    const requests = noiseSeedRequests(noisyBowl, 4);
    expect(requests[0]!.noise!.seed).toBe(3);
    expect(new Set(requests.map((r) => r.noise!.seed)).size).toBe(4);
    expect(() => noiseSeedRequests({ ...noisyBowl, noise: null }, 4)).toThrow(/gradient noise/);
    expect(() => noiseSeedRequests(noisyBowl, 1)).toThrow(/\[2, 32\]/);
  });

  it('summarises each optimizer: the median steps-to-tolerance and its range over the seeds that converged, and its loss band', () => {
    const results = noiseSeedRequests(noisyBowl, 5).map((r) => runOptimizers(r));
    const spread = summarizeNoiseSpread(results);
    expect(spread.map((s) => s.label)).toEqual(['sgd', 'adam']);
    for (const [i, s] of spread.entries()) {
      const steps = results.map((r) => r.runs[i]!.stepsToTolerance).filter((v): v is number => v !== null).sort((a, b) => a - b);
      expect(s.seeds).toBe(5);
      expect(s.converged).toBe(steps.length);
      if (steps.length > 0) expect(s.stepsToTolerance).toEqual({ median: median(steps), min: steps[0], max: steps.at(-1) });
      // The band holds every seed's curve: the lowest is at most, the highest at least, each one at the last step.
      const last = 300;
      const at = results.map((r) => r.runs[i]!.loss[last]! - r.surface.minLoss!);
      expect(s.loss.low[last]).toBeCloseTo(Math.min(...at), 12);
      expect(s.loss.high[last]).toBeCloseTo(Math.max(...at), 12);
    }
    // Different noise sequences give different curves: the band has a width.
    expect(spread[0]!.loss.high[100]! - spread[0]!.loss.low[100]!).toBeGreaterThan(0);
  });
});
