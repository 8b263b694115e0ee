// The model builder turns a ModelSpec into a LeNet whose initial weights depend only on the seed.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASET_INFO } from '../../search/dataset-info.js';
import type { ModelSpec } from '../../types/index.js';
import { buildModel, layerSeed, regularizationPenalties } from '../../worker/training/build-model.js';
import { weightsFingerprint } from './training-fixtures.js';

const LENET: ModelSpec = { kind: 'lenet', filters: [8, 16], kernelSize: 5, padding: 'valid', activation: 'relu', pooling: 'max', dense: [64], dropout: 0, l2: 0 };

describe('buildModel', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('builds the reference LeNet: conv5×5×8 → pool → conv5×5×16 → pool → dense 64 → dense 10 logits', () => {
    const model = buildModel(LENET, DATASET_INFO.mnist, { seed: 1, l2: 0, dropout: 0 });
    try {
      expect(model.layers.map((l) => l.getClassName())).toEqual(['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense', 'Dense']);
      expect(model.outputs[0]!.shape).toEqual([null, 10]);
      expect(model.countParams()).toBe(5 * 5 * 8 + 8 + 5 * 5 * 8 * 16 + 16 + 4 * 4 * 16 * 64 + 64 + 64 * 10 + 10);
    } finally {
      model.dispose();
    }
  });

  it('gives bit-identical initial weights for the same seed and different ones for another seed', () => {
    const make = (seed: number) => buildModel(LENET, DATASET_INFO.mnist, { seed, l2: 0, dropout: 0 });
    const [a, b, c] = [make(7), make(7), make(8)];
    try {
      expect(weightsFingerprint(a)).toBe(weightsFingerprint(b));
      expect(weightsFingerprint(a)).not.toBe(weightsFingerprint(c));
    } finally {
      for (const m of [a, b, c]) m.dispose();
    }
  });

  it('never hands an initialiser the seed 0, which tfjs would treat as no seed', () => {
    for (let seed = 0; seed < 200; seed++) for (let i = 0; i < 4; i++) expect(layerSeed(seed, i)).not.toBe(0);
  });

  it('adds dropout after hidden dense layers and an L2 penalty on kernels when asked', () => {
    const model = buildModel(LENET, DATASET_INFO.mnist, { seed: 1, l2: 1e-3, dropout: 0.25 });
    try {
      expect(model.layers.map((l) => l.getClassName())).toContain('Dropout');
      const penalties = regularizationPenalties(model);
      expect(penalties.length).toBe(4); // two conv kernels, two dense kernels
      const kernels = model.layers.filter((l) => l.getClassName() !== 'Dropout' && l.getWeights().length > 0).map((l) => l.getWeights()[0]!);
      const expected = kernels.reduce((sum, k) => sum + 1e-3 * (tf.sum(tf.square(k)).dataSync()[0] ?? 0), 0);
      expect(penalties.reduce((sum, p) => sum + p.dataSync()[0]!, 0)).toBeCloseTo(expected, 5);
      tf.dispose(penalties);
    } finally {
      model.dispose();
    }
  });

  it('explains a model too deep for the image instead of failing inside tfjs', () => {
    const deep: ModelSpec = { ...LENET, filters: [8, 16, 32] }; // 16 → 12 → 6 → 2 → 1 → nothing
    expect(() => buildModel(deep, DATASET_INFO.synthetic, { seed: 1, l2: 0, dropout: 0 })).toThrow(/conv block 3 .* too small to pool/);
  });
});
