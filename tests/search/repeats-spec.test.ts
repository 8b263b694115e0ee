// The StudySpec's repeats, objective.aggregate and confirm stage (issue 15): defaults, limits, the
// rules that tie them to the stages, and what a stage with repeats plans.
import { describe, expect, it } from 'vitest';
import { validateStudySpec } from '../../search/spec-schema.js';
import { planNextStage, startStudy } from '../../search/study-lifecycle.js';
import { studyCost } from '../../search/study-cost.js';
import { rankConfigurations } from '../../search/rank.js';
import { tinyStudySpec, trialRecord } from '../helpers/specs.js';

const issuesOf = (overrides: Record<string, unknown>) => {
  const r = validateStudySpec(tinyStudySpec(overrides));
  return r.ok ? [] : r.issues;
};
const specOf = (overrides: Record<string, unknown>) => {
  const r = validateStudySpec(tinyStudySpec(overrides));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.spec;
};
const CONFIRM_RACE = { repeats: 3, refine: 'per-optimizer', stages: [{ trials: 8, epochs: 2 }, { trials: 4, epochs: 3, confirm: true }] };

describe('repeats, aggregate and confirm in the StudySpec', () => {
  it('leaves repeats and aggregate absent by default (one seed, the mean) and keeps them when given', () => {
    const plain = specOf({});
    expect(plain.repeats).toBeUndefined();
    expect(plain.objective.aggregate).toBeUndefined();
    const given = specOf({ repeats: 3, objective: { metric: 'val_acc', aggregate: 'median' } });
    expect(given.repeats).toBe(3);
    expect(given.objective).toEqual({ metric: 'val_acc', mode: 'max', aggregate: 'median' });
  });

  it('names the field and the rule for repeats out of range, a bad aggregate and too many runs', () => {
    expect(issuesOf({ repeats: 11 })).toEqual([expect.objectContaining({ path: 'repeats', message: expect.stringMatching(/repeats must be .*10/) })]);
    expect(issuesOf({ repeats: 1.5 })[0]?.path).toBe('repeats');
    expect(issuesOf({ objective: { aggregate: 'mode' } })[0]?.path).toBe('objective.aggregate');
    expect(issuesOf({ repeats: 10, stages: [{ trials: 101, epochs: 1 }] })).toEqual([expect.objectContaining({ path: 'repeats', message: expect.stringContaining('101 configurations × 10 repeats = 1010 runs') })]);
  });

  it('allows confirm only on the last stage, not the first, without promote, with trials = keepTop × optimizers', () => {
    expect(issuesOf({ stages: [{ trials: 4, epochs: 1, confirm: true }] })[0]?.path).toBe('stages[0].confirm');
    expect(issuesOf({ stages: [{ trials: 4, epochs: 1 }, { trials: 2, epochs: 1, confirm: true }, { trials: 2, epochs: 1 }] })[0]?.path).toBe('stages[1].confirm');
    expect(issuesOf({ stages: [{ trials: 4, epochs: 1 }, { trials: 2, epochs: 1, confirm: true, promote: true }] })[0]?.path).toBe('stages[1].promote');
    expect(issuesOf({ ...CONFIRM_RACE, stages: [{ trials: 8, epochs: 2 }, { trials: 6, epochs: 3, confirm: true }] })).toEqual([
      expect.objectContaining({ path: 'stages[1].trials', message: expect.stringContaining('must be 4 (keepTop 1 of each of sgd, momentum, rmsprop and adam)') }),
    ]);
    expect(specOf(CONFIRM_RACE).stages[1]).toEqual({ trials: 4, epochs: 3, keepTop: 1, confirm: true });
  });

  it('plans a configuration per slot with a run per repeat, and counts runs in the cost', () => {
    const spec = specOf(CONFIRM_RACE);
    const { trials } = startStudy('study', spec, 'now');
    expect(trials.map((t) => t.id).slice(0, 4)).toEqual(['s0-t00', 's0-t01', 's0-t02', 's0-t03']);
    expect(trials.slice(0, 4).map((t) => [t.configId, t.repeat])).toEqual([['s0-c00', 0], ['s0-c00', 1], ['s0-c00', 2], ['s0-c01', 0]]);
    expect(studyCost(spec)).toMatchObject({ trials: 36, epochsAtMost: 24 * 2 + 12 * 3 });
  });

  it('retrains each optimizer\'s best configuration in the confirm stage on fresh seeds', () => {
    const spec = specOf(CONFIRM_RACE);
    const { study, trials } = startStudy('study', spec, 'now');
    const done = trials.map((t, i) => trialRecord({ ...t, status: 'completed', epochsDone: 2, bestMetric: 0.5 + (i % 7) / 100 }));
    const plan = planNextStage(study, 0, rankConfigurations(done, spec.objective), 'now', done);
    expect(plan.trials).toHaveLength(4 * 3);
    expect(new Set(plan.trials.map((t) => t.config.optimizer)).size).toBe(4);
    const oldSeeds = new Set(trials.map((t) => t.seed));
    expect(plan.trials.every((t) => !oldSeeds.has(t.seed) && t.promotedFrom === null)).toBe(true);
    expect(new Set(plan.trials.map((t) => t.seed)).size).toBe(3);
  });

  it('lets a stage set its own repeats: one seed while searching, five in the confirm stage on seeds the search never used', () => {
    const spec = specOf({ refine: 'per-optimizer', stages: [{ trials: 8, epochs: 2 }, { trials: 4, epochs: 3, confirm: true, repeats: 5 }] });
    const { study, trials } = startStudy('study', spec, 'now');
    expect(trials).toHaveLength(8);
    expect(trials.every((t) => t.seed === spec.seed && t.configId === undefined)).toBe(true);
    const done = trials.map((t, i) => trialRecord({ ...t, status: 'completed', epochsDone: 2, bestMetric: 0.5 + i / 100 }));
    const plan = planNextStage(study, 0, rankConfigurations(done, spec.objective), 'now', done);
    expect(plan.trials).toHaveLength(20);
    expect(plan.trials.some((t) => t.seed === spec.seed)).toBe(false);
    expect(new Set(plan.trials.map((t) => t.seed)).size).toBe(5);
    expect(studyCost(spec).trials).toBe(28);
  });
});
