// The one shared types module: every shape that crosses a boundary (HTTP, BullMQ, Redis, SSE)
// is declared here and imported by api/, worker/, web/, search/ and store/.
// Wire JSON is parsed (zod, in search/spec-schema.ts and api/) at the boundary and nowhere else.

// ---------------------------------------------------------------------------------------------
// Search space
// ---------------------------------------------------------------------------------------------

export type CategoricalValue = string | number | boolean;

/** One dimension of a search space, as a tagged union on `type`. */
export type Distribution =
  | { type: 'log-uniform'; min: number; max: number }
  | { type: 'uniform'; min: number; max: number }
  | { type: 'int'; min: number; max: number }
  | { type: 'log-int'; min: number; max: number }
  | { type: 'categorical'; values: CategoricalValue[] }
  | { type: 'fixed'; value: CategoricalValue };

export type DistributionType = Distribution['type'];
export type NumericDistribution = Extract<Distribution, { min: number; max: number }>;

export const OPTIMIZERS = ['sgd', 'momentum', 'rmsprop', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Knobs that only mean something for some optimizers. */
export const OPTIMIZER_KNOBS = ['momentum', 'nesterov', 'rho', 'epsilon', 'beta1', 'beta2'] as const;
export type OptimizerKnob = (typeof OPTIMIZER_KNOBS)[number];

/** Dimensions every trial has, whatever its optimizer. */
export const COMMON_DIMENSIONS = ['optimizer', 'learningRate', 'batchSize', 'l2', 'dropout'] as const;
export type CommonDimension = (typeof COMMON_DIMENSIONS)[number];

export type DimensionName = CommonDimension | OptimizerKnob;

/**
 * The space a stage samples from. `optimizer`, `learningRate` and `batchSize` are required;
 * the rest fall back to documented defaults (see search/defaults.ts) when absent.
 */
export type SearchSpace = {
  optimizer: Distribution;
  learningRate: Distribution;
  batchSize: Distribution;
} & Partial<Record<Exclude<DimensionName, 'optimizer' | 'learningRate' | 'batchSize'>, Distribution>>;

/** One sampled configuration: what a single trial trains with. Knobs absent where they don't apply. */
export interface TrialConfig {
  optimizer: OptimizerName;
  learningRate: number;
  batchSize: number;
  l2: number;
  dropout: number;
  momentum?: number;
  nesterov?: boolean;
  rho?: number;
  epsilon?: number;
  beta1?: number;
  beta2?: number;
}

// ---------------------------------------------------------------------------------------------
// Study spec (POST /api/studies body, after validation and defaults)
// ---------------------------------------------------------------------------------------------

export const DATASETS = ['mnist', 'fashion-mnist', 'synthetic'] as const;
export type DatasetName = (typeof DATASETS)[number];

export interface ModelSpec {
  kind: 'lenet';
  /** Filters per conv block; each block is conv → activation → pool(2). */
  filters: number[];
  kernelSize: number;
  padding: 'valid' | 'same';
  activation: 'relu' | 'tanh';
  pooling: 'max' | 'avg';
  /** Hidden dense layer widths before the softmax layer. */
  dense: number[];
  dropout: number;
  /** L2 weight decay on conv and dense kernels (a `space.l2` dimension overrides it per trial). */
  l2: number;
}

export interface StageSpec {
  trials: number;
  epochs: number;
  /** For stages after the first: how many of the previous stage's best trials the range narrows around. */
  keepTop?: number;
  /**
   * For stages after the first: the kept trials that trained their whole budget *continue* from
   * their checkpoint up to this stage's `epochs` (epochs in all), instead of retraining from zero;
   * the rest of the stage's slots are fresh samples. Default true.
   */
  promote?: boolean;
  /**
   * Only on the last stage (not the first): samples nothing. It re-trains the previous stage's best
   * configurations — under `refine: "per-optimizer"` each optimizer's best `keepTop` (so `trials` is
   * keepTop × optimizers), otherwise the best `keepTop` — from scratch, each with `repeats` fresh
   * seeds (seeds no earlier stage used), so a configuration is judged on seeds it was not chosen on.
   * The optimizer comparison (GET /api/studies/:id/comparison) reads this stage. Default false.
   */
  confirm?: boolean;
  /**
   * Seeds per configuration in this stage, instead of the study's `repeats` (e.g. one seed while
   * searching, five in the confirm stage). A configuration continues into a stage (promotion) only
   * when both stages train it with the same number of seeds.
   */
  repeats?: number;
}

/**
 * Stopping a trial for trailing its peers at the same epoch (search/pruning.ts). Every prune says
 * why in words and numbers. Epochs count a trial's whole training, promotions included.
 */
export type PrunerSpec =
  | { type: 'none' }
  | {
      type: 'median';
      /** No trial is pruned at or before this epoch. */
      warmupEpochs: number;
      /** Peers that must have reported an epoch before a trial can be pruned there. */
      minPeers: number;
    }
  | {
      type: 'asha';
      /** The first rung's epoch (r); rungs are at r, r·η, r·η², … */
      minEpochs: number;
      /** η: a trial goes on past a rung only if it is in the top 1/η of that rung. */
      reduction: number;
      /** Trials that must have reached a rung before it cuts anyone. */
      minPeers: number;
    };
export type PrunerType = PrunerSpec['type'];

export type MetricName = 'val_loss' | 'val_acc';
export type MetricMode = 'min' | 'max';

export interface EarlyStoppingSpec {
  enabled: boolean;
  monitor: MetricName;
  /** Defaults to the natural direction of `monitor` (min for loss, max for accuracy). */
  mode: MetricMode;
  /** Epochs without improvement before stopping. */
  patience: number;
  /** An improvement smaller than this is no improvement. */
  minDelta: number;
  /** The first `warmup` epochs never stop a trial. */
  warmup: number;
  /** When set, the monitored metric must beat this value or the trial stops after `patience` epochs. */
  baseline?: number;
  /** Evaluate (and report) the best epoch's weights at the end rather than the last epoch's. */
  restoreBest: boolean;
}

/** How a configuration's repeats make its score: their mean (default) or their median. */
export const AGGREGATES = ['mean', 'median'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

export interface ObjectiveSpec {
  metric: MetricName;
  mode: MetricMode;
  /** How the repeats of a configuration are combined into its score. Default 'mean' (absent in the validated spec unless given). */
  aggregate?: Aggregate;
}

/**
 * Random changes to training images (never to validation or test images), drawn per example from
 * the trial seed, so paired trials see the same augmented batches and a resumed trial replays them.
 */
export interface AugmentationSpec {
  /** Largest translation in pixels, along x and along y independently, zero-filled (0 = none). */
  shift: number;
  /** Mirror left–right with probability 0.5 (only where the dataset's labels survive a flip). */
  flip: boolean;
}

export interface DataSpec {
  trainSamples: number;
  valSamples: number;
  augmentation: AugmentationSpec;
}

export interface StudySpec {
  name: string;
  dataset: DatasetName;
  seed: number;
  model: ModelSpec;
  space: SearchSpace;
  stages: StageSpec[];
  earlyStopping: EarlyStoppingSpec;
  objective: ObjectiveSpec;
  data: DataSpec;
  /** Keep every trial's per-epoch and final weights, for loss landscapes (about 4 bytes × parameters × (epochs + 1) per trial). Default false. */
  keepWeights?: boolean;
  /** How later stages narrow the space (see RefineMode). Default 'global'. */
  refine?: RefineMode;
  /** Stopping trials that trail their peers (see PrunerSpec). Default: see search/defaults.ts DEFAULT_PRUNER. */
  pruner?: PrunerSpec;
  /**
   * Seeds per configuration (1 to LIMITS.repeats.max): every sampled configuration trains this many
   * times, repeat k of every configuration with the same seed (same initial weights, batch order,
   * augmentation and dropout masks: paired). A configuration's score is the aggregate of its
   * repeats. Default 1 (absent in the validated spec unless given).
   */
  repeats?: number;
}

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

/** `pruned`: stopped by the study's pruner for trailing its peers (the reason says by how much). */
export const TRIAL_STATES = ['queued', 'running', 'completed', 'early-stopped', 'pruned', 'diverged', 'failed', 'cancelled'] as const;
export type TrialState = (typeof TRIAL_STATES)[number];
export const FINISHED_TRIAL_STATES: readonly TrialState[] = ['completed', 'early-stopped', 'pruned', 'diverged', 'failed', 'cancelled'];

export const STUDY_STATES = ['queued', 'running', 'completed', 'cancelled', 'failed'] as const;
export type StudyState = (typeof STUDY_STATES)[number];
/** A study in one of these states never changes again: nothing is planned, queued or trained for it. */
export const TERMINAL_STUDY_STATES: readonly StudyState[] = ['completed', 'cancelled', 'failed'];
export const isTerminalStudyState = (state: StudyState): boolean => TERMINAL_STUDY_STATES.includes(state);

/** One epoch of one trial. Losses are `null` where the value was NaN or infinite (JSON has no NaN). */
export interface EpochMetrics {
  epoch: number;
  trainLoss: number | null;
  trainAcc: number;
  valLoss: number | null;
  valAcc: number;
  learningRate: number;
  seconds: number;
  samplesPerSec: number;
}

/** The early-stopping rule's verdict after an epoch. */
export interface StopDecision {
  stop: boolean;
  /** Plain words and numbers, e.g. "val_loss 0.0831 did not improve on 0.0824 (epoch 4) by 0.001 for 3 epochs". */
  reason: string;
  /** 1-based epoch with the best monitored value so far, or null before any finite value. */
  bestEpoch: number | null;
  bestValue: number | null;
  /** Epochs since the best epoch: the patience counter a dashboard shows. */
  epochsSinceBest: number;
}

export interface TrialRecord {
  id: string;
  studyId: string;
  stage: number;
  index: number;
  seed: number;
  config: TrialConfig;
  epochs: number;
  status: TrialState;
  epochsDone: number;
  epochsSinceBest: number;
  bestEpoch: number | null;
  /** The objective metric at the best epoch (or final evaluation with restoreBest). */
  bestMetric: number | null;
  /** Metrics of the epoch the trial is ranked by. */
  bestMetrics: EpochMetrics | null;
  /** Loss and accuracy of the final weights (the best epoch's under restoreBest) on the held-out test set. */
  test: { loss: number | null; acc: number } | null;
  /** Why the trial ended the way it did: a stop reason, a divergence, an error. */
  stopReason: string | null;
  backend: string | null;
  host: string | null;
  attempts: number;
  resumedFromEpoch: number | null;
  /**
   * Set on a trial promoted from the previous stage: the trial it continues (same config, its
   * checkpoint and history) and the epoch it took over at. Its curve is that trial's, continued.
   */
  promotedFrom?: { trialId: string; stage: number; epoch: number } | null;
  /**
   * Only in studies with `repeats` > 1: the configuration this run is one repeat of (`s<stage>-c<index>`)
   * and which repeat (0-based; repeat k of every configuration of a stage has the same seed).
   * Absent: the trial is a configuration of its own (configId = its id, repeat 0).
   */
  configId?: string;
  repeat?: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface StageRecord {
  index: number;
  space: SearchSpace;
  trialIds: string[];
  epochs: number;
  /** `cancelled` when the study was cancelled before the stage completed. */
  state: 'queued' | 'running' | 'completed' | 'cancelled';
  /** Only under `refine: 'per-optimizer'`: each optimizer's own space (`space` is then their hull, for display). */
  spaces?: Partial<Record<OptimizerName, SearchSpace>>;
}

/**
 * Per-stage counts the API adds to a study in list and detail views (search/stage-progress.ts
 * derives them; the dashboard uses the same code). A stage is `pending` until it is planned,
 * `queued` until one of its trials starts, `running` until its stage job ranks it; a cancelled
 * study's stages that had not completed, those never planned included, are `cancelled`.
 */
export interface StageProgress {
  index: number;
  trials: number;
  epochs: number;
  /** Trials that ended with a result of their own (completed, early-stopped, diverged, failed); cancelled ones are not done. */
  finished: number;
  /** Trials cancelled before they ended by themselves. */
  cancelled: number;
  running: number;
  state: StageRecord['state'] | 'pending';
}

/** A Student-t interval for a mean: mean ± t(0.975, n − 1) · s / √n over n values (search/stats.ts). */
export interface MeanInterval {
  n: number;
  mean: number;
  median: number;
  /** Sample standard deviation (n − 1 in the denominator); null for n < 2. */
  sd: number | null;
  /** Half the interval's width; null for n < 2 (one value has no spread to measure). */
  halfWidth: number | null;
  low: number | null;
  high: number | null;
}

/** A configuration trained with several paired seeds: its runs and what they add up to. */
export interface RepeatSummary {
  configId: string;
  /** The runs by repeat (index k = repeat k), their seeds and their objective values (null: no usable value). */
  trialIds: string[];
  seeds: number[];
  values: Array<number | null>;
  aggregate: Aggregate;
  /** Over the usable values; null when there are none. */
  interval: MeanInterval | null;
}

export interface BestConfiguration {
  /** The configuration's first run (repeat 0) when it has repeats. */
  trialId: string;
  stage: number;
  config: TrialConfig;
  metric: number | null;
  metrics: EpochMetrics | null;
  status: TrialState;
  epochsDone: number;
  stopReason: string | null;
  /** Loss and accuracy on the held-out test set (never used for ranking); null before the trial ends. */
  test?: { loss: number | null; acc: number } | null;
  /** Only for a configuration with repeats: `metric` is then their aggregate, this says of what. */
  repeats?: RepeatSummary;
}

export interface BestSummary {
  objective: ObjectiveSpec;
  overall: BestConfiguration | null;
  byOptimizer: Partial<Record<OptimizerName, BestConfiguration>>;
}

export interface StudyRecord {
  id: string;
  spec: StudySpec;
  state: StudyState;
  stages: StageRecord[];
  currentStage: number;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  error: string | null;
  best: BestSummary | null;
}

// ---------------------------------------------------------------------------------------------
// Events (one Redis Stream per study, forwarded as SSE with the stream id as the SSE id)
// ---------------------------------------------------------------------------------------------

export type StudyEvent =
  | { type: 'study-state'; studyId: string; state: StudyState; message?: string }
  | { type: 'stage-started'; studyId: string; stage: number; trialIds: string[]; space: SearchSpace; epochs: number; spaces?: StageRecord['spaces'] }
  | { type: 'trial-started'; studyId: string; trialId: string; stage: number; config: TrialConfig; backend: string; host: string; resumedFromEpoch: number | null; promotedFrom?: TrialRecord['promotedFrom'] }
  | { type: 'epoch'; studyId: string; trialId: string; stage: number; metrics: EpochMetrics; epochsSinceBest: number; patience: number }
  | { type: 'trial-finished'; studyId: string; trialId: string; stage: number; status: TrialState; bestEpoch: number | null; bestMetric: number | null; reason: string | null; epochsDone: number }
  | { type: 'stage-finished'; studyId: string; stage: number; ranking: string[]; nextSpace: SearchSpace | null }
  | { type: 'study-finished'; studyId: string; state: StudyState; best: BestSummary | null };

export type StudyEventType = StudyEvent['type'];

/**
 * What one step of a study's lifecycle changes (search/study-lifecycle.ts): the study's next
 * record, trials to write with it and events to append, all in one transaction. A step that has
 * nothing to change returns null instead.
 */
export interface StudyChange {
  study: StudyRecord;
  trials?: TrialRecord[];
  events?: StudyEvent[];
}

/** The same for one trial (search/trial-lifecycle.ts). */
export interface TrialChange {
  trial: TrialRecord;
  events?: StudyEvent[];
}

/** A study event as read back from the stream, with its stream id. */
export interface StoredEvent {
  id: string;
  event: StudyEvent;
}

// ---------------------------------------------------------------------------------------------
// Jobs (BullMQ): one map from job name to payload and result
// ---------------------------------------------------------------------------------------------

export interface TrainJobData {
  studyId: string;
  trialId: string;
  stage: number;
}

export interface TrainJobResult {
  trialId: string;
  status: TrialState;
  bestMetric: number | null;
}

export interface StageJobData {
  studyId: string;
  stage: number;
}

export interface StageJobResult {
  studyId: string;
  stage: number;
  next: 'stage' | 'done' | 'cancelled';
}

export interface JobMap {
  train: { data: TrainJobData; result: TrainJobResult };
  stage: { data: StageJobData; result: StageJobResult };
  landscape: { data: LandscapeJobData; result: LandscapeJobResult };
}
export type JobName = keyof JobMap;

// ---------------------------------------------------------------------------------------------
// Workers
// ---------------------------------------------------------------------------------------------

export const TFJS_BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type TfjsBackendChoice = (typeof TFJS_BACKENDS)[number];

export interface WorkerHeartbeat {
  id: string;
  host: string;
  pid: number;
  backend: string;
  /** Trials this worker trains at once (WORKER_CONCURRENCY). */
  concurrency: number;
  /** The first of `trials` (kept for older clients). */
  currentTrial: { studyId: string; trialId: string; epoch: number } | null;
  /** Every trial training now, one per busy slot, with its last finished epoch. */
  trials?: Array<{ studyId: string; trialId: string; epoch: number }>;
  /** 'threads': each running trial trains in a worker thread of its own (one core each); 'in-process': on the worker's thread. */
  threads?: 'threads' | 'in-process';
  /** Threads each trial's batches are split across (TRIAL_THREADS, data-parallel); 1 or absent: one. */
  trialThreads?: number;
  /** Training speed of the last epoch this worker finished (images/s), for cost estimates; null before one. */
  samplesPerSec?: number | null;
  startedAt: string;
  lastHeartbeat: string;
}

// ---------------------------------------------------------------------------------------------
// HTTP errors
// ---------------------------------------------------------------------------------------------

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `space.learningRate.min` or `stages[1].keepTop`. */
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: string; message: string; details?: FieldIssue[] | Record<string, unknown> };
}

// ---------------------------------------------------------------------------------------------
// Optimizers on loss surfaces: 2-D surfaces (POST /api/surfaces, surfaces/) and the CNN's loss
// landscape around a trained trial (`landscape` jobs, worker/landscape-processor.ts)
// ---------------------------------------------------------------------------------------------

export const SURFACE_KINDS = ['quadratic', 'saddle', 'rosenbrock', 'beale', 'himmelblau'] as const;
export type SurfaceKind = (typeof SURFACE_KINDS)[number];

/**
 * A 2-D test function. `quadratic` is ½(u² + v²/condition) on axes rotated by `angle` degrees
 * (condition number ≥ 1); the others have no parameters (surfaces/surfaces.ts has the formulas).
 */
export type SurfaceSpec =
  | { kind: 'quadratic'; condition: number; angle: number }
  | { kind: 'saddle' }
  | { kind: 'rosenbrock' }
  | { kind: 'beale' }
  | { kind: 'himmelblau' };

/** Gradient noise standing for minibatch noise: each step sees ∇f + scale·ε, ε ~ N(0, I) from `seed`. */
export interface GradientNoiseSpec {
  scale: number;
  seed: number;
}

/** The optimizers raced on a surface: the product's four, with Nesterov momentum as its own entry. */
export const SURFACE_OPTIMIZERS = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam'] as const;
export type SurfaceOptimizerName = (typeof SURFACE_OPTIMIZERS)[number];

/** One optimizer of a race with every knob that applies to it filled in. */
export interface SurfaceOptimizerSpec {
  /** Names the run in the result (defaults to the optimizer's name; unique within a request). */
  label: string;
  optimizer: SurfaceOptimizerName;
  learningRate: number;
  /** momentum and nesterov: the accumulation's decay; rmsprop: its heavy-ball momentum. */
  momentum?: number;
  rho?: number;
  epsilon?: number;
  beta1?: number;
  beta2?: number;
}

export interface SurfaceViewBox {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** A surface race with every default filled in (surfaces/request-schema.ts documents them). */
export interface SurfaceRequest {
  surface: SurfaceSpec;
  noise: GradientNoiseSpec | null;
  start: [number, number];
  steps: number;
  /** A run has converged at the first step where loss − minLoss < tolerance. */
  tolerance: number;
  optimizers: SurfaceOptimizerSpec[];
  /** The box the contour grid covers. */
  view: SurfaceViewBox;
  /** Points per side of the contour grid (0 = no grid). */
  grid: number;
}

export interface SurfaceInfo {
  kind: SurfaceKind;
  name: string;
  formula: string;
  /** Global minimisers (none for the saddle, which is unbounded below). */
  minima: Array<[number, number]>;
  /** f at the minimisers (f*), or null where there is none. */
  minLoss: number | null;
}

/** One optimizer's run. Arrays are indexed by step: entry 0 is the start, entry k the point after k updates. */
export interface SurfaceRun {
  label: string;
  optimizer: SurfaceOptimizerName;
  settings: SurfaceOptimizerSpec;
  trajectory: Array<[number, number]>;
  /** The true f at each point (never the noisy one). */
  loss: number[];
  finalLoss: number;
  /** First step k with loss[k] − minLoss < tolerance; null when never (or the surface has no minimum). */
  stepsToTolerance: number | null;
  /**
   * True when an update left the parameters non-finite or |loss| > 1e6 (on the saddle: escaped
   * towards −∞). The arrays end at that step, or just before it when the point itself is not finite.
   */
  diverged: boolean;
  divergedAtStep: number | null;
}

/** f on a grid over the view box, for contour plots: values[j][i] = f(x[i], y[j]). */
export interface ContourGrid {
  x: number[];
  y: number[];
  values: number[][];
}

export interface SurfaceResult {
  request: SurfaceRequest;
  surface: SurfaceInfo;
  /** The tfjs backend that ran the optimizer updates. */
  backend: string;
  runs: SurfaceRun[];
  grid: ContourGrid | null;
}

/**
 * How a study narrows its space between stages: `global` narrows one space around the best trials
 * of any optimizer (keepTop in all); `conditional` keeps only the optimizers of the best keepTop
 * trials and narrows each one's own ranges around its own kept trials, sharing the next stage's
 * fresh trials among them by how many of the kept trials each has; `per-optimizer` gives every
 * optimizer the same share of each stage's trials and its own space, narrowed around its own best
 * keepTop trials (a fair race).
 */
export const REFINE_MODES = ['global', 'conditional', 'per-optimizer'] as const;
export type RefineMode = (typeof REFINE_MODES)[number];

export const LANDSCAPE_DIRECTIONS = ['random', 'pca'] as const;
export type LandscapeDirections = (typeof LANDSCAPE_DIRECTIONS)[number];

/** A landscape request with its defaults filled in (POST /api/studies/:id/trials/:trialId/landscape). */
export interface LandscapeRequest {
  /** `random`: filter-normalised Gaussian directions (Li et al., 2018); `pca`: the trajectories' top two principal directions. */
  directions: LandscapeDirections;
  /** Points per axis, odd so that the centre (the trial's final weights) is a grid point. */
  grid: number;
  /** Half-width of each axis in direction units; null: 1 for random directions, fitted to the trajectories for pca. */
  span: number | null;
  /** Seed of the random directions. */
  seed: number;
  /** Trials whose per-epoch weights are projected onto the plane, the centre trial first. */
  trials: string[];
}

export const LANDSCAPE_STATES = ['queued', 'running', 'completed', 'failed'] as const;
export type LandscapeState = (typeof LANDSCAPE_STATES)[number];
/** A landscape in one of these states is done: its record changes no more. */
export const TERMINAL_LANDSCAPE_STATES: readonly LandscapeState[] = ['completed', 'failed'];

/** A trial's weights, epoch by epoch (epoch 0 = the initial weights), as plane coordinates. */
export interface LandscapeTrajectory {
  trialId: string;
  optimizer: OptimizerName;
  learningRate: number;
  /** With the validation loss the trial recorded for that epoch (null for epoch 0). */
  points: Array<{ epoch: number; x: number; y: number; valLoss: number | null }>;
  /** The trial's final weights (the best epoch's under restoreBest). */
  final: { x: number; y: number };
  /** Distance from the plane of the final weights, relative to their distance from the centre (0 for the centre trial). */
  finalResidual: number;
}

export interface LandscapeResult {
  directions: LandscapeDirections;
  axes: { x: number[]; y: number[] };
  /** Validation loss at centre + x[i]·d₁ + y[j]·d₂, as loss[j][i]; null where not finite. */
  loss: Array<Array<number | null>>;
  /** Validation accuracy at the same points. */
  acc: number[][];
  /** The grid's centre: the trial's final weights, and the validation loss its training recorded for them. */
  centre: { loss: number | null; acc: number; recordedValLoss: number | null; epoch: number | null };
  trajectories: LandscapeTrajectory[];
  /** pca only: the fraction of the trajectories' variance along each direction. */
  explainedVariance: [number, number] | null;
  valSamples: number;
  parameters: number;
  seconds: number;
  backend: string;
}

export interface LandscapeRecord {
  id: string;
  studyId: string;
  trialId: string;
  request: LandscapeRequest;
  state: LandscapeState;
  /** Grid rows evaluated so far, of `rows`. */
  progress: { rowsDone: number; rows: number };
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  result: LandscapeResult | null;
}

export interface LandscapeJobData {
  studyId: string;
  landscapeId: string;
}

export interface LandscapeJobResult {
  landscapeId: string;
  state: LandscapeState;
}
