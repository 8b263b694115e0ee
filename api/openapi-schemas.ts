// The schemas of the OpenAPI document (api/openapi.ts). Request bodies are generated from the zod
// schemas the API validates them with (z.toJSONSchema), so the document cannot drift from the
// validator; only the words are added here, each at a field path that must exist (a renamed field
// fails at load, and so in every test). Responses are the types of types/api.ts written out with
// their fields and the state enums of types/index.ts; tests/api/openapi.test.ts checks each one's
// fields against what the routes really answer.
import { z } from 'zod';
import { DIMENSION_ORDER } from '../search/search-dimensions.js';
import { LANDSCAPE_STATES, OPTIMIZERS, STUDY_STATES, TRIAL_STATES } from '../types/index.js';
import { IMPORTANCE_STATUSES } from '../types/api.js';
import { studySpecSchema } from '../search/spec-schema.js';
import { landscapeRequestSchema } from '../search/landscape-request.js';
import { surfaceRequestSchema } from '../surfaces/request-schema.js';

type JsonSchema = { [key: string]: unknown; properties?: Record<string, JsonSchema>; items?: JsonSchema; description?: string };

/** The schema under `path` ('a.b' into properties, '[]' into array items, '' the root); throws where there is none. */
function at(schema: JsonSchema, path: string): JsonSchema {
  let node = schema;
  for (const part of path.split('.').filter(Boolean)) {
    const [name, ...items] = part.split('[]');
    if (name) {
      const next = node.properties?.[name];
      if (!next) throw new Error(`openapi words: no field ${JSON.stringify(name)} on the way to ${JSON.stringify(path)}`);
      node = next;
    }
    for (let i = 0; i < items.length; i++) {
      if (!node.items) throw new Error(`openapi words: ${JSON.stringify(path)} is not an array`);
      node = node.items;
    }
  }
  return node;
}

/** A request body's JSON Schema from its zod schema (as the client may send it: defaults optional), with `words` as descriptions. */
export function requestSchema(schema: z.ZodType, words: Record<string, string>): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  for (const [path, description] of Object.entries(words)) at(json, path).description = description;
  return json;
}

const STUDY_SPEC_WORDS: Record<string, string> = {
  '': 'Field defaults and limits are listed in the README (StudySpec reference).',
  'stages[].promote':
    "Not on stages[0]. The kept trials that trained their whole budget continue from their checkpoint up to this stage's epochs (in all); false: every trial starts from zero.",
  'data.augmentation': 'Random changes to training images only. Default { "shift": 0, "flip": false } (none).',
  'data.augmentation.shift': 'Largest translation in pixels along x and along y, zero-filled (a random crop of the padded image).',
  'data.augmentation.flip': 'Random horizontal flip, p = 0.5; allowed only for fashion-mnist.',
  keepWeights: "Keep every trial's per-epoch and final weights (about 4 bytes × parameters × (epochs + 1) per trial), so loss landscapes can be drawn around them.",
  refine:
    "`global`: later stages narrow one space around the best keepTop trials of any optimizer. `conditional`: only the kept trials' optimizers go on, each in its own space narrowed around its own kept trials. `per-optimizer`: every stage splits its trials evenly among the optimizers, and each optimizer's space narrows around its own best keepTop trials (a fair optimizer race).",
  repeats:
    'Seeds per configuration (default 1, at most 10): repeat k of every configuration trains with the same seed (initial weights, batch order, augmentation, dropout masks), and a configuration is ranked by the aggregate of its repeats. Runs in all (trials × repeats) at most 1000.',
  'stages[].repeats': "This stage's seeds per configuration instead of the study's repeats (e.g. 1 while searching, 5 in the confirm stage); promotion only between stages with as many seeds.",
  'objective.aggregate': 'How a configuration\'s repeats make its score: `mean` (default) or `median`.',
  'stages[].confirm':
    'Only on the last stage, not the first: samples nothing and retrains the previous stage\'s best configurations from scratch on fresh seeds (per-optimizer: each optimizer\'s best keepTop, trials = keepTop × optimizers; else the best keepTop). GET /api/studies/{id}/comparison reads it.',
  pruner: 'Stops trials that trail their peers at the same epoch, with the reason. Default { "type": "asha", "minEpochs": 1, "reduction": 3, "minPeers": 2 }.',
};

const SURFACE_REQUEST_WORDS: Record<string, string> = {
  '':
    "An optimizer race on a 2-D surface. Defaults: the surface's start point, view box and step count (200; rosenbrock 2000, beale 1000), tolerance 1e-3, no noise, no grid, and all five optimizers with the surface's learning rates (GET /api/surfaces lists them).",
  noise: 'Adds scale·N(0, I) to every gradient (minibatch noise); every optimizer sees the same noise sequence.',
  tolerance: 'A run has converged at the first step where loss − f* < tolerance.',
  'optimizers[]':
    'Knobs that do not apply to the optimizer are rejected; missing ones take the product defaults (momentum 0.9; rmsprop rho 0.9, epsilon 1e-8, momentum 0; adam beta1 0.9, beta2 0.999, epsilon 1e-8).',
  'optimizers[].label': 'Defaults to the optimizer name; unique within a request.',
  view: 'The box the contour grid covers (coordinates in [−1000, 1000]).',
  grid: 'Points per side of a contour grid over the view box (0 = none, else ≥ 2).',
};

const LANDSCAPE_REQUEST_WORDS: Record<string, string> = {
  directions: "`random`: filter-normalised Gaussian directions (Li et al., 2018). `pca`: the top two principal directions of the projected trials' per-epoch weights.",
  grid: "Points per axis; odd, so the trial's final weights are the centre point.",
  span: "Half-width of each axis in direction units. Default 1 for random directions; for pca, 1.25 × the trajectories' largest coordinate on each axis.",
  seed: 'Seed of the random directions; default the study seed.',
  trials: 'Other trials of the study whose per-epoch weights are projected onto the plane (and, for pca, span it).',
};

// --- responses ------------------------------------------------------------------------------

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string) => ({ type: [type, 'null'] });
const str = { type: 'string' };
const int = { type: 'integer' };
const num = { type: 'number' };
const bool = { type: 'boolean' };
const obj = (description?: string) => ({ type: 'object', ...(description ? { description } : {}) });
const arrayOf = (items: object) => ({ type: 'array', items });

/** An object whose every listed field is always present. */
function record(properties: Record<string, object>, description?: string): JsonSchema {
  return { type: 'object', required: Object.keys(properties), properties: properties as Record<string, JsonSchema>, ...(description ? { description } : {}) };
}

const studyFields = {
  id: str,
  state: { enum: [...STUDY_STATES] },
  currentStage: int,
  createdAt: str,
  updatedAt: str,
  finishedAt: nullable('string'),
  error: nullable('string'),
  progress: arrayOf(ref('StageProgress')),
  trialsTotal: int,
  trialsFinished: int,
  best: ref('Best'),
};

export const RESPONSE_SCHEMAS: Record<string, JsonSchema> = {
  Error: record({ error: record({ code: str, message: str }) }, 'Every 4xx and 5xx answer. error.details (for 400s), when present, lists { path, message } per problem.'),
  StageProgress: record(
    { index: int, trials: int, epochs: int, finished: int, cancelled: int, running: int, state: { enum: ['pending', 'queued', 'running', 'completed', 'cancelled'] } },
    "Cancelled trials are not finished; a cancelled study's unfinished stages, never-planned ones too, are cancelled.",
  ),
  Study: record({ ...studyFields, spec: ref('StudySpec'), stages: arrayOf(obj('StageRecord: index, space, trialIds, epochs, state')) }, 'StudyResponse (types/api.ts).'),
  StudyListItem: record({ ...studyFields, name: str, dataset: str, objective: obj('{ metric, mode }') }, 'A study without its spec and stage records.'),
  StudyList: record({ studies: arrayOf(ref('StudyListItem')), total: int }),
  Trial: record(
    {
      id: str, studyId: str, stage: int, index: int, seed: int, config: obj('TrialConfig: optimizer, learningRate, batchSize and the optimizer\'s knobs'),
      epochs: int, status: { enum: [...TRIAL_STATES] }, epochsDone: int, epochsSinceBest: int, bestEpoch: nullable('integer'), bestMetric: nullable('number'),
      bestMetrics: { oneOf: [ref('EpochMetrics'), { type: 'null' }] }, test: { type: ['object', 'null'], description: 'Held-out test { loss, acc } of the final weights; never used for ranking.' },
      stopReason: nullable('string'), backend: nullable('string'), host: nullable('string'), attempts: int, resumedFromEpoch: nullable('integer'),
      promotedFrom: { type: ['object', 'null'], description: 'A promoted trial: { trialId, stage, epoch } it continues from; else null.' },
      createdAt: str, startedAt: nullable('string'), finishedAt: nullable('string'),
    },
    'TrialRecord (types/index.ts). With repeats > 1 also configId (s<stage>-c<index>) and repeat (0-based).',
  ),
  TrialList: record({ studyId: str, trials: arrayOf(ref('Trial')) }),
  EpochMetrics: record({ epoch: int, trainLoss: nullable('number'), trainAcc: num, valLoss: nullable('number'), valAcc: num, learningRate: num, seconds: num, samplesPerSec: num }, 'Losses are null where they were not finite.'),
  TrialMetrics: record({ studyId: str, trialId: str, status: { enum: [...TRIAL_STATES] }, epochs: arrayOf(ref('EpochMetrics')) }),
  Best: record({ objective: obj('{ metric, mode }'), overall: { type: ['object', 'null'], description: 'BestConfiguration: trialId, stage, config, metric, metrics, status, epochsDone, stopReason, test; with repeats also repeats { configId, trialIds, seeds, values, aggregate, interval } and metric is their aggregate' }, byOptimizer: obj('optimizer → BestConfiguration') }, 'BestSummary (types/index.ts).'),
  BestResponse: record({ studyId: str, state: { enum: [...STUDY_STATES] }, final: bool, objective: obj(), overall: { type: ['object', 'null'] }, byOptimizer: obj() }, 'final: the study has ended and the ranking can no longer change.'),
  DryRun: record({ dryRun: { const: true }, spec: ref('StudySpec'), cost: obj('trials, stages[{ stage, trials, epochs, epochsAtMost, epochsWithPromotion }], epochsAtMost, epochsWithPromotion, trainSamplesAtMost'), estimate: { type: ['object', 'null'], description: 'From the workers\' last measured samples/s: workers, samplesPerSec, secondsAtMost, secondsWithPromotion, note; null before any worker measured one.' } }),
  Export: record({ studyId: str, name: str, rows: arrayOf(obj('One row: plain scalar columns, the same as the CSV\'s')) }),
  Importance: record(
    {
      studyId: str, stage: int, stages: int, objective: obj('{ metric, mode }'), status: { enum: [...IMPORTANCE_STATUSES] }, method: { const: 'fanova-random-forest' },
      trials: int, minTrials: int, trees: int, importances: arrayOf(ref('DimensionImportance')), interactions: nullable('number'),
      skipped: arrayOf(record({ dimension: { enum: [...DIMENSION_ORDER] }, reason: str })), summary: str,
    },
    "Functional ANOVA over a random forest fitted to the stage's finished trials with a finite objective (configuration → objective at the best epoch); numeric dimensions uniform on their range (log10 for log types), categories alike. Numbers only when status is computed (at least minTrials trials, some variance, a dimension every trial has); summary says the result or why there is none.",
  ),
  DimensionImportance: record(
    { dimension: { enum: [...DIMENSION_ORDER] }, scale: { enum: ['log', 'linear', 'categorical'] }, importance: num, sd: num },
    "importance: the share (0 to 1) of the objective's variance the dimension explains on its own, the mean over the trees; sd: its spread across the trees.",
  ),
  Comparison: record(
    {
      studyId: str, state: { enum: [...STUDY_STATES] }, final: bool, stage: nullable('integer'), confirm: bool, repeats: int,
      objective: obj('{ metric, mode, aggregate }'), interval: str, optimizers: arrayOf(ref('ComparisonOptimizer')), pairs: arrayOf(ref('ComparisonPair')), note: str,
    },
    "ComparisonResponse (types/api.ts). The last stage with results is compared; repeat k of every optimizer ran on the same seed. A pair's difference is clear when its 95 % t-interval excludes 0.",
  ),
  ComparisonOptimizer: record(
    {
      optimizer: { enum: [...OPTIMIZERS] }, configId: str, config: obj('TrialConfig'), status: { enum: [...TRIAL_STATES] }, trialIds: arrayOf(str), seeds: arrayOf(int),
      values: arrayOf(nullable('number')), score: num, interval: { type: ['object', 'null'], description: 'MeanInterval: n, mean, median, sd, halfWidth, low, high (the last four null with one seed)' },
    },
    'An optimizer\'s best configuration: its runs by repeat and their objective values; score is the objective\'s aggregate (mean unless median).',
  ),
  ComparisonPair: record(
    {
      first: { enum: [...OPTIMIZERS] }, second: { enum: [...OPTIMIZERS] }, seeds: int, wins: int, losses: int, ties: int,
      difference: { type: ['object', 'null'], description: 'MeanInterval of first − second per seed, signed so that positive means first is better' }, better: { enum: [...OPTIMIZERS, null] }, verdict: str,
    },
    'first has the better score. better: the optimizer the interval favours, null for no clear difference.',
  ),
  Deleted: record({ deleted: str }),
  Landscape: record(
    {
      id: str, studyId: str, trialId: str, request: ref('LandscapeRequest'), state: { enum: [...LANDSCAPE_STATES] }, progress: record({ rowsDone: int, rows: int }),
      error: nullable('string'), createdAt: str, startedAt: nullable('string'), finishedAt: nullable('string'),
      result: { type: ['object', 'null'], description: 'Once completed: axes { x, y }, loss[j][i] and acc[j][i] on the grid, centre { loss, acc, recordedValLoss, epoch }, trajectories (per trial: points { epoch, x, y, valLoss }, final, finalResidual), explainedVariance (pca), valSamples, parameters, seconds, backend.' },
    },
    'LandscapeRecord (types/index.ts).',
  ),
  LandscapeList: record({ studyId: str, landscapes: arrayOf(obj('A landscape record without its result')) }),
  WorkerList: record({ workers: arrayOf(obj('WorkerHeartbeat: id, host, pid, backend, concurrency (slots), threads ("threads": a training thread per running trial, or "in-process"), trialThreads (threads each trial\'s batches are split across), trials [{ studyId, trialId, epoch (last finished) }] one per busy slot, currentTrial (the first of them, or null), samplesPerSec, startedAt, lastHeartbeat')) }),
  Health: record({ ok: bool, redis: { enum: ['up', 'down'] } }),
  SurfaceResult: obj(
    'SurfaceResult (types/index.ts): the resolved request, the surface (formula, minima, minLoss), the tfjs backend, one run per optimizer — label, settings, trajectory [[x, y], …] (entry k after k updates), loss per step, finalLoss, stepsToTolerance (first k with loss − f* < tolerance, or null), diverged and divergedAtStep (non-finite or |loss| > 1e6) — and the contour grid { x, y, values[j][i] } or null.',
  ),
};

export const REQUEST_SCHEMAS: Record<string, JsonSchema> = {
  StudySpec: requestSchema(studySpecSchema, STUDY_SPEC_WORDS),
  SurfaceRequest: requestSchema(surfaceRequestSchema, SURFACE_REQUEST_WORDS),
  LandscapeRequest: requestSchema(landscapeRequestSchema, LANDSCAPE_REQUEST_WORDS),
};
