// Every default and every limit of a StudySpec in one table, so validation, sampling, the API's
// error messages and the README all cite the same numbers. Also the applicability table: which
// optimizer knobs mean something for which optimizer, and the value each takes when the search
// space has no dimension for it.
import type {
  AugmentationSpec,
  CategoricalValue,
  DatasetName,
  Distribution,
  DataSpec,
  DimensionName,
  EarlyStoppingSpec,
  MetricMode,
  MetricName,
  ModelSpec,
  ObjectiveSpec,
  OptimizerKnob,
  OptimizerName,
  PrunerSpec,
  StudySpec,
  TrialConfig,
} from '../types/index.js';
import { OPTIMIZERS } from '../types/index.js';
import { DATASET_INFO } from './dataset-info.js';

// ---------------------------------------------------------------------------------------------
// Optimizer knobs
// ---------------------------------------------------------------------------------------------

export type KnobValues = Partial<Pick<TrialConfig, OptimizerKnob>>;

/**
 * The applicability table: for each optimizer, the knobs it has and their defaults (used when
 * `space` has no dimension for the knob). A knob absent from an optimizer's row does not apply to
 * it and is left out of that optimizer's TrialConfig.
 * The update rules, as tfjs 4.22 computes them (worker/training/optimizers.ts has them in full):
 * - momentum: `v ← momentum·v + g`, `w ← w − lr·v` (nesterov: `w ← w − lr·(g + momentum·v)`).
 * - rmsprop: `s ← rho·s + (1 − rho)·g²`, step `lr·g / √(s + epsilon)` (epsilon inside the root),
 *   optional heavy-ball momentum on that step.
 * - adam: first/second moment decay `beta1`, `beta2`, bias-corrected; `epsilon` added to the root.
 */
export const OPTIMIZER_KNOB_DEFAULTS: { readonly [O in OptimizerName]: Readonly<KnobValues> } = {
  sgd: {},
  momentum: { momentum: 0.9, nesterov: false },
  rmsprop: { rho: 0.9, epsilon: 1e-8, momentum: 0 },
  adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
};

/** True when `knob` means something for `optimizer`. */
export function knobApplies(knob: OptimizerKnob, optimizer: OptimizerName): boolean {
  return Object.hasOwn(OPTIMIZER_KNOB_DEFAULTS[optimizer], knob);
}

/** The optimizers a knob applies to, in OPTIMIZERS order: `optimizersFor('epsilon')` → rmsprop, adam. */
export function optimizersFor(knob: OptimizerKnob): OptimizerName[] {
  return OPTIMIZERS.filter((o) => knobApplies(knob, o));
}

/** The optimizers a search space's `optimizer` dimension can produce (names it doesn't know are ignored). */
export function sampledOptimizers(dist: Distribution): OptimizerName[] {
  const values: readonly CategoricalValue[] = dist.type === 'categorical' ? dist.values : dist.type === 'fixed' ? [dist.value] : [];
  return OPTIMIZERS.filter((o) => values.includes(o));
}

// ---------------------------------------------------------------------------------------------
// StudySpec defaults
// ---------------------------------------------------------------------------------------------

/** Model defaults: a small LeNet (two conv blocks, one hidden dense layer). */
export const MODEL_DEFAULTS: Readonly<ModelSpec> = {
  kind: 'lenet',
  filters: [8, 16],
  kernelSize: 5,
  padding: 'valid',
  activation: 'relu',
  pooling: 'max',
  dense: [64],
  dropout: 0,
  l2: 0,
};

/** The default study seed. */
export const SEED_DEFAULT = 42;

/** The natural direction of a metric: losses go down, accuracies go up. */
export function defaultMode(metric: MetricName): MetricMode {
  switch (metric) {
    case 'val_loss':
      return 'min';
    case 'val_acc':
      return 'max';
    default: {
      const never: never = metric;
      throw new Error(`unknown metric ${String(never)}`);
    }
  }
}

/** Early-stopping defaults; `mode` follows `monitor` (see defaultMode) unless given. */
export const EARLY_STOPPING_DEFAULTS: Readonly<Omit<EarlyStoppingSpec, 'mode' | 'baseline'>> = {
  enabled: true,
  monitor: 'val_loss',
  patience: 3,
  minDelta: 0.001,
  warmup: 1,
  restoreBest: true,
};

/**
 * Each pruner's options when a spec names the type only, and the pruner a spec without `pruner`
 * gets (README "Pruning" says why: it is the one that won `npm run bench:search`).
 */
export const PRUNER_DEFAULTS = {
  median: { type: 'median', warmupEpochs: 1, minPeers: 4 },
  asha: { type: 'asha', minEpochs: 1, reduction: 3, minPeers: 2 },
} as const satisfies { [T in Exclude<PrunerSpec['type'], 'none'>]: Extract<PrunerSpec, { type: T }> };
export const DEFAULT_PRUNER: PrunerSpec = PRUNER_DEFAULTS.asha;

/** The pruner a study runs with. */
export const prunerOf = (spec: Pick<StudySpec, 'pruner'>): PrunerSpec => spec.pruner ?? DEFAULT_PRUNER;

/** Trials are ranked by validation accuracy, higher is better. */
export const OBJECTIVE_DEFAULT: Readonly<ObjectiveSpec> = { metric: 'val_acc', mode: 'max' };

/** Validation examples when `data.valSamples` is absent. */
export const VAL_SAMPLES_DEFAULT = 2000;
/** Upper bound of the default training set size. */
export const TRAIN_SAMPLES_DEFAULT = 12000;

/** No augmentation unless asked for: training images are used as they are. */
export const AUGMENTATION_DEFAULTS: Readonly<AugmentationSpec> = { shift: 0, flip: false };

/**
 * Default train/validation split of a dataset's training examples: 2000 validation examples
 * (a quarter of the set for the small synthetic one), and up to 12000 training examples from the rest;
 * no augmentation. mnist and fashion-mnist → 12000 / 2000; synthetic → 3072 / 1024.
 */
export function defaultData(dataset: DatasetName, valSamples?: number): DataSpec {
  const size = DATASET_INFO[dataset].trainSize;
  const val = valSamples ?? Math.min(VAL_SAMPLES_DEFAULT, Math.floor(size / 4));
  return { trainSamples: Math.min(TRAIN_SAMPLES_DEFAULT, size - val), valSamples: val, augmentation: { ...AUGMENTATION_DEFAULTS } };
}

/** A later stage narrows around the best quarter of the previous stage (at least one trial). */
export function defaultKeepTop(previousTrials: number): number {
  return Math.max(1, Math.ceil(previousTrials / 4));
}

/**
 * Values for `l2` and `dropout` when the space has no dimension for them (a study's `model`
 * section supplies them; these are used when nothing else does).
 */
export type ModelDefaults = Pick<ModelSpec, 'l2' | 'dropout'>;

// ---------------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------------

/** A closed, open or half-open interval of allowed numbers. */
export interface Interval {
  min: number;
  max: number;
  /** When true the interval excludes `min` (e.g. learning rates must be > 0). */
  minExclusive?: boolean;
  /** When true the interval excludes `max` (e.g. momentum must be < 1). */
  maxExclusive?: boolean;
}

/** `[0, 1)`, `(0, 10]`, … as mathematicians write it. */
export function formatInterval(i: Interval): string {
  return `${i.minExclusive ? '(' : '['}${i.min}, ${i.max}${i.maxExclusive ? ')' : ']'}`;
}

export function inInterval(v: number, i: Interval): boolean {
  return (i.minExclusive ? v > i.min : v >= i.min) && (i.maxExclusive ? v < i.max : v <= i.max);
}

/**
 * Limits of a StudySpec. They keep one study within what a few workers finish in hours
 * and what a tfjs LeNet can build; the API's 400 messages quote them.
 */
export const LIMITS = {
  /** `name`: 1 to 200 characters (after trimming). */
  nameMaxLength: 200,
  /** `seed`: an integer in [0, 2^53 − 1]. */
  seed: { min: 0, max: Number.MAX_SAFE_INTEGER } satisfies Interval,
  /** `stages`: 1 to 10 stages. */
  maxStages: 10,
  /** `stages[i].trials`: 1 to 500. */
  trialsPerStage: { min: 1, max: 500 } satisfies Interval,
  /** Sum of `stages[i].trials` over the study. */
  maxTrialsPerStudy: 1000,
  /** `stages[i].epochs`: 1 to 200. */
  epochsPerStage: { min: 1, max: 200 } satisfies Interval,
  /** `model.filters`: 1 to 6 conv blocks… */
  maxConvBlocks: 6,
  /** …of 1 to 256 filters each. */
  filters: { min: 1, max: 256 } satisfies Interval,
  /** `model.kernelSize`: 1 to 11 (square kernels). */
  kernelSize: { min: 1, max: 11 } satisfies Interval,
  /** `model.dense`: 0 to 4 hidden layers… */
  maxDenseLayers: 4,
  /** …of 1 to 4096 units each. */
  denseUnits: { min: 1, max: 4096 } satisfies Interval,
  /** `model.dropout` and `space.dropout`: a drop probability in [0, 1). */
  dropout: { min: 0, max: 1, maxExclusive: true } satisfies Interval,
  /** `model.l2` and `space.l2`: weight-decay factor in [0, 1]. */
  l2: { min: 0, max: 1 } satisfies Interval,
  /** `space.learningRate`: in (0, 10]. */
  learningRate: { min: 0, max: 10, minExclusive: true } satisfies Interval,
  /** `space.batchSize`: an integer in [1, 1024]. */
  batchSize: { min: 1, max: 1024 } satisfies Interval,
  /** `space.momentum`, `rho`, `beta1`, `beta2`: decay factors in [0, 1). */
  decay: { min: 0, max: 1, maxExclusive: true } satisfies Interval,
  /** `space.epsilon`: in (0, 1]. */
  epsilon: { min: 0, max: 1, minExclusive: true } satisfies Interval,
  /** `space.*.values` of a categorical dimension: 1 to 64 distinct values. */
  maxCategoricalValues: 64,
  /** `earlyStopping.patience`: 1 to 200 epochs. */
  patience: { min: 1, max: 200 } satisfies Interval,
  /** `earlyStopping.warmup`: 0 to 200 epochs. */
  warmup: { min: 0, max: 200 } satisfies Interval,
  /** `earlyStopping.minDelta`: in [0, 1000]. */
  minDelta: { min: 0, max: 1000 } satisfies Interval,
  /** `data.trainSamples`, `data.valSamples`: at least 1; their sum at most the dataset's training examples. */
  samples: { min: 1 } as const,
  /** `data.augmentation.shift`: an integer number of pixels in [0, 4]. */
  augmentationShift: { min: 0, max: 4 } satisfies Interval,
  /** `pruner.warmupEpochs`: 0 to 200. */
  prunerWarmup: { min: 0, max: 200 } satisfies Interval,
  /** `pruner.minPeers`: 0 to 1000 trials. */
  prunerPeers: { min: 0, max: 1000 } satisfies Interval,
  /** `pruner.minEpochs` (ASHA's first rung): 1 to 200. */
  ashaMinEpochs: { min: 1, max: 200 } satisfies Interval,
  /** `pruner.reduction` (ASHA's η): 2 to 10. */
  ashaReduction: { min: 2, max: 10 } satisfies Interval,
  /** A rejected spec reports at most this many issues (then one line saying how many more). */
  maxIssues: 100,
} as const;

// ---------------------------------------------------------------------------------------------
// Dimensions of a search space
// ---------------------------------------------------------------------------------------------

/** What values a search-space dimension takes, and so which distribution types fit it. */
export type DimensionDomain =
  | { kind: 'optimizer' }
  | { kind: 'boolean' }
  | { kind: 'real'; range: Interval }
  | { kind: 'integer'; range: Interval };

/** The value domain of every dimension a SearchSpace may have. */
export const DIMENSION_DOMAINS: { readonly [D in DimensionName]: DimensionDomain } = {
  optimizer: { kind: 'optimizer' },
  learningRate: { kind: 'real', range: LIMITS.learningRate },
  batchSize: { kind: 'integer', range: LIMITS.batchSize },
  l2: { kind: 'real', range: LIMITS.l2 },
  dropout: { kind: 'real', range: LIMITS.dropout },
  momentum: { kind: 'real', range: LIMITS.decay },
  nesterov: { kind: 'boolean' },
  rho: { kind: 'real', range: LIMITS.decay },
  epsilon: { kind: 'real', range: LIMITS.epsilon },
  beta1: { kind: 'real', range: LIMITS.decay },
  beta2: { kind: 'real', range: LIMITS.decay },
};
