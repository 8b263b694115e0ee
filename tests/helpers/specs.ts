// Study specs the tests share: small enough to train in seconds on the synthetic set.
export function tinyStudySpec(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'tiny two-stage sweep',
    dataset: 'synthetic',
    seed: 7,
    model: { kind: 'lenet', filters: [4], kernelSize: 3, dense: [16], dropout: 0 },
    space: {
      optimizer: { type: 'categorical', values: ['sgd', 'momentum', 'rmsprop', 'adam'] },
      learningRate: { type: 'log-uniform', min: 1e-4, max: 1e-1 },
      batchSize: { type: 'categorical', values: [32, 64] },
    },
    stages: [
      { trials: 4, epochs: 2 },
      { trials: 2, epochs: 2, keepTop: 2 },
    ],
    earlyStopping: { monitor: 'val_loss', patience: 2, minDelta: 0.001, warmup: 1, restoreBest: true },
    objective: { metric: 'val_acc', mode: 'max' },
    data: { trainSamples: 768, valSamples: 256 },
    // The default pruner (ASHA) would cut most trials of a study this small; tests of pruning ask for it.
    pruner: { type: 'none' },
    ...overrides,
  };
}

export const designExampleSpec = {
  name: 'lr sweep',
  dataset: 'mnist',
  seed: 42,
  model: { kind: 'lenet', filters: [8, 16], kernelSize: 5, dense: [64], dropout: 0 },
  space: {
    optimizer: { type: 'categorical', values: ['sgd', 'momentum', 'rmsprop', 'adam'] },
    learningRate: { type: 'log-uniform', min: 1e-5, max: 1e-1 },
    batchSize: { type: 'categorical', values: [32, 64, 128] },
  },
  stages: [{ trials: 16, epochs: 2 }, { trials: 8, epochs: 6, keepTop: 4 }],
  earlyStopping: { monitor: 'val_loss', patience: 3, minDelta: 0.001, warmup: 1, restoreBest: true },
  objective: { metric: 'val_acc', mode: 'max' },
  data: { trainSamples: 12000, valSamples: 2000 },
};
