// Coarse-to-fine: after a stage, the next stage's search space is narrowed around the trials that
// did best. This module is that rule, as a pure function of the previous space and the configs kept.
//
// The rule, per dimension of the previous space:
// - Numeric (log-uniform, uniform, int, log-int): take the kept trials' values, in log10 for the
//   log types. With lo…hi the previous range and kmin…kmax the kept values' range,
//     pad   = max(0.5 × (kmax − kmin), 0.1 × (hi − lo))
//     range = [kmin − pad, kmax + pad] ∩ [lo, hi]
//   so the new range always contains every kept value and lies inside the previous one (ranges
//   stay nested), and it never shrinks to a point: one kept value still leaves a tenth of the old
//   width on each side. Bounds are rounded outward to 3 significant digits (int and log-int to
//   whole numbers), then clamped to the previous range again. The type stays the same.
// - Categorical: exactly the values the kept trials used, in the original order (possibly one).
// - Fixed: unchanged.
// - A dimension no kept trial has a value for (e.g. beta1 when no Adam trial was kept) is left
//   unchanged — unless it is an optimizer knob whose optimizers the refined `optimizer` dimension
//   no longer samples: then it is dropped.
// - Kept values outside the previous range (they cannot have come from it) are ignored.
import type { CategoricalValue, DimensionName, Distribution, OptimizerKnob, SearchSpace, TrialConfig } from '../types/index.js';
import { COMMON_DIMENSIONS, OPTIMIZER_KNOBS } from '../types/index.js';
import { optimizersFor, sampledOptimizers } from './defaults.js';
import type { ModelDefaults } from './defaults.js';

/** Every dimension name in a fixed order: common dimensions, then optimizer knobs. */
const DIMENSIONS: readonly DimensionName[] = [...COMMON_DIMENSIONS, ...OPTIMIZER_KNOBS];

/** `v` rounded to 3 significant digits towards −∞ (`down`) or +∞ (`up`); `v` itself if that fails. */
function roundOutward(v: number, direction: 'down' | 'up'): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  // Already 3 significant digits but for float noise (0.9209999999999999): take the clean number.
  const near = Number(v.toPrecision(3));
  if (Math.abs(near - v) <= Math.abs(v) * 1e-12) return near;
  const step = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 2);
  const r = Number(((direction === 'down' ? Math.floor(v / step) : Math.ceil(v / step)) * step).toPrecision(3));
  return direction === 'down' ? (r <= v ? r : v) : r >= v ? r : v;
}

/** The narrowed interval in transformed units (log10 for log types): [kmin − pad, kmax + pad] ∩ [lo, hi]. */
export function narrowInterval(lo: number, hi: number, kmin: number, kmax: number): [number, number] {
  const pad = Math.max(0.5 * (kmax - kmin), 0.1 * (hi - lo));
  return [Math.max(lo, kmin - pad), Math.min(hi, kmax + pad)];
}

/** One dimension refined around the values the kept trials used (see the rule above). */
export function refineDistribution(dist: Distribution, keptValues: readonly CategoricalValue[]): Distribution {
  switch (dist.type) {
    case 'log-uniform':
    case 'uniform':
    case 'int':
    case 'log-int': {
      const nums = keptValues.filter((v): v is number => typeof v === 'number' && v >= dist.min && v <= dist.max);
      if (nums.length === 0) return dist;
      const log = dist.type === 'log-uniform' || dist.type === 'log-int';
      const to = (v: number) => (log ? Math.log10(v) : v);
      const from = (v: number) => (log ? 10 ** v : v);
      const kmin = Math.min(...nums);
      const kmax = Math.max(...nums);
      const [a, b] = narrowInterval(to(dist.min), to(dist.max), to(kmin), to(kmax));
      const integer = dist.type === 'int' || dist.type === 'log-int';
      const lower = integer ? Math.floor(from(a)) : roundOutward(from(a), 'down');
      const upper = integer ? Math.ceil(from(b)) : roundOutward(from(b), 'up');
      // Clamp twice over: inside the previous range, around every kept value.
      return { type: dist.type, min: Math.max(dist.min, Math.min(lower, kmin)), max: Math.min(dist.max, Math.max(upper, kmax)) };
    }
    case 'categorical': {
      const used = dist.values.filter((v) => keptValues.includes(v));
      return used.length === 0 ? dist : { type: 'categorical', values: used };
    }
    case 'fixed':
      return dist;
    default: {
      const never: never = dist;
      throw new TypeError(`unknown distribution ${JSON.stringify(never)}`);
    }
  }
}

/**
 * The next stage's space: `space` narrowed around `kept`, the configurations of the previous
 * stage's best trials. With nothing kept, the space is returned unchanged.
 * `_modelDefaults` is accepted for call sites that pass the study's model section; refinement only
 * looks at dimensions the space has, so it needs no defaults.
 */
export function refineSpace(space: SearchSpace, kept: readonly TrialConfig[], _modelDefaults?: ModelDefaults): SearchSpace {
  const next: Partial<Record<DimensionName, Distribution>> = {};
  for (const dim of DIMENSIONS) {
    const dist = space[dim];
    if (!dist) continue;
    const values: CategoricalValue[] = [];
    for (const c of kept) {
      const v = c[dim];
      if (v !== undefined) values.push(v);
    }
    next[dim] = refineDistribution(dist, values);
  }
  const optimizer = next.optimizer ?? space.optimizer;
  const sampled = sampledOptimizers(optimizer);
  for (const knob of OPTIMIZER_KNOBS) {
    if (next[knob] && !optimizersFor(knob).some((o) => sampled.includes(o))) delete next[knob];
  }
  return { ...next, optimizer, learningRate: next.learningRate ?? space.learningRate, batchSize: next.batchSize ?? space.batchSize };
}

// ---------------------------------------------------------------------------------------------
// In words, for the README and the dashboard
// ---------------------------------------------------------------------------------------------

/** 1e-6, 2.14e-4, 0.0316, 0.9, 128. */
export function formatBound(v: number): string {
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return Number(v.toPrecision(3)).toExponential();
  return String(Number(v.toPrecision(4)));
}

/** A distribution in a few words: `log-uniform 1e-6 … 0.1 (5 decades)`, `categorical {sgd, adam}`. */
export function formatDistribution(dist: Distribution): string {
  switch (dist.type) {
    case 'log-uniform':
    case 'log-int': {
      const decades = Number(Math.log10(dist.max / dist.min).toPrecision(3));
      return `${dist.type} ${formatBound(dist.min)} … ${formatBound(dist.max)} (${decades} decade${decades === 1 ? '' : 's'})`;
    }
    case 'uniform':
    case 'int':
      return `${dist.type} ${formatBound(dist.min)} … ${formatBound(dist.max)}`;
    case 'categorical':
      return `categorical {${dist.values.map(String).join(', ')}}`;
    case 'fixed':
      return `fixed ${String(dist.value)}`;
    default: {
      const never: never = dist;
      return JSON.stringify(never);
    }
  }
}

const sameDistribution = (a: Distribution, b: Distribution) => JSON.stringify(a) === JSON.stringify(b);

/**
 * One line per dimension saying what a refinement did, e.g.
 * `learningRate: log-uniform 1e-6 … 0.1 (5 decades) → log-uniform 2.14e-4 … 0.0316 (2.17 decades)`.
 */
export function describeRefinement(before: SearchSpace, after: SearchSpace): string[] {
  const lines: string[] = [];
  for (const dim of DIMENSIONS) {
    const a = before[dim];
    const b = after[dim];
    if (!a && !b) continue;
    if (a && !b) {
      const knob = OPTIMIZER_KNOBS.find((k): k is OptimizerKnob => k === dim);
      const owners = knob ? optimizersFor(knob) : [];
      lines.push(owners.length > 0 ? `${dim}: dropped (only ${owners.join(' and ')} use${owners.length === 1 ? 's' : ''} it, and no kept trial did)` : `${dim}: dropped`);
    } else if (!a && b) lines.push(`${dim}: added, ${formatDistribution(b)}`);
    else if (a && b) lines.push(sameDistribution(a, b) ? `${dim}: unchanged, ${formatDistribution(a)}` : `${dim}: ${formatDistribution(a)} → ${formatDistribution(b)}`);
  }
  return lines;
}
