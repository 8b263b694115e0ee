// The fair optimizer race (refine: "per-optimizer"): equal shares of every stage per optimizer,
// each optimizer sampling its own space from its own stream and narrowing around its own best.
import { describe, expect, it } from 'vitest';
import type { NumericDistribution, OptimizerName, SearchSpace, StudySpec, TrialConfig, TrialRecord } from '../../types/index.js';
import { hullSpace, optimizersOf, refinePerOptimizer, samplePerOptimizer, spacesByOptimizer } from '../../search/per-optimizer.js';
import { planStage } from '../../search/plan-stage.js';
import { validateStudySpec } from '../../search/spec-schema.js';
import { tinyStudySpec, trialRecord } from '../helpers/specs.js';

const space: SearchSpace = {
  optimizer: { type: 'categorical', values: ['sgd', 'momentum', 'rmsprop', 'adam'] },
  learningRate: { type: 'log-uniform', min: 1e-5, max: 1e-1 },
  batchSize: { type: 'fixed', value: 64 },
  momentum: { type: 'uniform', min: 0.5, max: 0.99 },
  beta1: { type: 'uniform', min: 0.8, max: 0.95 },
};

const lr = (s: SearchSpace | undefined) => s!.learningRate as NumericDistribution;

const trial = (id: string, config: Partial<TrialConfig> & { optimizer: OptimizerName }, bestMetric: number): TrialRecord =>
  trialRecord({ id, studyId: 'x', seed: 1, config: { learningRate: 0.01, batchSize: 64, l2: 0, dropout: 0, ...config }, epochs: 2, epochsDone: 2, bestEpoch: 2, bestMetric, backend: null, host: null, createdAt: '' });

describe('spacesByOptimizer', () => {
  it('gives each sampled optimizer its own space, optimizer fixed, other optimizers’ knobs dropped', () => {
    const spaces = spacesByOptimizer(space);
    expect(optimizersOf(spaces)).toEqual(['sgd', 'momentum', 'rmsprop', 'adam']);
    expect(spaces.sgd).toEqual({ optimizer: { type: 'fixed', value: 'sgd' }, learningRate: space.learningRate, batchSize: space.batchSize });
    expect(spaces.momentum!.momentum).toEqual(space.momentum);
    expect(spaces.momentum!.beta1).toBeUndefined();
    expect(spaces.rmsprop!.momentum).toEqual(space.momentum); // rmsprop's heavy-ball momentum
    expect(spaces.adam!.beta1).toEqual(space.beta1);
    expect(spaces.adam!.momentum).toBeUndefined();
  });
});

describe('samplePerOptimizer', () => {
  const spaces = spacesByOptimizer(space);

  it('deals the trials out evenly, in OPTIMIZERS order', () => {
    const configs = samplePerOptimizer(spaces, 10, 42, 0);
    expect(configs.map((c) => c.optimizer)).toEqual(['sgd', 'momentum', 'rmsprop', 'adam', 'sgd', 'momentum', 'rmsprop', 'adam', 'sgd', 'momentum']);
  });

  it('is pure, and one optimizer’s draws do not depend on the others', () => {
    const all = samplePerOptimizer(spaces, 8, 42, 1);
    expect(samplePerOptimizer(spaces, 8, 42, 1)).toEqual(all);
    const adamOnly = samplePerOptimizer({ adam: spaces.adam }, 2, 42, 1);
    expect(adamOnly).toEqual(all.filter((c) => c.optimizer === 'adam'));
    expect(samplePerOptimizer(spaces, 8, 43, 1)).not.toEqual(all);
  });
});

describe('refinePerOptimizer', () => {
  it('narrows each optimizer’s learning rate around its own best trials', () => {
    const spaces = spacesByOptimizer(space);
    const ranked = [
      trial('a', { optimizer: 'adam', learningRate: 3e-4 }, 0.9),
      trial('b', { optimizer: 'sgd', learningRate: 5e-2 }, 0.8),
      trial('c', { optimizer: 'adam', learningRate: 1e-3 }, 0.7),
      trial('d', { optimizer: 'sgd', learningRate: 1e-2 }, 0.6),
    ];
    const next = refinePerOptimizer(spaces, ranked, 1);
    expect(lr(next.adam).min).toBeLessThanOrEqual(3e-4);
    expect(lr(next.adam).max).toBeGreaterThanOrEqual(3e-4);
    expect(lr(next.adam).max).toBeLessThan(5e-2);
    expect(lr(next.sgd).min).toBeGreaterThan(3e-4);
    expect(lr(next.sgd).max).toBeGreaterThanOrEqual(5e-2);
    // no momentum or rmsprop trial was usable: their spaces stay as they were
    expect(next.momentum).toEqual(spaces.momentum);
    expect(next.rmsprop).toEqual(spaces.rmsprop);
  });

  it('shows one space covering them all', () => {
    const spaces = refinePerOptimizer(spacesByOptimizer(space), [trial('a', { optimizer: 'adam', learningRate: 3e-4 }, 0.9), trial('b', { optimizer: 'sgd', learningRate: 5e-2 }, 0.8)], 1);
    const h = hullSpace(spaces);
    expect(h.optimizer).toEqual({ type: 'categorical', values: ['sgd', 'momentum', 'rmsprop', 'adam'] });
    expect(lr(h)).toEqual(space.learningRate); // momentum and rmsprop still span the whole range
    expect(h.beta1).toEqual(space.beta1);
  });
});

describe('a study with refine "per-optimizer"', () => {
  const validated = validateStudySpec(tinyStudySpec({ refine: 'per-optimizer', stages: [{ trials: 8, epochs: 1 }, { trials: 4, epochs: 1, keepTop: 1 }] }));
  const spec = (validated.ok ? validated.spec : null) as StudySpec;

  it('validates, and needs at least one trial per optimizer in every stage', () => {
    expect(validated.ok).toBe(true);
    expect(spec.refine).toBe('per-optimizer');
    const few = validateStudySpec(tinyStudySpec({ refine: 'per-optimizer', stages: [{ trials: 3, epochs: 1 }] }));
    expect(few.ok ? [] : few.issues).toContainEqual({ path: 'stages[0].trials', message: expect.stringContaining('stages[0].trials must be ≥ 4 under refine "per-optimizer"') });
    const bad = validateStudySpec(tinyStudySpec({ refine: 'per-trial' }));
    expect(bad.ok ? [] : bad.issues.map((i) => i.path)).toEqual(['refine']);
  });

  it('plans stage 1 with an equal share per optimizer and records each optimizer’s space', () => {
    const { stage, trials } = planStage('abc', spec, 0, spec.space, 'now');
    const counts = new Map<string, number>();
    for (const t of trials) counts.set(t.config.optimizer, (counts.get(t.config.optimizer) ?? 0) + 1);
    expect([...counts.values()]).toEqual([2, 2, 2, 2]);
    expect(stage.space).toEqual(spec.space);
    expect(optimizersOf(stage.spaces!)).toEqual(['sgd', 'momentum', 'rmsprop', 'adam']);
    expect(new Set(trials.map((t) => t.seed))).toEqual(new Set([spec.seed]));
  });

  it('leaves a global study’s stages as they were', () => {
    const global = validateStudySpec(tinyStudySpec());
    expect(global.ok && global.spec.refine).toBeUndefined();
    const { stage } = planStage('abc', (global as { spec: StudySpec }).spec, 0, space, 'now');
    expect(stage.spaces).toBeUndefined();
  });
});
