// The HTTP contract: the JSON each route answers, declared once. The routes build these with
// `satisfies` (api/routes/), the dashboard's client and the CLI read them (web/src/shared/api-client.ts),
// and the tests type what they get with them, so removing or renaming a field breaks the build in
// all three. Request bodies are described by their zod schemas (search/, surfaces/); the OpenAPI
// document is generated from those (api/openapi.ts).
import type {
  Aggregate,
  BestSummary,
  DimensionName,
  EpochMetrics,
  LandscapeRecord,
  MeanInterval,
  ObjectiveSpec,
  OptimizerName,
  StageProgress,
  StudyRecord,
  StudySpec,
  StudyState,
  TrialConfig,
  TrialRecord,
  TrialState,
  WorkerHeartbeat,
} from './index.js';

/** GET /api/studies/:id (also the answer to POST /api/studies and POST /api/studies/:id/cancel). */
export interface StudyResponse extends StudyRecord {
  progress: StageProgress[];
  trialsTotal: number;
  trialsFinished: number;
  /** The final ranking once the study has ended; before that, the ranking so far. */
  best: BestSummary;
}

/** A row of GET /api/studies: a study without its spec and stage records. */
export interface StudyListItem extends Omit<StudyResponse, 'spec' | 'stages'> {
  name: string;
  dataset: StudySpec['dataset'];
  objective: ObjectiveSpec;
}

export interface StudyListResponse {
  studies: StudyListItem[];
  /** Every study stored, however many `limit` let through. */
  total: number;
}

export interface TrialListResponse {
  studyId: string;
  trials: TrialRecord[];
}

/** GET /api/studies/:id/trials/:trialId/metrics */
export interface TrialMetricsResponse {
  studyId: string;
  trialId: string;
  status: TrialState;
  epochs: EpochMetrics[];
}

/** GET /api/studies/:id/best */
export interface BestResponse extends BestSummary {
  studyId: string;
  state: StudyState;
  /** True once the study has finished and the ranking can no longer change. */
  final: boolean;
}

export interface StageCost {
  stage: number;
  trials: number;
  epochs: number;
  /** Every trial trained from zero: trials × epochs. */
  epochsAtMost: number;
  /** The kept trials continuing from the previous stage's epochs (before any pruning). */
  epochsWithPromotion: number;
}

export interface StudyCost {
  trials: number;
  stages: StageCost[];
  epochsAtMost: number;
  epochsWithPromotion: number;
  /** Training images read at most (epochs × data.trainSamples), validation passes not counted. */
  trainSamplesAtMost: number;
}

export interface TimeEstimate {
  /** Workers heard from that have measured a speed. */
  workers: number;
  /** Their last measured training speeds, summed (each trains one trial at a time at that speed). */
  samplesPerSec: number;
  secondsAtMost: number;
  secondsWithPromotion: number;
  note: string;
}

/** POST /api/studies?dryRun=1: the spec as it would run, what it can cost, nothing written. */
export interface DryRunResponse {
  dryRun: true;
  spec: StudySpec;
  cost: StudyCost;
  /** Null when no worker has measured a speed yet. */
  estimate: TimeEstimate | null;
}

/** One value of an export row: CSV writes null as an empty field. */
export type ExportCell = string | number | boolean | null;
export type ExportRow = Record<string, ExportCell>;

/** GET /api/studies/:id/export?format=json (the CSV has the same rows). */
export interface ExportResponse {
  studyId: string;
  name: string;
  rows: ExportRow[];
}

/** How a dimension is read: log10 for log-uniform and log-int, as is for uniform and int, by category. */
export type DimensionScale = 'log' | 'linear' | 'categorical';

/** One dimension's main effect on the objective (functional ANOVA over a random forest, search/importance.ts). */
export interface DimensionImportance {
  dimension: DimensionName;
  scale: DimensionScale;
  /** The share of the objective's variance this dimension explains on its own, 0 to 1: the mean over the forest's trees. */
  importance: number;
  /** The standard deviation of that share across the trees (how sure the forest is). */
  sd: number;
}

/** A sampled dimension the importance leaves out, and why (e.g. a knob only some optimizers have). */
export interface SkippedDimension {
  dimension: DimensionName;
  reason: string;
}

/**
 * `computed`: the numbers are there. Otherwise `importances` is empty and `summary` says why:
 * fewer finished trials than `minTrials`, one objective value for all, or no dimension sampled.
 */
export const IMPORTANCE_STATUSES = ['computed', 'too-few-trials', 'no-variance', 'nothing-sampled'] as const;
export type ImportanceStatus = (typeof IMPORTANCE_STATUSES)[number];

export interface ImportanceResult {
  status: ImportanceStatus;
  method: 'fanova-random-forest';
  /** The finished trials (with a finite objective) of the stage the numbers are over. */
  trials: number;
  minTrials: number;
  trees: number;
  /** Largest first; empty unless `status` is computed. */
  importances: DimensionImportance[];
  /** The share no single dimension explains (interactions between them); null unless computed. */
  interactions: number | null;
  skipped: SkippedDimension[];
  /** The result in one sentence: "learning rate explains 71% of the variance of val_acc across the 24 finished trials of stage 1; …". */
  summary: string;
}

/** GET /api/studies/:id/importance[?stage=k]: which dimensions explain the objective in stage k (0-based; default 0). */
export interface ImportanceResponse extends ImportanceResult {
  studyId: string;
  stage: number;
  /** How many stages the study has (stage can be 0 … stages − 1). */
  stages: number;
  objective: ObjectiveSpec;
}

/** One optimizer in GET /api/studies/:id/comparison: its best configuration of the compared stage, run by run. */
export interface ComparisonOptimizer {
  optimizer: OptimizerName;
  configId: string;
  config: TrialConfig;
  status: TrialState;
  /** The runs by repeat (index k = repeat k, the same seed for every optimizer), their seeds and objective values. */
  trialIds: string[];
  seeds: number[];
  values: Array<number | null>;
  /** The aggregate that ranks it (objective.aggregate: mean unless median). */
  score: number;
  /** Mean ± 95 % Student-t interval over its repeats; halfWidth null with one seed. */
  interval: MeanInterval | null;
}

/** A pair of optimizers, the better score first: paired differences over the seeds both ran, and the verdict. */
export interface ComparisonPair {
  first: OptimizerName;
  second: OptimizerName;
  seeds: number;
  wins: number;
  losses: number;
  ties: number;
  /** How much better `first` is per seed (metric units), with its 95 % t-interval. */
  difference: MeanInterval | null;
  /** The optimizer the interval says is better; null for no clear difference (or no interval). */
  better: OptimizerName | null;
  /** In words and numbers, e.g. "adam 0.981 ± 0.002 vs momentum 0.978 ± 0.003 over 5 paired seeds: adam better in 5 of 5, paired difference 0.003 (95 % CI 0.001 … 0.005)". */
  verdict: string;
}

/** GET /api/studies/:id/comparison: the optimizer race's verdict (search/comparison.ts). */
export interface ComparisonResponse {
  studyId: string;
  state: StudyState;
  /** True once the study has ended: the verdict can no longer change. */
  final: boolean;
  /** The stage compared (the last with results; a confirm stage when the study has one), 0-based; null before any result. */
  stage: number | null;
  confirm: boolean;
  repeats: number;
  objective: ObjectiveSpec & { aggregate: Aggregate };
  /** Which interval the numbers carry, in words. */
  interval: string;
  optimizers: ComparisonOptimizer[];
  pairs: ComparisonPair[];
  note: string;
}

export interface DeleteResponse {
  deleted: string;
}

/** A landscape in a list: its record without the result grid. */
export type LandscapeSummary = Omit<LandscapeRecord, 'result'>;

export interface LandscapeListResponse {
  studyId: string;
  landscapes: LandscapeSummary[];
}

export interface WorkerListResponse {
  workers: WorkerHeartbeat[];
}

/** GET /healthz: 200 when Redis answers, 503 when it does not. */
export interface HealthResponse {
  ok: boolean;
  redis: 'up' | 'down';
}
