// The create form's presets are valid StudySpecs under the server's own validation, the quick
// demo stays quick (the synthetic set, a tiny model, a few short trials), and the optimizer race is
// fair: one seed, every optimizer its own learning-rate search over the same range.
import { describe, expect, it } from 'vitest';
import { validateStudySpec } from '../../search/spec-schema.js';
import { STUDY_PRESETS } from '../../web/src/study/create/study-presets.js';

describe('study presets', () => {
  it.each(STUDY_PRESETS.map((p) => [p.label, p] as const))('%s passes the server’s validation', (_label, preset) => {
    const result = validateStudySpec(JSON.parse(JSON.stringify(preset.spec)));
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it('offers the quick demo, a log-space learning-rate sweep and a fair optimizer race', () => {
    expect(STUDY_PRESETS.map((p) => p.id)).toEqual(['quick-demo', 'lr-sweep', 'optimizer-comparison']);
    const quick = STUDY_PRESETS[0]!.spec;
    expect(quick.dataset).toBe('synthetic');
    const epochs = quick.stages.reduce((n, s) => n + s.trials * s.epochs, 0);
    expect(epochs).toBeLessThanOrEqual(60);
    expect(quick.earlyStopping?.patience).toBeLessThanOrEqual(2);
    const lr = quick.space.learningRate;
    expect(lr.type === 'log-uniform' && lr.max / lr.min >= 1e4).toBe(true);
  });

  it('races the optimizers fairly: one seed, each its own log-space search, and weights kept for landscapes', () => {
    const race = STUDY_PRESETS.find((p) => p.id === 'optimizer-comparison')!.spec;
    const result = validateStudySpec(JSON.parse(JSON.stringify(race)));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.spec.refine).toBe('per-optimizer');
    expect(result.spec.keepWeights).toBe(true);
    const optimizers = result.spec.space.optimizer;
    expect(optimizers.type === 'categorical' && optimizers.values).toEqual(['sgd', 'momentum', 'rmsprop', 'adam']);
    expect(result.spec.space.learningRate.type).toBe('log-uniform');
    expect(result.spec.stages.length).toBeGreaterThanOrEqual(2);
    // Every stage deals each optimizer the same number of trials (round-robin in search/per-optimizer.ts).
    for (const stage of result.spec.stages) expect(stage.trials % 4).toBe(0);
  });
});
