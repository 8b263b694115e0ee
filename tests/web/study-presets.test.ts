// The create form's presets are valid StudySpecs under the server's own validation, and the quick
// demo stays quick: the synthetic set, a tiny model, a few short trials.
import { describe, expect, it } from 'vitest';
import { validateStudySpec } from '../../search/spec-schema.js';
import { STUDY_PRESETS } from '../../web/src/study-presets.js';

describe('study presets', () => {
  it.each(STUDY_PRESETS.map((p) => [p.label, p] as const))('%s passes the server’s validation', (_label, preset) => {
    const result = validateStudySpec(JSON.parse(JSON.stringify(preset.spec)));
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it('offers the quick demo, a log-space learning-rate sweep and a same-init optimizer comparison', () => {
    expect(STUDY_PRESETS.map((p) => p.id)).toEqual(['quick-demo', 'lr-sweep', 'optimizer-comparison']);
    const quick = STUDY_PRESETS[0]!.spec;
    expect(quick.dataset).toBe('synthetic');
    const epochs = quick.stages.reduce((n, s) => n + s.trials * s.epochs, 0);
    expect(epochs).toBeLessThanOrEqual(60);
    expect(quick.earlyStopping?.patience).toBeLessThanOrEqual(2);
    const lr = quick.space.learningRate;
    expect(lr.type === 'log-uniform' && lr.max / lr.min >= 1e4).toBe(true);
  });
});
