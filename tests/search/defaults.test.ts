import { describe, expect, it } from 'vitest';
import { DATASETS, OPTIMIZER_KNOBS } from '../../types/index.js';
import { DATASET_INFO } from '../../search/dataset-info.js';
import { AUGMENTATION_DEFAULTS, defaultData, defaultKeepTop, defaultMode, formatInterval, inInterval, knobApplies, LIMITS, optimizersFor, sampledOptimizers } from '../../search/defaults.js';

describe('the knob applicability table', () => {
  it('names the optimizers each knob applies to', () => {
    expect(Object.fromEntries(OPTIMIZER_KNOBS.map((k) => [k, optimizersFor(k)]))).toEqual({
      momentum: ['momentum', 'rmsprop'],
      nesterov: ['momentum'],
      rho: ['rmsprop'],
      epsilon: ['rmsprop', 'adam'],
      beta1: ['adam'],
      beta2: ['adam'],
    });
  });

  it('gives plain sgd no knobs at all', () => {
    expect(OPTIMIZER_KNOBS.some((k) => knobApplies(k, 'sgd'))).toBe(false);
  });

  it('reads which optimizers a space samples', () => {
    expect(sampledOptimizers({ type: 'categorical', values: ['adam', 'sgd', 'adamw'] })).toEqual(['sgd', 'adam']);
    expect(sampledOptimizers({ type: 'fixed', value: 'rmsprop' })).toEqual(['rmsprop']);
  });
});

describe('StudySpec defaults', () => {
  it('splits mnist 12000 / 2000 and the synthetic set 3072 / 1024, without augmentation', () => {
    const none = { shift: 0, flip: false };
    expect(defaultData('mnist')).toEqual({ trainSamples: 12000, valSamples: 2000, augmentation: none });
    expect(defaultData('fashion-mnist')).toEqual({ trainSamples: 12000, valSamples: 2000, augmentation: none });
    expect(defaultData('synthetic')).toEqual({ trainSamples: 3072, valSamples: 1024, augmentation: none });
    expect(defaultData('synthetic', 96)).toEqual({ trainSamples: 4000, valSamples: 96, augmentation: none });
    expect(AUGMENTATION_DEFAULTS).toEqual(none);
    expect(formatInterval(LIMITS.augmentationShift)).toBe('[0, 4]');
  });

  it('allows flips only where a mirrored image keeps its label', () => {
    expect(DATASETS.filter((d) => DATASET_INFO[d].flipAugmentation)).toEqual(['fashion-mnist']);
  });

  it('keeps a quarter of the previous stage, at least one trial', () => {
    expect([1, 2, 4, 5, 16, 17].map(defaultKeepTop)).toEqual([1, 1, 1, 2, 4, 5]);
  });

  it('minimizes losses and maximizes accuracies', () => {
    expect(defaultMode('val_loss')).toBe('min');
    expect(defaultMode('val_acc')).toBe('max');
  });
});

describe('limits', () => {
  it('write intervals as mathematicians do and test membership at open ends', () => {
    expect(formatInterval(LIMITS.learningRate)).toBe('(0, 10]');
    expect(formatInterval(LIMITS.decay)).toBe('[0, 1)');
    expect(inInterval(0, LIMITS.learningRate)).toBe(false);
    expect(inInterval(10, LIMITS.learningRate)).toBe(true);
    expect(inInterval(1, LIMITS.decay)).toBe(false);
  });
});
