// The optimizer race's verdict (search/comparison.ts) on hand-written trial records.
import { describe, expect, it } from 'vitest';
import type { OptimizerName, StudySpec, TrialRecord } from '../../types/index.js';
import { compareOptimizers } from '../../search/comparison.js';
import { validateStudySpec } from '../../search/spec-schema.js';
import { tinyStudySpec, trialRecord } from '../helpers/specs.js';

const race = (() => {
  const r = validateStudySpec(tinyStudySpec({ repeats: 5, refine: 'per-optimizer', stages: [{ trials: 4, epochs: 2 }, { trials: 4, epochs: 2, confirm: true }] }));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.spec;
})();

/** The runs of one configuration of stage 1, repeat k with value values[k]. */
function runs(spec: StudySpec, config: number, optimizer: OptimizerName, values: Array<number | null>): TrialRecord[] {
  return values.map((v, k) =>
    trialRecord({
      id: `s1-t${String(config * values.length + k).padStart(2, '0')}`, stage: 1, index: config * values.length + k, configId: `s1-c0${config}`, repeat: k, seed: 100 + k,
      config: { optimizer, learningRate: 0.01, batchSize: 32, l2: 0, dropout: 0 },
      bestMetric: v, status: v === null ? 'diverged' : 'completed',
    }),
  ).map((t) => ({ ...t, studyId: spec.name }));
}

describe('compareOptimizers', () => {
  it('says which optimizer is better, in words and numbers, when the paired interval excludes 0', () => {
    const trials = [...runs(race, 0, 'momentum', [0.978, 0.977, 0.979, 0.978, 0.978]), ...runs(race, 1, 'adam', [0.981, 0.979, 0.983, 0.98, 0.982])];
    const c = compareOptimizers({ spec: race }, trials);
    expect(c).toMatchObject({ stage: 1, confirm: true, repeats: 5 });
    expect(c.optimizers.map((o) => o.optimizer)).toEqual(['adam', 'momentum']);
    expect(c.optimizers[0]!.seeds).toEqual([100, 101, 102, 103, 104]);
    expect(c.pairs).toHaveLength(1);
    expect(c.pairs[0]!.better).toBe('adam');
    expect(c.pairs[0]!.verdict).toBe('adam 0.981 ± 0.002 vs momentum 0.978 ± 0.001 over 5 paired seeds: adam better in 5 of 5, paired difference 0.003 (95 % CI 0.002 … 0.004)');
  });

  it('says "no clear difference" when the interval straddles 0', () => {
    const trials = [...runs(race, 0, 'sgd', [0.97, 0.98, 0.96, 0.99, 0.97]), ...runs(race, 1, 'rmsprop', [0.98, 0.97, 0.97, 0.98, 0.98])];
    const pair = compareOptimizers({ spec: race }, trials).pairs[0]!;
    expect(pair.better).toBeNull();
    expect(pair.verdict).toMatch(/^rmsprop 0\.976 ± 0\.007 vs sgd 0\.974 ± 0\.014 over 5 paired seeds: no clear difference \(rmsprop better in 3 of 5, paired difference 0\.002 \(95 % CI −0\.0\d\d … 0\.0\d\d\)\)$/);
  });

  it('gives no verdict on one seed, and counts a configuration with a diverged repeat out', () => {
    const one = validateStudySpec(tinyStudySpec());
    if (!one.ok) throw new Error('spec');
    const single = [trialRecord({ id: 's1-t00', stage: 1, bestMetric: 0.9 }), trialRecord({ id: 's1-t01', stage: 1, index: 1, bestMetric: 0.8, config: { optimizer: 'adam', learningRate: 0.01, batchSize: 32, l2: 0, dropout: 0 } })];
    const c = compareOptimizers({ spec: one.spec }, single);
    expect(c.pairs[0]!.verdict).toBe('sgd 0.900 vs adam 0.800 on 1 seed: one seed has no spread to measure, so no verdict (set repeats ≥ 2)');
    const broken = [...runs(race, 0, 'sgd', [0.97, null, 0.96, 0.99, 0.97]), ...runs(race, 1, 'adam', [0.98, 0.97, 0.97, 0.98, 0.98])];
    expect(compareOptimizers({ spec: race }, broken).optimizers.map((o) => o.optimizer)).toEqual(['adam']);
  });
});
