// A fair optimizer race (StudySpec `refine: "per-optimizer"`): every optimizer gets the same share
// of each stage's trials and its own learning-rate search. Stage 1 splits the study's space into one
// space per optimizer (the optimizer fixed, other optimizers' knobs dropped); each later stage
// narrows each optimizer's space around that optimizer's own best keepTop trials (refineSpace's
// rule), so a fast optimizer's good rates never pull a slow one's range towards them.
//
// Sampling: trial i of a stage goes to optimizer i mod k (the k optimizers in OPTIMIZERS order),
// and each optimizer draws its trials in order from createRng(seed, 'stage', stage, optimizer):
// pure, and one optimizer's draws do not depend on the others'. All trials keep the study seed
// (same initial weights, same batches), so only optimizer and rate differ between them.
import type { CategoricalValue, Distribution, OptimizerName, SearchSpace, TrialConfig, TrialRecord } from '../types/index.js';
import { COMMON_DIMENSIONS, OPTIMIZER_KNOBS, OPTIMIZERS } from '../types/index.js';
import { knobApplies, MODEL_DEFAULTS, sampledOptimizers, type ModelDefaults } from './defaults.js';
import { refineSpace } from './refine.js';
import { createRng } from './rng.js';
import { sampleTrialConfig } from './sample.js';

export type OptimizerSpaces = Partial<Record<OptimizerName, SearchSpace>>;

/** The optimizers a set of per-optimizer spaces covers, in OPTIMIZERS order. */
export function optimizersOf(spaces: OptimizerSpaces): OptimizerName[] {
  return OPTIMIZERS.filter((o) => spaces[o] !== undefined);
}

/** One space per optimizer the space samples: the optimizer fixed, knobs that do not apply to it dropped. */
export function spacesByOptimizer(space: SearchSpace): OptimizerSpaces {
  const out: OptimizerSpaces = {};
  for (const o of sampledOptimizers(space.optimizer)) {
    const own: SearchSpace = { ...space, optimizer: { type: 'fixed', value: o } };
    for (const knob of OPTIMIZER_KNOBS) if (!knobApplies(knob, o)) delete own[knob];
    out[o] = own;
  }
  return out;
}

function values(d: Distribution): CategoricalValue[] | null {
  return d.type === 'categorical' ? d.values : d.type === 'fixed' ? [d.value] : null;
}

/** The smallest distribution covering both (same numeric type: the enclosing range; else the union of values). */
function hull(a: Distribution, b: Distribution): Distribution {
  if (a.type !== 'categorical' && a.type !== 'fixed' && a.type === b.type) return { type: a.type, min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
  const va = values(a);
  const vb = values(b);
  if (!va || !vb) return a; // a numeric range next to a list cannot happen: refinement keeps each dimension's type
  const all = [...va, ...vb.filter((v) => !va.includes(v))];
  return all.length === 1 ? { type: 'fixed', value: all[0]! } : { type: 'categorical', values: all };
}

/** One space covering every optimizer's (what a stage shows as its `space`). */
export function hullSpace(spaces: OptimizerSpaces): SearchSpace {
  const own = optimizersOf(spaces).map((o) => spaces[o]!);
  const [first, ...rest] = own;
  if (!first) throw new RangeError('hullSpace needs at least one optimizer space');
  const out: Partial<Record<keyof SearchSpace, Distribution>> = {};
  for (const dim of [...COMMON_DIMENSIONS, ...OPTIMIZER_KNOBS]) {
    let d: Distribution | undefined;
    for (const s of [first, ...rest]) {
      const next = s[dim];
      if (next) d = d ? hull(d, next) : next;
    }
    if (d) out[dim] = d;
  }
  return { ...out, optimizer: out.optimizer ?? first.optimizer, learningRate: out.learningRate ?? first.learningRate, batchSize: out.batchSize ?? first.batchSize };
}

/**
 * A stage's configurations: trial i to optimizer slots[i mod slots.length] (default: the spaces'
 * optimizers, so every optimizer gets the same share), each drawn from that optimizer's own space
 * and stream.
 */
export function samplePerOptimizer(
  spaces: OptimizerSpaces,
  count: number,
  seed: number,
  stage: number,
  modelDefaults: ModelDefaults = MODEL_DEFAULTS,
  slots: readonly OptimizerName[] = optimizersOf(spaces),
): TrialConfig[] {
  const usable = slots.filter((o) => spaces[o] !== undefined);
  if (usable.length === 0) throw new RangeError('samplePerOptimizer needs at least one optimizer space');
  const rngs = new Map(usable.map((o) => [o, createRng(seed, 'stage', stage, o)]));
  return Array.from({ length: count }, (_, i) => {
    const o = usable[i % usable.length]!;
    return sampleTrialConfig(spaces[o]!, rngs.get(o)!, modelDefaults);
  });
}

/**
 * `refine: 'conditional'`: the next stage samples only the optimizers of the kept trials, each in
 * its own space narrowed around its own kept trials (refineSpace's rule), so SGD's good rates and
 * Adam's never widen each other's range. `slots` shares the fresh trials out: slot j follows kept
 * trial j (best first), so an optimizer with more of the kept trials gets more of the new ones.
 */
export function refineConditional(spaces: OptimizerSpaces, kept: readonly TrialRecord[]): { spaces: OptimizerSpaces; slots: OptimizerName[] } {
  const out: OptimizerSpaces = {};
  for (const o of optimizersOf(spaces)) {
    const own = kept.filter((t) => t.config.optimizer === o);
    if (own.length > 0) out[o] = refineSpace(spaces[o]!, own.map((t) => t.config));
  }
  const slots = kept.map((t) => t.config.optimizer).filter((o) => out[o] !== undefined);
  return optimizersOf(out).length === 0 ? { spaces, slots: optimizersOf(spaces) } : { spaces: out, slots };
}

/**
 * The next stage's spaces: each optimizer's space narrowed around its own best `keepTop` trials of
 * `ranked` (best first; only trials with a usable result should be passed). An optimizer with no
 * such trial keeps its space as it was.
 */
export function refinePerOptimizer(spaces: OptimizerSpaces, ranked: readonly TrialRecord[], keepTop: number): OptimizerSpaces {
  const out: OptimizerSpaces = {};
  for (const o of optimizersOf(spaces)) {
    const kept = ranked.filter((t) => t.config.optimizer === o).slice(0, Math.max(0, keepTop));
    out[o] = refineSpace(spaces[o]!, kept.map((t) => t.config));
  }
  return out;
}
