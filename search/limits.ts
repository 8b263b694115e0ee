// Every limit of every request the product accepts, in one module: the StudySpec (LIMITS), the
// surface race of POST /api/surfaces (SURFACE_LIMITS, also served by GET /api/surfaces) and the
// loss landscape of POST …/landscape (LANDSCAPE_LIMITS). The validators, the API's 400 messages
// and the dashboard's forms read these numbers rather than writing their own. Pure, no imports:
// the browser bundle reads it too.

// ---------------------------------------------------------------------------------------------
// Intervals
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

// ---------------------------------------------------------------------------------------------
// StudySpec
// ---------------------------------------------------------------------------------------------

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
  /** Sum of `stages[i].trials` over the study, times `repeats`: runs in all. */
  maxTrialsPerStudy: 1000,
  /** `repeats`: 1 to 10 paired seeds per configuration. */
  repeats: { min: 1, max: 10 } satisfies Interval,
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
// Surface races (POST /api/surfaces)
// ---------------------------------------------------------------------------------------------

/** Limits of a surface race request; knob ranges (learning rate, decay, epsilon) are LIMITS'. */
export const SURFACE_LIMITS = {
  /** `steps`: 1 to 5000 updates per optimizer. */
  steps: { min: 1, max: 5000 } satisfies Interval,
  /** `optimizers`: 1 to 8 runs in one request. */
  maxOptimizers: 8,
  /** `grid`: 0 (no grid) or 2 to 201 points per side. */
  grid: { min: 2, max: 201 } satisfies Interval,
  /** `surface.condition` of the quadratic bowl. */
  condition: { min: 1, max: 1e6 } satisfies Interval,
  /** `surface.angle` in degrees. */
  angle: { min: -360, max: 360 } satisfies Interval,
  /** `noise.scale`. */
  noiseScale: { min: 0, max: 1000 } satisfies Interval,
  /** `start`, `view` coordinates. */
  coordinate: { min: -1000, max: 1000 } satisfies Interval,
  /** `tolerance`. */
  tolerance: { min: 0, max: 1000, minExclusive: true } satisfies Interval,
  /** `optimizers[i].label`: 1 to 60 characters. */
  labelMaxLength: 60,
} as const;

// ---------------------------------------------------------------------------------------------
// Loss landscapes (POST /api/studies/:id/trials/:trialId/landscape)
// ---------------------------------------------------------------------------------------------

/**
 * Defaults and limits of a landscape request: a 21×21 grid (odd, 3 to 51 points per axis),
 * span at most 1000 (1 for random directions when omitted, fitted to the trajectories for pca),
 * and up to 16 trials projected besides the centre.
 */
export const LANDSCAPE_LIMITS = {
  grid: { min: 3, max: 51, default: 21 },
  span: { max: 1000 },
  maxTrials: 16,
} as const;
