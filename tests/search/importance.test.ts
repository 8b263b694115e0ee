// Hyperparameter importance on constructed trials whose objective is a known function of their
// configuration: a dimension that decides the objective gets about all of it, a noise dimension
// about none, categorical and log dimensions are read on their own scales, and too few trials give
// a sentence instead of numbers.
import { describe, expect, it } from 'vitest';
import type { ObjectiveSpec, OptimizerName, SearchSpace, TrialConfig } from '../../types/index.js';
import { MIN_IMPORTANCE_TRIALS, hyperparameterImportance } from '../../search/importance.js';
import { decomposeTree } from '../../search/fanova.js';
import { growTree, predict, type Feature, type TreeNode } from '../../search/regression-tree.js';
import { axisFraction, sampledDimensions } from '../../search/search-dimensions.js';
import { createRng, type Rng } from '../../search/rng.js';
import { trialRecord } from '../helpers/specs.js';

const objective: ObjectiveSpec = { metric: 'val_acc', mode: 'max' };
const OPTS: OptimizerName[] = ['sgd', 'momentum', 'rmsprop', 'adam'];
const space: SearchSpace = {
  optimizer: { type: 'categorical', values: OPTS },
  learningRate: { type: 'log-uniform', min: 1e-5, max: 1e-1 },
  batchSize: { type: 'categorical', values: [32, 64, 128] },
  dropout: { type: 'uniform', min: 0, max: 0.5 },
};

/** `n` trials of stage 0 sampled uniformly from `space` (log-uniform learning rate), scored by `score`. */
function trials(n: number, score: (c: TrialConfig, rng: Rng) => number, seed = 1) {
  const rng = createRng(seed, 'test');
  return Array.from({ length: n }, (_, i) => {
    const config: TrialConfig = {
      optimizer: OPTS[Math.floor(rng.next() * 4)]!,
      learningRate: 10 ** (-5 + 4 * rng.next()),
      batchSize: [32, 64, 128][Math.floor(rng.next() * 3)]!,
      l2: 0,
      dropout: 0.5 * rng.next(),
    };
    return trialRecord({ id: `s0-t${String(i).padStart(2, '0')}`, index: i, config, bestMetric: score(config, rng) });
  });
}

const importanceOf = (r: ReturnType<typeof hyperparameterImportance>, name: string) => r.importances.find((d) => d.dimension === name)?.importance ?? NaN;
const run = (ts: ReturnType<typeof trials>) => hyperparameterImportance({ trials: ts, space, stage: 0, objective, seed: 42 });

describe('hyperparameter importance (fANOVA on a random forest)', () => {
  it('gives a dimension that decides the objective almost all the importance, and noise dimensions almost none', () => {
    const r = run(trials(60, (c) => Math.log10(c.learningRate)));
    expect(r.status).toBe('computed');
    expect(importanceOf(r, 'learningRate')).toBeGreaterThan(0.95);
    for (const noise of ['optimizer', 'batchSize', 'dropout']) expect(importanceOf(r, noise)).toBeLessThan(0.03);
    expect(r.importances[0]!.dimension).toBe('learningRate');
    expect(r.summary).toMatch(/^learning rate explains (9\d|100)% of the variance of val_acc across the 60 finished trials of stage 1; /);
  });

  it('handles a categorical dimension that decides the objective', () => {
    const byOptimizer: Record<OptimizerName, number> = { sgd: 0.5, momentum: 0.7, rmsprop: 0.6, adam: 0.9 };
    const r = run(trials(60, (c) => byOptimizer[c.optimizer]));
    expect(importanceOf(r, 'optimizer')).toBeGreaterThan(0.95);
    expect(importanceOf(r, 'learningRate')).toBeLessThan(0.03);
    expect(r.importances.find((d) => d.dimension === 'optimizer')?.scale).toBe('categorical');
  });

  it('reads a log dimension in log10: a decade of learning rate weighs as much as the same spread of a linear one', () => {
    // log10(lr) spans 4 decades and 8·dropout spans 4 units: equal variances, so half each.
    const r = run(trials(200, (c) => Math.log10(c.learningRate) + 8 * c.dropout));
    expect(importanceOf(r, 'learningRate')).toBeGreaterThan(0.35);
    expect(importanceOf(r, 'learningRate')).toBeLessThan(0.65);
    expect(importanceOf(r, 'dropout')).toBeGreaterThan(0.35);
    expect(r.importances.find((d) => d.dimension === 'learningRate')?.scale).toBe('log');
  });

  it('splits an additive objective by each part’s variance, and leaves little to interactions', () => {
    // 2·log10(lr)/4 is uniform over a width of 2 (variance 4/12), dropout/0.5 over a width of 1 (1/12): 4 to 1.
    const r = run(trials(300, (c) => 2 * (Math.log10(c.learningRate) / 4) + (c.dropout / 0.5)));
    expect(importanceOf(r, 'learningRate')).toBeCloseTo(0.8, 1);
    expect(importanceOf(r, 'dropout')).toBeCloseTo(0.2, 1);
    expect(r.interactions!).toBeLessThan(0.1);
  });

  it('is deterministic: the same trials and seed give the same numbers', () => {
    const ts = trials(30, (c, rng) => Math.log10(c.learningRate) + rng.next());
    expect(run(ts)).toEqual(run(ts));
  });

  it('says there are too few trials, with no numbers, below the minimum', () => {
    const r = run(trials(MIN_IMPORTANCE_TRIALS - 1, (c) => c.dropout));
    expect(r.status).toBe('too-few-trials');
    expect(r.importances).toEqual([]);
    expect(r.summary).toBe('Only 7 trials of stage 1 finished with a finite val_acc; importance needs at least 8 to say anything.');
  });

  it('counts only finished trials of the stage with a finite objective', () => {
    const ts = trials(12, (c) => c.dropout);
    ts[0] = { ...ts[0]!, status: 'running' };
    ts[1] = { ...ts[1]!, status: 'diverged', bestMetric: null };
    ts[2] = { ...ts[2]!, stage: 1 };
    expect(run(ts).trials).toBe(9);
  });

  it('says so when every trial has the same objective', () => {
    const r = run(trials(10, () => 0.5));
    expect(r.status).toBe('no-variance');
    expect(r.summary).toMatch(/same val_acc \(0\.5\)/);
  });

  it('leaves out a knob only some trials have, and says why', () => {
    const ts = trials(12, (c) => c.dropout).map((t) => (t.config.optimizer === 'momentum' ? t : { ...t, config: { ...t.config, optimizer: 'sgd' as const } }));
    const withKnob = ts.map((t) => (t.config.optimizer === 'momentum' ? { ...t, config: { ...t.config, momentum: 0.9 } } : t));
    const r = hyperparameterImportance({ trials: withKnob, space: { ...space, momentum: { type: 'uniform', min: 0.5, max: 0.99 } }, stage: 0, objective, seed: 1 });
    expect(r.skipped).toEqual([{ dimension: 'momentum', reason: expect.stringMatching(/of the 12 trials have no momentum \(it applies to momentum and rmsprop only\); left out$/) }]);
  });
});

describe('the variance decomposition of one tree', () => {
  it('matches the variance of a tree with a known split: all of it on the split feature', () => {
    const features: Feature[] = [{ kind: 'numeric', lo: 0, hi: 1 }, { kind: 'categorical', count: 2 }];
    // y = 1 when x0 > 0.5 else 0; the tree splits x0 at 0.5: mean 0.5, variance 0.25, all main effect.
    const x = [[0.1, 0], [0.3, 1], [0.7, 0], [0.9, 1]];
    const tree = growTree(x, [0, 0, 1, 1], features, [0, 1, 2, 3], { trees: 1, maxDepth: 8, minSamplesLeaf: 1 });
    expect(predict(tree, [0.2, 1])).toBe(0);
    const d = decomposeTree(tree, features);
    expect(d.mean).toBeCloseTo(0.5);
    expect(d.variance).toBeCloseTo(0.25);
    expect(d.mainEffects[0]).toBeCloseTo(0.25);
    expect(d.mainEffects[1]).toBeCloseTo(0);
  });

  it('puts an exclusive-or of two features wholly into their interaction', () => {
    const features: Feature[] = [{ kind: 'categorical', count: 2 }, { kind: 'categorical', count: 2 }];
    const leaf = (value: number): TreeNode => ({ kind: 'leaf', value });
    const on = (feature: number, left: TreeNode, right: TreeNode): TreeNode => ({ kind: 'categorical-split', feature, goesLeft: [true, false], left, right });
    const xor = on(0, on(1, leaf(0), leaf(1)), on(1, leaf(1), leaf(0)));
    const d = decomposeTree(xor, features);
    expect(d.variance).toBeCloseTo(0.25);
    expect(d.mainEffects).toEqual([0, 0]);
  });
});

describe('the sampled dimensions and where a value sits on its axis', () => {
  it('lists only what a space samples, with the scale each is read on', () => {
    const dims = sampledDimensions([{ ...space, l2: { type: 'fixed', value: 0 } }, { ...space, learningRate: { type: 'log-uniform', min: 1e-6, max: 1e-3 } }]);
    expect(dims.map((d) => `${d.name}:${d.scale}`)).toEqual(['optimizer:categorical', 'learningRate:log', 'batchSize:categorical', 'dropout:linear']);
    expect(dims[1]).toMatchObject({ min: 1e-6, max: 1e-1 });
  });

  it('places log values by their exponent and categories evenly', () => {
    const [opt, lr] = sampledDimensions([space]);
    expect(axisFraction(lr!, 1e-3)).toBeCloseTo(0.5);
    expect(axisFraction(opt!, 'rmsprop')).toBeCloseTo(2 / 3);
    expect(axisFraction(opt!, undefined)).toBeNull();
  });
});
