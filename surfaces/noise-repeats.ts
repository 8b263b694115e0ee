// "Repeat over N noise seeds" on a noisy surface: the same race with N gradient-noise sequences,
// so a student sees whether one optimizer's win on a noisy bowl is luck. Race k uses noise seed
// k = 0: the request's own, k > 0: deriveSeed(seed, 'noise-repeat', k); within a race every
// optimizer sees the same sequence (paired, as in run-optimizers.ts). Per optimizer the summary
// has the spread of its loss curves (the median and the lowest and highest run at each step) and
// its steps-to-tolerance as the median with its range over the seeds that converged. Pure: the
// races themselves are run by the caller (runOptimizersAsync in the browser).
import type { SurfaceOptimizerName, SurfaceRequest, SurfaceResult } from '../types/index.js';
import { deriveSeed } from '../search/rng.js';
import { runBand, type RunBand } from '../search/run-bands.js';
import { median } from '../search/stats.js';

/** Noise seeds per spread: 2 to 32. */
export const NOISE_REPEAT_LIMITS = { min: 2, max: 32, default: 8 } as const;

/** The N requests of a spread: `request` with noise seed k (no contour grid after the first). */
export function noiseSeedRequests(request: SurfaceRequest, n: number): SurfaceRequest[] {
  const noise = request.noise;
  if (!noise) throw new RangeError('a spread over noise seeds needs a request with gradient noise');
  if (!Number.isInteger(n) || n < NOISE_REPEAT_LIMITS.min || n > NOISE_REPEAT_LIMITS.max) {
    throw new RangeError(`noise seeds must be an integer in [${NOISE_REPEAT_LIMITS.min}, ${NOISE_REPEAT_LIMITS.max}], got ${n}`);
  }
  return Array.from({ length: n }, (_, k) => ({
    ...request,
    noise: { ...noise, seed: k === 0 ? noise.seed : deriveSeed(noise.seed, 'noise-repeat', k) },
    grid: k === 0 ? request.grid : 0,
  }));
}

export interface NoiseSpread {
  label: string;
  optimizer: SurfaceOptimizerName;
  seeds: number;
  /** loss − f* (or the loss where there is no minimum) by step: median and range over the seeds; a diverged run drops out where it stopped. */
  loss: RunBand;
  /** Seeds that reached the tolerance, and the median / fewest / most steps they took; null when none did. */
  converged: number;
  stepsToTolerance: { median: number; min: number; max: number } | null;
  diverged: number;
}

/** Per optimizer of the races (matched by label), the spread over the seeds. */
export function summarizeNoiseSpread(results: readonly SurfaceResult[]): NoiseSpread[] {
  const first = results[0];
  if (!first) return [];
  const minLoss = first.surface.minLoss;
  const steps = 1 + Math.max(0, ...results.flatMap((r) => r.runs.map((run) => run.loss.length - 1)));
  return first.runs.map((run0) => {
    const runs = results.flatMap((r) => r.runs.filter((run) => run.label === run0.label));
    const gaps = runs.map((run) => run.loss.map((v) => (minLoss === null ? v : Math.max(1e-12, v - minLoss))));
    const reached = runs.map((run) => run.stepsToTolerance).filter((s): s is number => s !== null);
    return {
      label: run0.label,
      optimizer: run0.optimizer,
      seeds: runs.length,
      loss: runBand(gaps, steps, 'median'),
      converged: reached.length,
      stepsToTolerance: reached.length === 0 ? null : { median: median(reached), min: Math.min(...reached), max: Math.max(...reached) },
      diverged: runs.filter((run) => run.diverged).length,
    };
  });
}
