// The create form's presets: StudySpec bodies for POST /api/studies that show the playground's
// three uses. Fields left out take the server's documented defaults (search/defaults.ts). The quick
// demo and the optimizer race keep their weights, so the study page can draw loss landscapes.
// tests/web/study-presets.test.ts runs each through the server's validation.
import type { DataSpec, DatasetName, EarlyStoppingSpec, ModelSpec, ObjectiveSpec, PrunerSpec, RefineMode, SearchSpace, StageSpec } from '../../../../types/index.js';

/** A StudySpec as a person writes it: the required fields, and any of the rest. */
export interface StudySpecDraft {
  name: string;
  dataset: DatasetName;
  seed?: number;
  model?: Partial<ModelSpec>;
  space: SearchSpace;
  stages: StageSpec[];
  earlyStopping?: Partial<EarlyStoppingSpec>;
  objective?: Partial<ObjectiveSpec>;
  data?: Partial<DataSpec>;
  keepWeights?: boolean;
  refine?: RefineMode;
  pruner?: PrunerSpec;
}

export interface StudyPreset {
  id: string;
  label: string;
  description: string;
  spec: StudySpecDraft;
}

/** Ranked by validation accuracy, higher is better (every preset). */
const BY_VAL_ACCURACY = { metric: 'val_acc', mode: 'max' } satisfies ObjectiveSpec;

/** A choice of SGD, momentum, RMSProp and Adam. */
const EVERY_OPTIMIZER = { type: 'categorical', values: ['sgd', 'momentum', 'rmsprop', 'adam'] } satisfies SearchSpace['optimizer'];

/** The MNIST-sized presets' CNN, early stopping and data: LeNet-5-like, patience 2, 12k/2k images. */
const LENET = { kind: 'lenet', filters: [8, 16], kernelSize: 5, dense: [64], dropout: 0 } satisfies Partial<ModelSpec>;
const PATIENCE_2 = { monitor: 'val_loss', patience: 2, minDelta: 0.001, warmup: 1, restoreBest: true } satisfies Partial<EarlyStoppingSpec>;
const IMAGES_12K = { trainSamples: 12000, valSamples: 2000 } satisfies Partial<DataSpec>;

export const STUDY_PRESETS: readonly StudyPreset[] = [
  {
    id: 'quick-demo',
    label: 'Quick demo',
    description:
      'A small CNN on the 16×16 synthetic set (shifted by up to 2 px, so it is not learnt in one epoch): 8 trials of up to 5 epochs over a wide ' +
      'learning-rate range (the largest rates diverge, some trials stall and stop early, the median pruner may stop one that trails its peers), ' +
      'then 3 trials of up to 6 epochs around the best two, the best one continuing its training. Takes about half a minute on a two-core laptop (29 s measured), long enough to watch ' +
      'the patience counters and the early stops happen. Keeps its weights (0.9 MB an epoch, up to about 6 MB a trial), so a loss landscape can be drawn around any finished trial.',
    spec: {
      name: 'quick demo',
      dataset: 'synthetic',
      seed: 42,
      model: { kind: 'lenet', filters: [64, 128], kernelSize: 5, dense: [128], dropout: 0 },
      space: {
        optimizer: EVERY_OPTIMIZER,
        learningRate: { type: 'log-uniform', min: 1e-5, max: 1 },
        batchSize: { type: 'categorical', values: [16, 32] },
      },
      stages: [
        { trials: 8, epochs: 5 },
        { trials: 3, epochs: 6, keepTop: 2 },
      ],
      earlyStopping: { monitor: 'val_loss', patience: 1, minDelta: 0.002, warmup: 1, restoreBest: true },
      pruner: { type: 'median', warmupEpochs: 1, minPeers: 4 },
      objective: BY_VAL_ACCURACY,
      data: { trainSamples: 3072, valSamples: 512, augmentation: { shift: 2, flip: false } },
      keepWeights: true,
    },
  },
  {
    id: 'lr-sweep',
    label: 'Log-space LR sweep',
    description:
      'Coarse-to-fine random search over the learning rate on MNIST (Bergstra & Bengio; CS231n): 16 trials at ' +
      'lr = 10^uniform(−6, −1) for 2 epochs, then two stages that narrow around the best and train longer.',
    spec: {
      name: 'log-space LR sweep (MNIST)',
      dataset: 'mnist',
      seed: 42,
      model: LENET,
      space: {
        optimizer: { type: 'fixed', value: 'momentum' },
        learningRate: { type: 'log-uniform', min: 1e-6, max: 1e-1 },
        batchSize: { type: 'fixed', value: 64 },
        momentum: { type: 'fixed', value: 0.9 },
      },
      stages: [
        { trials: 16, epochs: 2 },
        { trials: 8, epochs: 4, keepTop: 4 },
        { trials: 4, epochs: 8, keepTop: 2 },
      ],
      earlyStopping: PATIENCE_2,
      objective: BY_VAL_ACCURACY,
      data: IMAGES_12K,
    },
  },
  {
    id: 'optimizer-comparison',
    label: 'Optimizer race (same init, own LR search)',
    description:
      'A fair race of SGD, momentum, RMSProp and Adam on Fashion-MNIST: every trial starts from the same initial weights and data ' +
      'order (one study seed), and each optimizer gets the same share of trials and its own log-space learning-rate search ' +
      '(refine "per-optimizer"): 4 rates each from 10^uniform(−5, 0) for 3 epochs, then 2 each around its own best 2 for 6 epochs; ' +
      'then the confirm stage retrains each optimizer\'s best configuration on 5 fresh paired seeds, and the study ends with a verdict per pair ' +
      '(mean ± 95 % interval, wins out of 5, the paired difference with its interval, or "no clear difference"). ' +
      'On the study page, "best of each optimizer only" shows the winners together; the kept weights let you draw the loss landscape they crossed.',
    spec: {
      name: 'optimizer race (same init, Fashion-MNIST)',
      dataset: 'fashion-mnist',
      seed: 7,
      model: LENET,
      space: {
        optimizer: EVERY_OPTIMIZER,
        learningRate: { type: 'log-uniform', min: 1e-5, max: 1 },
        batchSize: { type: 'fixed', value: 64 },
      },
      stages: [
        { trials: 16, epochs: 3 },
        { trials: 8, epochs: 6, keepTop: 2 },
        { trials: 4, epochs: 6, confirm: true, repeats: 5 },
      ],
      earlyStopping: PATIENCE_2,
      objective: BY_VAL_ACCURACY,
      data: IMAGES_12K,
      keepWeights: true,
      refine: 'per-optimizer',
    },
  },
];
