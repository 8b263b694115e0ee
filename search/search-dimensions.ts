// The dimensions a study really sampled, with the scale each is best read on: what the
// hyperparameter importance (search/importance.ts) fits its forest over and what the dashboard's
// parallel coordinates draw an axis for. Pure: a list of search spaces in, plain data out.
//
// The rule, per dimension, over every space given (the stages' spaces, or one stage's):
// - sampled when some space has it as a numeric range with min < max, or as a categorical with
//   two values or more; fixed values and one-value categoricals are not sampled;
// - its scale is the first such space's type: log-uniform and log-int are `log` (read in log10),
//   uniform and int `linear`, categorical `categorical` (refinement keeps a dimension's type, so
//   the stages agree);
// - its domain is the hull of the spaces' ranges (numeric) or the union of their values in the
//   order first seen (categorical).
import type { CategoricalValue, DimensionName, Distribution, SearchSpace, TrialConfig } from '../types/index.js';
import { COMMON_DIMENSIONS, OPTIMIZER_KNOBS } from '../types/index.js';
import type { DimensionScale } from '../types/api.js';

export type { DimensionScale };

/** Every dimension name in a fixed order: common dimensions, then optimizer knobs. */
export const DIMENSION_ORDER: readonly DimensionName[] = [...COMMON_DIMENSIONS, ...OPTIMIZER_KNOBS];

/** A dimension in words, for sentences and axis titles. */
export const DIMENSION_LABELS: Record<DimensionName, string> = {
  optimizer: 'optimizer',
  learningRate: 'learning rate',
  batchSize: 'batch size',
  l2: 'L2',
  dropout: 'dropout',
  momentum: 'momentum',
  nesterov: 'Nesterov',
  rho: 'rho',
  epsilon: 'epsilon',
  beta1: 'beta1',
  beta2: 'beta2',
};

export type SampledDimension =
  | { name: DimensionName; scale: 'log' | 'linear'; min: number; max: number }
  | { name: DimensionName; scale: 'categorical'; values: CategoricalValue[] };

type Sampled = { scale: 'log' | 'linear'; min: number; max: number } | { scale: 'categorical'; values: CategoricalValue[] } | null;

/** What one distribution samples, or null for a fixed value (or a range or list of one). */
function sampledBy(d: Distribution): Sampled {
  switch (d.type) {
    case 'log-uniform':
    case 'log-int':
      return d.min < d.max ? { scale: 'log', min: d.min, max: d.max } : null;
    case 'uniform':
    case 'int':
      return d.min < d.max ? { scale: 'linear', min: d.min, max: d.max } : null;
    case 'categorical':
      return d.values.length > 1 ? { scale: 'categorical', values: d.values } : null;
    case 'fixed':
      return null;
    default: {
      const never: never = d;
      return never;
    }
  }
}

/** The sampled dimensions of `spaces`, in DIMENSION_ORDER (see the rule above). */
export function sampledDimensions(spaces: readonly SearchSpace[]): SampledDimension[] {
  const out: SampledDimension[] = [];
  for (const name of DIMENSION_ORDER) {
    let dim: SampledDimension | null = null;
    for (const space of spaces) {
      const d = space[name];
      const s = d ? sampledBy(d) : null;
      if (!s) continue;
      if (!dim) dim = s.scale === 'categorical' ? { name, scale: s.scale, values: [...s.values] } : { name, ...s };
      else if (dim.scale === 'categorical' && s.scale === 'categorical') {
        for (const v of s.values) if (!dim.values.includes(v)) dim.values.push(v);
      } else if (dim.scale !== 'categorical' && s.scale !== 'categorical') {
        dim.min = Math.min(dim.min, s.min);
        dim.max = Math.max(dim.max, s.max);
      }
    }
    if (dim) out.push(dim);
  }
  return out;
}

/** A trial's value of one dimension; undefined where the dimension does not apply (a knob of another optimizer). */
export function dimensionValue(config: TrialConfig, name: DimensionName): CategoricalValue | undefined {
  return config[name];
}

/** A numeric value on its dimension's scale: log10 on a log axis, itself on a linear one. */
export function scaled(dim: Extract<SampledDimension, { min: number }>, v: number): number {
  return dim.scale === 'log' ? Math.log10(v) : v;
}

/**
 * Where a value sits on its dimension, 0 (low end) to 1 (high end): numeric values by their place
 * in [min, max] on the dimension's scale (values outside are clamped), a categorical value by its
 * index among the values, evenly spaced (a lone value at 0.5). Null for a value the dimension does
 * not have (absent, not a number on a numeric axis, not one of the categories).
 */
export function axisFraction(dim: SampledDimension, v: CategoricalValue | undefined): number | null {
  if (v === undefined) return null;
  if (dim.scale === 'categorical') {
    const i = dim.values.indexOf(v);
    if (i < 0) return null;
    return dim.values.length === 1 ? 0.5 : i / (dim.values.length - 1);
  }
  if (typeof v !== 'number' || !Number.isFinite(v) || (dim.scale === 'log' && v <= 0)) return null;
  const lo = scaled(dim, dim.min);
  const hi = scaled(dim, dim.max);
  return hi > lo ? Math.min(1, Math.max(0, (scaled(dim, v) - lo) / (hi - lo))) : 0.5;
}
