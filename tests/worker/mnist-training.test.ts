// Real data, the product's path: the backend `auto` picks here (wasm with the project's kernels
// where tfjs-node is absent) trains a small LeNet on a few thousand real MNIST images, and on
// Fashion-MNIST, to clearly better than chance (10 classes: chance is 0.1).
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatasetName } from '../../types/index.js';
import { loadDataset } from '../../worker/training/datasets.js';
import { selectBackend } from '../../worker/training/backend.js';
import { trainTrial } from '../../worker/training/train-trial.js';
import { ADAM, NO_EARLY_STOPPING } from './training-fixtures.js';

const SMALL_LENET = { kind: 'lenet', filters: [6], kernelSize: 5, padding: 'valid', activation: 'relu', pooling: 'max', dense: [32], dropout: 0, l2: 0 } as const;

/** Two epochs of a small LeNet on 3,000 training and 1,000 validation images of `dataset`. */
async function trainSmall(dataset: DatasetName) {
  return trainTrial({
    dataset: await loadDataset(dataset),
    model: { ...SMALL_LENET, filters: [...SMALL_LENET.filters], dense: [...SMALL_LENET.dense] },
    config: { ...ADAM, learningRate: 3e-3, batchSize: 64 },
    epochs: 2,
    seed: 5,
    trainSamples: 3000,
    valSamples: 1000,
    earlyStopping: NO_EARLY_STOPPING,
    evaluateTest: true,
  });
}

describe('training on real images', () => {
  let backend = '';
  beforeAll(async () => {
    backend = (await selectBackend('auto')).name;
  });

  it('learns MNIST digits from 3,000 images to well above chance in two epochs', async () => {
    const outcome = await trainSmall('mnist');
    expect(backend).not.toBe('');
    expect(outcome.status).toBe('completed');
    expect(outcome.history.at(-1)!.valAcc).toBeGreaterThan(0.85);
    expect(outcome.test!.acc).toBeGreaterThan(0.85);
  });

  it('learns Fashion-MNIST from 3,000 images to well above chance in two epochs', async () => {
    const outcome = await trainSmall('fashion-mnist');
    expect(outcome.status).toBe('completed');
    expect(outcome.history.at(-1)!.valAcc).toBeGreaterThan(0.6);
  });
});
