// The zod schema of every section of a StudySpec: strict objects (a misspelt key is an error, not
// silently ignored), limits from search/limits.ts, defaults from search/defaults.ts. The validator
// (search/spec-schema.ts) parses the spec section by section with these, so one bad section does
// not hide another's problems; `studySpecSchema` composes them into the whole spec as the API
// accepts it, for documentation (z.toJSONSchema) — the rules that need the whole spec are not in it.
import { z } from 'zod';
import type { DimensionName, Distribution, PrunerSpec } from '../../types/index.js';
import { AGGREGATES, DATASETS, REFINE_MODES } from '../../types/index.js';
import { AUGMENTATION_DEFAULTS, DIMENSION_DOMAINS, EARLY_STOPPING_DEFAULTS, MODEL_DEFAULTS, OBJECTIVE_DEFAULT, PRUNER_DEFAULTS, SEED_DEFAULT } from '../defaults.js';
import { LIMITS } from '../limits.js';
import { intWithin as int, within } from '../validation/index.js';

// ---------------------------------------------------------------------------------------------
// space
// ---------------------------------------------------------------------------------------------

export const categoricalValue = z.union([z.string(), z.number(), z.boolean()], {
  error: 'must be a string, a number or true/false',
});

const range = <T extends 'log-uniform' | 'uniform'>(type: T) =>
  z.strictObject({ type: z.literal(type), min: z.number(), max: z.number() });
const intRange = <T extends 'int' | 'log-int'>(type: T) =>
  z.strictObject({ type: z.literal(type), min: z.number().int(), max: z.number().int() });

/** One dimension of the search space; its domain (search/defaults.ts DIMENSION_DOMAINS) is checked after. */
export const distributionSchema = z.discriminatedUnion('type', [
  range('log-uniform'),
  range('uniform'),
  intRange('int'),
  intRange('log-int'),
  z.strictObject({ type: z.literal('categorical'), values: z.array(categoricalValue).min(1).max(LIMITS.maxCategoricalValues) }),
  z.strictObject({ type: z.literal('fixed'), value: categoricalValue }),
]);

export const DISTRIBUTION_KEYS: Record<Distribution['type'], string[]> = {
  'log-uniform': ['type', 'min', 'max'],
  uniform: ['type', 'min', 'max'],
  int: ['type', 'min', 'max'],
  'log-int': ['type', 'min', 'max'],
  categorical: ['type', 'values'],
  fixed: ['type', 'value'],
};

export const DIMENSIONS = Object.keys(DIMENSION_DOMAINS) as DimensionName[];
/** The dimensions every search space must have. */
export const REQUIRED_DIMENSIONS: readonly DimensionName[] = ['optimizer', 'learningRate', 'batchSize'];

// ---------------------------------------------------------------------------------------------
// model, stages, pruner, earlyStopping, objective, data
// ---------------------------------------------------------------------------------------------

const metricSchema = z.enum(['val_loss', 'val_acc']);
const modeSchema = z.enum(['min', 'max']);

export const modelSchema = z.strictObject({
  kind: z.literal('lenet').default('lenet'),
  filters: z.array(int(LIMITS.filters)).min(1).max(LIMITS.maxConvBlocks).default(() => [...MODEL_DEFAULTS.filters]),
  kernelSize: int(LIMITS.kernelSize).default(MODEL_DEFAULTS.kernelSize),
  padding: z.enum(['valid', 'same']).default(MODEL_DEFAULTS.padding),
  activation: z.enum(['relu', 'tanh']).default(MODEL_DEFAULTS.activation),
  pooling: z.enum(['max', 'avg']).default(MODEL_DEFAULTS.pooling),
  dense: z.array(int(LIMITS.denseUnits)).max(LIMITS.maxDenseLayers).default(() => [...MODEL_DEFAULTS.dense]),
  dropout: within(LIMITS.dropout).default(MODEL_DEFAULTS.dropout),
  l2: within(LIMITS.l2).default(MODEL_DEFAULTS.l2),
});

export const stageSchema = z.strictObject({
  trials: int(LIMITS.trialsPerStage),
  epochs: int(LIMITS.epochsPerStage),
  keepTop: z.number().int().min(1).optional(),
  promote: z.boolean().optional(),
  confirm: z.boolean().optional(),
  repeats: int(LIMITS.repeats).optional(),
});

/** One strict schema per pruner type, defaults from PRUNER_DEFAULTS. */
export const PRUNER_SCHEMAS = {
  none: z.strictObject({ type: z.literal('none') }),
  median: z.strictObject({
    type: z.literal('median'),
    warmupEpochs: int(LIMITS.prunerWarmup).default(PRUNER_DEFAULTS.median.warmupEpochs),
    minPeers: int(LIMITS.prunerPeers).default(PRUNER_DEFAULTS.median.minPeers),
  }),
  asha: z.strictObject({
    type: z.literal('asha'),
    minEpochs: int(LIMITS.ashaMinEpochs).default(PRUNER_DEFAULTS.asha.minEpochs),
    reduction: int(LIMITS.ashaReduction).default(PRUNER_DEFAULTS.asha.reduction),
    minPeers: int(LIMITS.prunerPeers).default(PRUNER_DEFAULTS.asha.minPeers),
  }),
} as const;
export const PRUNER_TYPES = Object.keys(PRUNER_SCHEMAS) as PrunerSpec['type'][];

/** The pruner type `v` names, when it is an object with a known `type`; else null. */
export function prunerTypeOf(v: unknown): PrunerSpec['type'] | null {
  const type = typeof v === 'object' && v !== null ? (v as { type?: unknown }).type : undefined;
  return typeof type === 'string' && Object.hasOwn(PRUNER_SCHEMAS, type) ? (type as PrunerSpec['type']) : null;
}

export const earlyStoppingSchema = z.strictObject({
  enabled: z.boolean().default(EARLY_STOPPING_DEFAULTS.enabled),
  monitor: metricSchema.default(EARLY_STOPPING_DEFAULTS.monitor),
  mode: modeSchema.optional(),
  patience: int(LIMITS.patience).default(EARLY_STOPPING_DEFAULTS.patience),
  minDelta: within(LIMITS.minDelta).default(EARLY_STOPPING_DEFAULTS.minDelta),
  warmup: int(LIMITS.warmup).default(EARLY_STOPPING_DEFAULTS.warmup),
  baseline: z.number().optional(),
  restoreBest: z.boolean().default(EARLY_STOPPING_DEFAULTS.restoreBest),
});

export const objectiveSchema = z.strictObject({
  metric: metricSchema.default(OBJECTIVE_DEFAULT.metric),
  mode: modeSchema.optional(),
  aggregate: z.enum(AGGREGATES).optional(),
});

export const augmentationSchema = z.strictObject({
  shift: int(LIMITS.augmentationShift).default(AUGMENTATION_DEFAULTS.shift),
  flip: z.boolean().default(AUGMENTATION_DEFAULTS.flip),
});

export const dataSchema = z.strictObject({
  trainSamples: z.number().int().min(LIMITS.samples.min).optional(),
  valSamples: z.number().int().min(LIMITS.samples.min).optional(),
  augmentation: augmentationSchema.optional(),
});

// ---------------------------------------------------------------------------------------------
// Top level
// ---------------------------------------------------------------------------------------------

export const TOP_LEVEL_KEYS = ['name', 'dataset', 'seed', 'model', 'space', 'stages', 'earlyStopping', 'objective', 'data', 'keepWeights', 'refine', 'pruner', 'repeats'] as const;

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
export const nameSchema = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.nameMaxLength)
  .refine((s) => !CONTROL_CHARACTERS.test(s), { message: 'must not contain control characters (tabs, newlines, NUL, …)' });
export const datasetSchema = z.enum(DATASETS);
export const seedSchema = int(LIMITS.seed);
/** The stages array itself; each stage is parsed on its own with stageSchema. */
export const stagesSchema = z.array(z.unknown()).min(1).max(LIMITS.maxStages);
export const keepWeightsSchema = z.boolean();
export const refineSchema = z.enum(REFINE_MODES);
export const repeatsSchema = int(LIMITS.repeats);

const optionalDimensions: Record<string, z.ZodOptional<typeof distributionSchema>> = Object.fromEntries(
  DIMENSIONS.filter((d) => !REQUIRED_DIMENSIONS.includes(d)).map((d) => [d, distributionSchema.optional()]),
);
const spaceSchema = z.strictObject({ optimizer: distributionSchema, learningRate: distributionSchema, batchSize: distributionSchema, ...optionalDimensions });

/**
 * The whole StudySpec as POST /api/studies accepts it, for documentation (`z.toJSONSchema`). The
 * validator does not parse with it: it parses section by section and adds the rules that need the
 * whole spec (ranges per dimension, knob applicability, image shape, stage chaining, dataset sizes).
 */
export const studySpecSchema = z.strictObject({
  name: nameSchema,
  dataset: datasetSchema,
  seed: seedSchema.default(SEED_DEFAULT),
  model: modelSchema.optional(),
  space: spaceSchema,
  stages: z.array(stageSchema).min(1).max(LIMITS.maxStages),
  earlyStopping: earlyStoppingSchema.optional(),
  objective: objectiveSchema.optional(),
  data: dataSchema.optional(),
  keepWeights: keepWeightsSchema.optional(),
  refine: refineSchema.optional(),
  pruner: z.discriminatedUnion('type', [PRUNER_SCHEMAS.none, PRUNER_SCHEMAS.median, PRUNER_SCHEMAS.asha]).optional(),
  repeats: repeatsSchema.optional(),
});
