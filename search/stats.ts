// The statistics behind every compared number: a configuration's repeats give a mean with a 95 %
// Student-t interval, and two configurations trained on the same seeds give a paired difference
// with its own t-interval. Pure, no imports: the dashboard and the API read the same numbers.
//
// Formulas (n values x₁ … xₙ):
//   mean  x̄ = Σxᵢ / n
//   sd    s = √(Σ(xᵢ − x̄)² / (n − 1))              (the sample standard deviation)
//   95 %  x̄ ± t(0.975, n − 1) · s / √n             (Student's t with n − 1 degrees of freedom)
// The paired difference of a and b on the same seeds is the same interval over dᵢ = aᵢ − bᵢ; with
// paired seeds the seed-to-seed spread both share cancels out, so it is far tighter than the two
// means' intervals side by side. One value has no spread: sd, halfWidth, low and high are null.
import type { MeanInterval } from '../types/index.js';

/** t(0.975, df) for df = 1 … 30 (two-sided 95 %), from the standard tables. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069,
  2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/**
 * The 97.5th percentile of Student's t with `df` degrees of freedom: the table up to 30, beyond it
 * the Cornish–Fisher expansion z + (z³ + z)/(4·df) + (5z⁵ + 16z³ + 3z)/(96·df²) around z = 1.95996
 * (within 0.001 of the exact value for df > 30).
 */
export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom must be a positive integer, got ${df}`);
  const tabled = T975[df - 1];
  if (tabled !== undefined) return tabled;
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2);
}

export function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The sample standard deviation (n − 1 in the denominator); null for fewer than 2 values. */
export function sampleSd(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/** Mean, median and the 95 % t-interval of `values`; null when there are none. */
export function tInterval(values: readonly number[]): MeanInterval | null {
  const n = values.length;
  if (n === 0) return null;
  const m = mean(values);
  const sd = sampleSd(values);
  const halfWidth = sd === null ? null : (tQuantile975(n - 1) * sd) / Math.sqrt(n);
  return { n, mean: m, median: median(values), sd, halfWidth, low: halfWidth === null ? null : m - halfWidth, high: halfWidth === null ? null : m + halfWidth };
}

export interface PairedDifference {
  /** Seeds both runs have a usable value for. */
  n: number;
  /** Seeds where a beat b, b beat a, and they tied (in the objective's direction). */
  wins: number;
  losses: number;
  ties: number;
  /** The t-interval of dᵢ = (aᵢ − bᵢ) signed so that positive means a is better. */
  difference: MeanInterval | null;
}

/**
 * a against b on paired seeds (index i of both is seed i; null = no usable value, left out with
 * its partner). `mode` 'max': a higher value is better; 'min': lower.
 */
export function pairedDifference(a: ReadonlyArray<number | null>, b: ReadonlyArray<number | null>, mode: 'min' | 'max'): PairedDifference {
  const diffs: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === null || x === undefined || y === null || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    diffs.push(mode === 'max' ? x - y : y - x);
  }
  return {
    n: diffs.length,
    wins: diffs.filter((d) => d > 0).length,
    losses: diffs.filter((d) => d < 0).length,
    ties: diffs.filter((d) => d === 0).length,
    difference: tInterval(diffs),
  };
}
