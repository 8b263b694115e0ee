// Every default of a StudySpec in one table (its limits are in search/limits.ts, beside those of
// the other requests), so validation, sampling, the API's error messages and the README all cite
// the same numbers. Also the applicability table: which optimizer knobs mean something for which
// optimizer, and the value each takes when the search space has no dimension for it.
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
import { LIMITS, type Interval } from './limits.js';

// ---------------------------------------------------------------------------------------------
// Optimizer knobs
// ---------------------------------------------------------------------------------------------

export type KnobValues = Partial<Pick<TrialConfig, OptimizerKnob>>;

/**
 * The applicability table: for each optimizer, the knobs it has and their defaults (used when
 * `space` has no dimension for the knob). A knob absent from an optimizer's row does not apply to
 * it and is left out of that optimizer's TrialConfig.
 * The update rules, as tfjs 4.22 computes them (optimizers/create-optimizer.ts has them in full):
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
// Limits (search/limits.ts holds every limit of every request; re-exported here for old importers)
// ---------------------------------------------------------------------------------------------

export { formatInterval, inInterval, LIMITS, type Interval } from './limits.js';

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
