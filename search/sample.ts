// Seeded random sampling of trial configurations: the "random" in random search. Every draw
// comes from an Rng passed in, so a stage's configurations are a pure function of
// (space, count, seed, stage) and replay identically on any machine.
//
// Conditional sampling: the optimizer is drawn first, then only the knobs that apply to it
// (OPTIMIZER_KNOB_DEFAULTS); a knob the space has no dimension for takes its default.
import type { CategoricalValue, Distribution, NumericDistribution, OptimizerName, SearchSpace, TrialConfig } from '../types/index.js';
import { OPTIMIZER_KNOBS, OPTIMIZERS } from '../types/index.js';
import { MODEL_DEFAULTS, OPTIMIZER_KNOB_DEFAULTS } from './defaults.js';
import type { KnobValues, ModelDefaults } from './defaults.js';
import { createRng, randomInt } from './rng.js';
import type { Rng } from './rng.js';

const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, v));

/**
 * One draw from a distribution (one `rng.next()` for every type but `fixed`, which draws nothing):
 * - log-uniform: `10^uniform(log10 min, log10 max)` — uniform in the exponent;
 * - uniform: `min + u·(max − min)`;
 * - int: a uniform integer in [min, max], both ends included;
 * - log-int: `round(exp(uniform(ln min, ln max)))`, clamped to [min, max];
 * - categorical: a uniform pick among `values`;
 * - fixed: `value`.
 */
export function sampleValue(dist: NumericDistribution, rng: Rng): number;
export function sampleValue(dist: Distribution, rng: Rng): CategoricalValue;
export function sampleValue(dist: Distribution, rng: Rng): CategoricalValue {
  switch (dist.type) {
    case 'log-uniform': {
      const lo = Math.log10(dist.min);
      const hi = Math.log10(dist.max);
      // Clamped because 10^log10(x) can miss x by an ulp.
      return clamp(10 ** (lo + rng.next() * (hi - lo)), dist.min, dist.max);
    }
    case 'uniform':
      return clamp(dist.min + rng.next() * (dist.max - dist.min), dist.min, dist.max);
    case 'int':
      return dist.min + randomInt(rng, dist.max - dist.min + 1);
    case 'log-int': {
      const lo = Math.log(dist.min);
      const hi = Math.log(dist.max);
      return clamp(Math.round(Math.exp(lo + rng.next() * (hi - lo))), dist.min, dist.max);
    }
    case 'categorical': {
      const v = dist.values[randomInt(rng, dist.values.length)];
      if (v === undefined) throw new RangeError('a categorical distribution needs at least one value');
      return v;
    }
    case 'fixed':
      return dist.value;
    default: {
      const never: never = dist;
      throw new TypeError(`unknown distribution ${JSON.stringify(never)}`);
    }
  }
}

function sampleNumber(name: string, dist: Distribution, rng: Rng): number {
  const v = sampleValue(dist, rng);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`space.${name} produced ${JSON.stringify(v)}, not a finite number`);
  return v;
}

function sampleOptimizer(dist: Distribution, rng: Rng): OptimizerName {
  const v = sampleValue(dist, rng);
  const name = OPTIMIZERS.find((o) => o === v);
  if (!name) throw new TypeError(`space.optimizer produced ${JSON.stringify(v)}, not one of ${OPTIMIZERS.join(', ')}`);
  return name;
}

/**
 * One trial configuration. Draw order (part of the reproducibility contract): optimizer,
 * learningRate, batchSize, l2, dropout, then the optimizer's knobs in OPTIMIZER_KNOBS order.
 * `l2` and `dropout` fall back to `modelDefaults` (a study's `model` section) when the space has
 * no dimension for them.
 */
export function sampleTrialConfig(space: SearchSpace, rng: Rng, modelDefaults: ModelDefaults = MODEL_DEFAULTS): TrialConfig {
  const optimizer = sampleOptimizer(space.optimizer, rng);
  const learningRate = sampleNumber('learningRate', space.learningRate, rng);
  const batchSize = sampleNumber('batchSize', space.batchSize, rng);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new TypeError(`space.batchSize produced ${batchSize}, not a positive integer`);
  const l2 = space.l2 ? sampleNumber('l2', space.l2, rng) : modelDefaults.l2;
  const dropout = space.dropout ? sampleNumber('dropout', space.dropout, rng) : modelDefaults.dropout;

  const knobs: KnobValues = {};
  const defaults = OPTIMIZER_KNOB_DEFAULTS[optimizer];
  for (const knob of OPTIMIZER_KNOBS) {
    const fallback = defaults[knob];
    if (fallback === undefined) continue; // the knob does not apply to this optimizer
    const dist = space[knob];
    if (knob === 'nesterov') {
      const v = dist ? sampleValue(dist, rng) : fallback;
      if (typeof v !== 'boolean') throw new TypeError(`space.nesterov produced ${JSON.stringify(v)}, not true or false`);
      knobs.nesterov = v;
    } else {
      knobs[knob] = dist ? sampleNumber(knob, dist, rng) : (fallback as number);
    }
  }
  return { optimizer, learningRate, batchSize, l2, dropout, ...knobs };
}

/**
 * The `count` configurations of one stage, drawn in order from `createRng(seed, 'stage', stage)`:
 * the same (space, count, seed, stage) gives the same configurations on any machine, and the
 * first k of them do not depend on `count`.
 */
export function sampleStageConfigs(
  space: SearchSpace,
  count: number,
  seed: number,
  stage: number,
  modelDefaults: ModelDefaults = MODEL_DEFAULTS,
): TrialConfig[] {
  const rng = createRng(seed, 'stage', stage);
  return Array.from({ length: count }, () => sampleTrialConfig(space, rng, modelDefaults));
}
