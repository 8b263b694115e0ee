// The specs "Re-run" and "Clone study" open in the editor pass the server's own validator, and a
// re-run plans exactly one trial with the trial's configuration, seed and stage budget.
import { describe, expect, it } from 'vitest';
import type { StudySpec, TrialConfig } from '../../types/index.js';
import { validateStudySpec } from '../../search/spec-schema.js';
import { planStage } from '../../search/plan-stage.js';
import { sampleStageConfigs } from '../../search/sample.js';
import { cloneSpec, rerunSpec } from '../../web/src/study/rerun-spec.js';
import { designExampleSpec, tinyStudySpec } from '../helpers/specs.js';

function validated(input: unknown): StudySpec {
  const r = validateStudySpec(input);
  if (!r.ok) throw new Error(`invalid spec: ${JSON.stringify(r.issues)}`);
  return r.spec;
}

/** The tiny sweep with every dimension sampled: l2, dropout and each optimizer's knobs. */
const wideSpec = validated(
  tinyStudySpec({
    name: 'wide sweep',
    seed: 11,
    keepWeights: true,
    space: {
      optimizer: { type: 'categorical', values: ['sgd', 'momentum', 'rmsprop', 'adam'] },
      learningRate: { type: 'log-uniform', min: 1e-4, max: 1e-1 },
      batchSize: { type: 'categorical', values: [32, 64] },
      l2: { type: 'log-uniform', min: 1e-6, max: 1e-3 },
      dropout: { type: 'uniform', min: 0, max: 0.3 },
      momentum: { type: 'uniform', min: 0.8, max: 0.99 },
      nesterov: { type: 'categorical', values: [true, false] },
      rho: { type: 'uniform', min: 0.8, max: 0.99 },
      beta1: { type: 'uniform', min: 0.85, max: 0.95 },
    },
    stages: [{ trials: 12, epochs: 2 }, { trials: 2, epochs: 5, keepTop: 2 }],
    pruner: { type: 'median', warmupEpochs: 1, minPeers: 2 },
  }),
);

/** One sampled configuration of each optimizer the wide sweep draws. */
const configsByOptimizer = (): TrialConfig[] => {
  const configs = sampleStageConfigs(wideSpec.space, 40, wideSpec.seed, 1, wideSpec.model);
  return [...new Map(configs.map((c) => [c.optimizer, c])).values()];
};

describe('the re-run of one trial', () => {
  it('covers every optimizer of the sweep', () => {
    expect(configsByOptimizer().map((c) => c.optimizer).sort()).toEqual(['adam', 'momentum', 'rmsprop', 'sgd']);
  });

  for (const config of configsByOptimizer()) {
    it(`passes the validator and plans exactly the ${config.optimizer} trial's configuration, seed and budget`, () => {
      const derived = rerunSpec(wideSpec, { trialId: 's1-t01', stage: 1, config, seed: 1234 });
      const spec = validated(JSON.parse(JSON.stringify(derived)));
      const { trials } = planStage('rerun', spec, 0, spec.space, '2026-01-01T00:00:00.000Z');
      expect(trials).toHaveLength(1);
      expect(trials[0]!.config).toEqual(config);
      expect(trials[0]!.seed).toBe(1234);
      expect(trials[0]!.epochs).toBe(5);
      expect(Object.values(spec.space).every((d) => d.type === 'fixed')).toBe(true);
    });
  }

  it('keeps dataset, model, data, early stopping, objective and keepWeights; drops the pruner and the refinement', () => {
    const config = configsByOptimizer()[0]!;
    const spec = validated(rerunSpec({ ...wideSpec, refine: 'per-optimizer' }, { trialId: 's0-t03', stage: 0, config }));
    expect(spec.name).toBe('re-run of wide sweep s0-t03');
    expect(spec).toMatchObject({ dataset: wideSpec.dataset, seed: wideSpec.seed, model: wideSpec.model, data: wideSpec.data, earlyStopping: wideSpec.earlyStopping, objective: wideSpec.objective, keepWeights: true });
    expect(spec.pruner).toEqual({ type: 'none' });
    expect(spec.refine).toBeUndefined();
    expect(spec.stages).toEqual([expect.objectContaining({ trials: 1, epochs: 2 })]);
  });

  it('cuts a long study name so the derived name stays within the limit', () => {
    const config = configsByOptimizer()[0]!;
    const long = { ...wideSpec, name: 'x'.repeat(200) };
    const spec = validated(rerunSpec(long, { trialId: 's0-t00', stage: 0, config }));
    expect(spec.name.length).toBeLessThanOrEqual(200);
    expect(spec.name).toMatch(/^re-run of x+… s0-t00$/);
  });
});

describe('the clone of a study', () => {
  it('is the study’s own spec under the name "copy of …", and passes the validator unchanged', () => {
    const spec = validated(designExampleSpec);
    const clone = validated(JSON.parse(JSON.stringify(cloneSpec(spec))));
    expect(clone).toEqual({ ...spec, name: 'copy of lr sweep' });
  });
});
