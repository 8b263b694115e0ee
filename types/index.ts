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
}

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

export interface ObjectiveSpec {
  metric: MetricName;
  mode: MetricMode;
}

export interface DataSpec {
  trainSamples: number;
  valSamples: number;
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
}

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

export const TRIAL_STATES = ['queued', 'running', 'completed', 'early-stopped', 'diverged', 'failed', 'cancelled'] as const;
export type TrialState = (typeof TRIAL_STATES)[number];
export const FINISHED_TRIAL_STATES: readonly TrialState[] = ['completed', 'early-stopped', 'diverged', 'failed', 'cancelled'];

export const STUDY_STATES = ['queued', 'running', 'completed', 'cancelled', 'failed'] as const;
export type StudyState = (typeof STUDY_STATES)[number];

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
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface StageRecord {
  index: number;
  space: SearchSpace;
  trialIds: string[];
  epochs: number;
  state: 'queued' | 'running' | 'completed';
}

export interface BestConfiguration {
  trialId: string;
  stage: number;
  config: TrialConfig;
  metric: number | null;
  metrics: EpochMetrics | null;
  status: TrialState;
  epochsDone: number;
  stopReason: string | null;
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
  | { type: 'stage-started'; studyId: string; stage: number; trialIds: string[]; space: SearchSpace; epochs: number }
  | { type: 'trial-started'; studyId: string; trialId: string; stage: number; config: TrialConfig; backend: string; host: string; resumedFromEpoch: number | null }
  | { type: 'epoch'; studyId: string; trialId: string; stage: number; metrics: EpochMetrics; epochsSinceBest: number; patience: number }
  | { type: 'trial-finished'; studyId: string; trialId: string; stage: number; status: TrialState; bestEpoch: number | null; bestMetric: number | null; reason: string | null; epochsDone: number }
  | { type: 'stage-finished'; studyId: string; stage: number; ranking: string[]; nextSpace: SearchSpace | null }
  | { type: 'study-finished'; studyId: string; state: StudyState; best: BestSummary | null };

export type StudyEventType = StudyEvent['type'];

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
  concurrency: number;
  currentTrial: { studyId: string; trialId: string; epoch: number } | null;
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
