// The one gate a StudySpec passes before anything trains: zod checks the structure (strict objects,
// so a misspelt key is an error rather than silently ignored), then semantic checks that need the
// whole spec (ranges, knob applicability, the image shape after the conv blocks, stage chaining,
// dataset sizes). Every problem becomes a FieldIssue whose path and message name the field and the
// rule, all problems are collected (not just the first), defaults are filled in, and nothing throws.
import { z } from 'zod';
import type {
  CategoricalValue,
  DataSpec,
  DatasetName,
  DimensionName,
  Distribution,
  EarlyStoppingSpec,
  FieldIssue,
  MetricMode,
  MetricName,
  ModelSpec,
  ObjectiveSpec,
  PrunerSpec,
  SearchSpace,
  StageSpec,
  StudySpec,
} from '../types/index.js';
import { DATASETS, OPTIMIZER_KNOBS, OPTIMIZERS, REFINE_MODES } from '../types/index.js';
import { DATASET_INFO } from './dataset-info.js';
import {
  AUGMENTATION_DEFAULTS,
  DIMENSION_DOMAINS,
  EARLY_STOPPING_DEFAULTS,
  LIMITS,
  MODEL_DEFAULTS,
  OBJECTIVE_DEFAULT,
  PRUNER_DEFAULTS,
  SEED_DEFAULT,
  defaultData,
  defaultKeepTop,
  defaultMode,
  formatInterval,
  inInterval,
  optimizersFor,
  sampledOptimizers,
} from './defaults.js';
import type { Interval } from './defaults.js';
import { formatPath, quote, type PathSegment } from './field-path.js';

export { formatPath } from './field-path.js';

export type ValidationResult = { ok: true; spec: StudySpec } | { ok: false; issues: FieldIssue[] };

// ---------------------------------------------------------------------------------------------
// Paths and values in words
// ---------------------------------------------------------------------------------------------

/** A value as a short phrase for "got …": never the whole of a big input. */
function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string': {
      const hint = v.trim() !== '' && Number.isFinite(Number(v)) ? ' (write numbers without quotes)' : '';
      return `the string ${quote(v)}${hint}`;
    }
    case 'number':
      return String(v);
    case 'boolean':
      return String(v);
    case 'object':
      return Array.isArray(v) ? `an array of ${v.length}` : 'an object';
    default:
      return `a ${typeof v}`;
  }
}

const NOUNS: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
};

// ---------------------------------------------------------------------------------------------
// Structure (zod)
// ---------------------------------------------------------------------------------------------

const categoricalValue = z.union([z.string(), z.number(), z.boolean()], {
  error: 'must be a string, a number or true/false',
});

const range = <T extends 'log-uniform' | 'uniform'>(type: T) =>
  z.strictObject({ type: z.literal(type), min: z.number(), max: z.number() });
const intRange = <T extends 'int' | 'log-int'>(type: T) =>
  z.strictObject({ type: z.literal(type), min: z.number().int(), max: z.number().int() });

const distributionSchema = z.discriminatedUnion('type', [
  range('log-uniform'),
  range('uniform'),
  intRange('int'),
  intRange('log-int'),
  z.strictObject({ type: z.literal('categorical'), values: z.array(categoricalValue).min(1).max(LIMITS.maxCategoricalValues) }),
  z.strictObject({ type: z.literal('fixed'), value: categoricalValue }),
]);

const DISTRIBUTION_KEYS: Record<Distribution['type'], string[]> = {
  'log-uniform': ['type', 'min', 'max'],
  uniform: ['type', 'min', 'max'],
  int: ['type', 'min', 'max'],
  'log-int': ['type', 'min', 'max'],
  categorical: ['type', 'values'],
  fixed: ['type', 'value'],
};

const int = (i: { min: number; max: number }) => z.number().int().min(i.min).max(i.max);
/** A zod number restricted to an Interval, open or closed at either end. */
const within = (i: Interval) => {
  const lower = i.minExclusive ? z.number().gt(i.min) : z.number().min(i.min);
  return i.maxExclusive ? lower.lt(i.max) : lower.max(i.max);
};

const metricSchema = z.enum(['val_loss', 'val_acc']);
const modeSchema = z.enum(['min', 'max']);

const modelSchema = z.strictObject({
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

const stageSchema = z.strictObject({
  trials: int(LIMITS.trialsPerStage),
  epochs: int(LIMITS.epochsPerStage),
  keepTop: z.number().int().min(1).optional(),
  promote: z.boolean().optional(),
});

/** One strict schema per pruner type, defaults from PRUNER_DEFAULTS. */
const PRUNER_SCHEMAS = {
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
const PRUNER_TYPES = Object.keys(PRUNER_SCHEMAS) as PrunerSpec['type'][];
const prunerTypeOf = (v: unknown): PrunerSpec['type'] | null => {
  const type = typeof v === 'object' && v !== null ? (v as { type?: unknown }).type : undefined;
  return typeof type === 'string' && Object.hasOwn(PRUNER_SCHEMAS, type) ? (type as PrunerSpec['type']) : null;
};

function parsePruner(raw: unknown, issues: FieldIssue[]): PrunerSpec | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    issues.push({ path: 'pruner', message: `pruner must be an object such as {"type": "median"}, got ${describeValue(raw)}` });
    return undefined;
  }
  const type = prunerTypeOf(raw);
  if (!type) {
    issues.push({ path: 'pruner.type', message: `pruner.type must be one of ${PRUNER_TYPES.map((t) => JSON.stringify(t)).join(', ')}, got ${describeValue((raw as { type?: unknown }).type)}` });
    return undefined;
  }
  return parseSection(PRUNER_SCHEMAS[type] as z.ZodType<PrunerSpec>, raw, ['pruner'], issues);
}

const earlyStoppingSchema = z.strictObject({
  enabled: z.boolean().default(EARLY_STOPPING_DEFAULTS.enabled),
  monitor: metricSchema.default(EARLY_STOPPING_DEFAULTS.monitor),
  mode: modeSchema.optional(),
  patience: int(LIMITS.patience).default(EARLY_STOPPING_DEFAULTS.patience),
  minDelta: within(LIMITS.minDelta).default(EARLY_STOPPING_DEFAULTS.minDelta),
  warmup: int(LIMITS.warmup).default(EARLY_STOPPING_DEFAULTS.warmup),
  baseline: z.number().optional(),
  restoreBest: z.boolean().default(EARLY_STOPPING_DEFAULTS.restoreBest),
});

const objectiveSchema = z.strictObject({
  metric: metricSchema.default(OBJECTIVE_DEFAULT.metric),
  mode: modeSchema.optional(),
});

const augmentationSchema = z.strictObject({
  shift: int(LIMITS.augmentationShift).default(AUGMENTATION_DEFAULTS.shift),
  flip: z.boolean().default(AUGMENTATION_DEFAULTS.flip),
});

const dataSchema = z.strictObject({
  trainSamples: z.number().int().min(LIMITS.samples.min).optional(),
  valSamples: z.number().int().min(LIMITS.samples.min).optional(),
  augmentation: augmentationSchema.optional(),
});

const TOP_LEVEL_KEYS = ['name', 'dataset', 'seed', 'model', 'space', 'stages', 'earlyStopping', 'objective', 'data', 'keepWeights', 'refine', 'pruner'] as const;
const DIMENSIONS = Object.keys(DIMENSION_DOMAINS) as DimensionName[];

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const nameSchema = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.nameMaxLength)
  .refine((s) => !CONTROL_CHARACTERS.test(s), { message: 'must not contain control characters (tabs, newlines, NUL, …)' });
const datasetSchema = z.enum(DATASETS);
const seedSchema = int(LIMITS.seed);
const stagesSchema = z.array(z.unknown()).min(1).max(LIMITS.maxStages);

/** Which keys an object at `path` may have (for "did you mean" in unknown-key messages). */
function knownKeysAt(path: readonly PathSegment[], input: unknown): readonly string[] {
  const [first, second] = path;
  if (path.length === 0) return TOP_LEVEL_KEYS;
  if (path.length === 1) {
    switch (first) {
      case 'model': return Object.keys(modelSchema.shape);
      case 'space': return DIMENSIONS;
      case 'earlyStopping': return Object.keys(earlyStoppingSchema.shape);
      case 'objective': return Object.keys(objectiveSchema.shape);
      case 'data': return Object.keys(dataSchema.shape);
      case 'pruner': {
        const type = prunerTypeOf(input);
        return type ? Object.keys(PRUNER_SCHEMAS[type].shape) : ['type'];
      }
      default: return [];
    }
  }
  if (path.length === 2 && first === 'stages') return Object.keys(stageSchema.shape);
  if (path.length === 2 && first === 'data' && second === 'augmentation') return Object.keys(augmentationSchema.shape);
  if (path.length === 2 && first === 'space' && typeof second === 'string') {
    const type = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
    return typeof type === 'string' && Object.hasOwn(DISTRIBUTION_KEYS, type) ? DISTRIBUTION_KEYS[type as Distribution['type']] : [];
  }
  return [];
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3 || a.length > 40 || b.length > 40) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

function unknownKeyMessage(path: readonly PathSegment[], key: string, known: readonly string[]): string {
  const where = path.length === 0 ? 'the study spec' : formatPath(path);
  const lower = key.toLowerCase();
  const guess = known
    .map((k) => ({ k, d: k.toLowerCase() === lower ? 0 : editDistance(lower, k.toLowerCase()) }))
    .filter((c) => c.d <= 2)
    .sort((x, y) => x.d - y.d)[0];
  const hint = guess ? `; did you mean ${guess.k}?` : known.length > 0 ? ` (known fields: ${known.join(', ')})` : '';
  return `${formatPath([...path, key])} is not a known field of ${where}${hint}`;
}

/** One zod issue (relative to `base`) as FieldIssues in this module's words. */
function fromZodIssue(base: readonly PathSegment[], iss: z.core.$ZodIssue): FieldIssue[] {
  const segments = [...base, ...(iss.path as PathSegment[])];
  const path = formatPath(segments);
  const field = path === '' ? 'the study spec' : path;
  const got = `got ${describeValue(iss.input)}`;
  const issue = (message: string): FieldIssue[] => [{ path, message }];
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return issue(`${field} is required`);
      if (iss.expected === 'object' && segments.length === 2 && segments[0] === 'space') {
        return issue(`${field} must be a distribution object such as { "type": "log-uniform", "min": 0.00001, "max": 0.1 }, ${got}`);
      }
      return issue(`${field} must be ${NOUNS[iss.expected] ?? iss.expected}, ${got}`);
    case 'too_small': {
      const min = Number(iss.minimum);
      if (iss.origin === 'array') return issue(`${field} must have at least ${min} ${min === 1 ? 'entry' : 'entries'}, ${got}`);
      if (iss.origin === 'string') return issue(`${field} must not be empty`);
      return issue(`${field} must be ${iss.inclusive ? '≥' : '>'} ${min}, ${got}`);
    }
    case 'too_big': {
      const max = Number(iss.maximum);
      if (iss.origin === 'array') return issue(`${field} must have at most ${max} entries, ${got}`);
      if (iss.origin === 'string') return issue(`${field} must be at most ${max} characters long`);
      return issue(`${field} must be ${iss.inclusive ? '≤' : '<'} ${max}, ${got}`);
    }
    case 'invalid_value': {
      const values = iss.values.map((v) => String(v));
      return issue(values.length === 1 ? `${field} must be "${values[0]}", ${got}` : `${field} must be one of ${values.join(', ')}, ${got}`);
    }
    case 'unrecognized_keys':
      return iss.keys.map((key) => ({
        path: formatPath([...segments, key]),
        message: unknownKeyMessage(segments, key, knownKeysAt(segments, iss.input)),
      }));
    case 'invalid_union': {
      if (iss.discriminator !== undefined) {
        const parent = iss.input;
        const value = typeof parent === 'object' && parent !== null ? (parent as Record<string, unknown>)[iss.discriminator] : undefined;
        const options = ('options' in iss && iss.options ? iss.options : []).map(String).join(', ');
        if (value === undefined) return issue(`${field} is required (one of ${options})`);
        return issue(`${field} must be one of ${options}, got ${describeValue(value)}`);
      }
      return issue(`${field} ${iss.message}, ${got}`);
    }
    case 'custom':
      // Our own refinements word their message to follow the field name.
      return issue(`${field} ${iss.message}`);
    case 'invalid_format':
    case 'not_multiple_of':
    case 'invalid_key':
    case 'invalid_element':
      return issue(`${field}: ${iss.message}`);
    default: {
      const never: never = iss;
      return issue(`${field}: ${(never as { message?: string }).message ?? 'is invalid'}`);
    }
  }
}

/**
 * The own fields of an object whose keys are `known`, reporting unknown keys without failing, so
 * a misspelt key does not hide the problems of the fields next to it. Undefined when not an object.
 */
function knownFields<K extends string>(
  value: unknown,
  known: readonly K[],
  base: readonly PathSegment[],
  issues: FieldIssue[],
): Partial<Record<K, unknown>> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const field = base.length === 0 ? 'the study spec' : formatPath(base);
    issues.push({ path: formatPath(base), message: `${field} must be an object, got ${describeValue(value)}` });
    return undefined;
  }
  const out: Partial<Record<K, unknown>> = {};
  for (const key of Object.keys(value)) {
    if ((known as readonly string[]).includes(key)) out[key as K] = (value as Record<string, unknown>)[key];
    else issues.push({ path: formatPath([...base, key]), message: unknownKeyMessage(base, key, known) });
  }
  return out;
}

/** Parses one section with zod, turning its issues into FieldIssues; undefined when it fails. */
function parseSection<T>(schema: z.ZodType<T>, value: unknown, base: readonly PathSegment[], issues: FieldIssue[]): T | undefined {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  for (const iss of result.error.issues) issues.push(...fromZodIssue(base, iss));
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Semantics
// ---------------------------------------------------------------------------------------------

const TYPES_BY_KIND = {
  optimizer: ['categorical', 'fixed'],
  boolean: ['categorical', 'fixed'],
  real: ['log-uniform', 'uniform', 'categorical', 'fixed'],
  integer: ['int', 'log-int', 'categorical', 'fixed'],
} as const;

const WHAT_BY_KIND = {
  optimizer: `one of ${OPTIMIZERS.join(', ')}`,
  boolean: 'true or false',
  real: 'a real number',
  integer: 'an integer',
} as const;

function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Checks one value of dimension `dim` against its domain; returns a message tail or null when fine. */
function valueProblem(dim: DimensionName, v: CategoricalValue): string | null {
  const domain = DIMENSION_DOMAINS[dim];
  switch (domain.kind) {
    case 'optimizer':
      return typeof v === 'string' && (OPTIMIZERS as readonly string[]).includes(v) ? null : `must be among ${OPTIMIZERS.join(', ')}`;
    case 'boolean':
      return typeof v === 'boolean' ? null : 'must be true or false';
    case 'real':
      return typeof v === 'number' && inInterval(v, domain.range) ? null : `must be a number in ${formatInterval(domain.range)}`;
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v) && inInterval(v, domain.range) ? null : `must be an integer in ${formatInterval(domain.range)}`;
    default: {
      const never: never = domain;
      return `has an unknown domain ${String(never)}`;
    }
  }
}

/** Semantic checks of one parsed dimension; true when it is usable. */
function checkDimension(dim: DimensionName, dist: Distribution, issues: FieldIssue[]): boolean {
  const at = `space.${dim}`;
  const domain = DIMENSION_DOMAINS[dim];
  const allowed: readonly string[] = TYPES_BY_KIND[domain.kind];
  if (!allowed.includes(dist.type)) {
    issues.push({ path: `${at}.type`, message: `${at} must be ${orList(allowed)}, not ${dist.type} (${dim} is ${WHAT_BY_KIND[domain.kind]})` });
    return false;
  }
  const before = issues.length;
  switch (dist.type) {
    case 'log-uniform':
    case 'uniform':
    case 'int':
    case 'log-int': {
      const log = dist.type === 'log-uniform' || dist.type === 'log-int';
      let minOk = true;
      if (log && dist.min <= 0) {
        issues.push({ path: `${at}.min`, message: `${at}.min must be > 0 for ${dist.type}, got ${dist.min}` });
        minOk = false;
      }
      if (domain.kind === 'real' || domain.kind === 'integer') {
        const interval = formatInterval(domain.range);
        if (minOk && !inInterval(dist.min, domain.range)) issues.push({ path: `${at}.min`, message: `${at}.min must be in ${interval}, got ${dist.min}` });
        if (!inInterval(dist.max, domain.range)) issues.push({ path: `${at}.max`, message: `${at}.max must be in ${interval}, got ${dist.max}` });
      }
      if (dist.min >= dist.max) {
        const hint = dist.min === dist.max ? ' (use { "type": "fixed" } for a single value)' : '';
        issues.push({ path: `${at}.min`, message: `${at}.min must be < max, got min ${dist.min} and max ${dist.max}${hint}` });
      }
      break;
    }
    case 'categorical': {
      const seen = new Set<CategoricalValue>();
      dist.values.forEach((v, i) => {
        const problem = valueProblem(dim, v);
        if (problem) issues.push({ path: `${at}.values[${i}]`, message: `${at} values ${problem}, got ${describeValue(v)} (values[${i}])` });
        else if (seen.has(v)) issues.push({ path: `${at}.values[${i}]`, message: `${at}.values[${i}] repeats ${describeValue(v)}; categorical values must be distinct` });
        seen.add(v);
      });
      break;
    }
    case 'fixed': {
      const problem = valueProblem(dim, dist.value);
      if (problem) issues.push({ path: `${at}.value`, message: `${at}.value ${problem}, got ${describeValue(dist.value)}` });
      break;
    }
    default: {
      const never: never = dist;
      issues.push({ path: at, message: `${at} has an unknown type ${String(never)}` });
    }
  }
  return issues.length === before;
}

/** Height and width after each conv block (conv with `kernelSize`/`padding`, then 2×2 pooling, stride 2, floor). */
export function featureMapSizes(height: number, width: number, model: Pick<ModelSpec, 'filters' | 'kernelSize' | 'padding'>): Array<{ height: number; width: number }> {
  const out: Array<{ height: number; width: number }> = [];
  let h = height;
  let w = width;
  for (let i = 0; i < model.filters.length; i++) {
    if (model.padding === 'valid') {
      h = h - model.kernelSize + 1;
      w = w - model.kernelSize + 1;
    }
    h = Math.max(0, Math.floor(h / 2));
    w = Math.max(0, Math.floor(w / 2));
    out.push({ height: h, width: w });
  }
  return out;
}

function checkModelShape(model: ModelSpec, dataset: DatasetName, issues: FieldIssue[]): void {
  const info = DATASET_INFO[dataset];
  const sizes = featureMapSizes(info.height, info.width, model);
  const block = sizes.findIndex((s) => s.height < 1 || s.width < 1);
  const size = sizes[block];
  if (size) {
    issues.push({
      path: 'model.filters',
      message: `model.filters: after conv block ${block + 1} the image is ${size.height}×${size.width}; use padding "same" or fewer/smaller convs (${dataset} images are ${info.height}×${info.width}, kernelSize ${model.kernelSize}, padding "${model.padding}")`,
    });
  }
}

function checkMode(section: 'earlyStopping' | 'objective', metric: MetricName, mode: MetricMode | undefined, issues: FieldIssue[]): MetricMode {
  const natural = defaultMode(metric);
  if (mode !== undefined && mode !== natural) {
    const why = metric === 'val_loss' ? 'a lower loss is better' : 'a higher accuracy is better';
    const field = section === 'earlyStopping' ? 'monitor' : 'metric';
    issues.push({ path: `${section}.mode`, message: `${section}.mode must be "${natural}" for ${section}.${field} ${metric} (${why}), got "${mode}"` });
  }
  return natural;
}

// ---------------------------------------------------------------------------------------------
// The validator
// ---------------------------------------------------------------------------------------------

/** `value[key]` when value is a plain object that has that key of its own; else undefined. */
function ownField(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
  return (value as Record<string, unknown>)[key];
}

/** An omitted section means "all defaults"; `null` is not omitted and gets its own issue. */
const orEmpty = (v: unknown) => (v === undefined ? {} : v);

function validate(input: unknown, issues: FieldIssue[]): StudySpec | undefined {
  const top = knownFields(input, TOP_LEVEL_KEYS, [], issues);
  if (!top) return undefined;
  const required = (key: 'name' | 'dataset' | 'space' | 'stages') => {
    if (top[key] === undefined) issues.push({ path: key, message: `${key} is required` });
    return top[key] !== undefined;
  };

  const name = required('name') ? parseSection(nameSchema, top.name, ['name'], issues) : undefined;
  const dataset = required('dataset') ? parseSection(datasetSchema, top.dataset, ['dataset'], issues) : undefined;
  const seed = top.seed === undefined ? SEED_DEFAULT : parseSection(seedSchema, top.seed, ['seed'], issues);
  // Optional switches; absent means false / 'global' (they stay absent in the validated spec).
  const keepWeights = top.keepWeights === undefined ? undefined : parseSection(z.boolean(), top.keepWeights, ['keepWeights'], issues);
  const refine = top.refine === undefined ? undefined : parseSection(z.enum(REFINE_MODES), top.refine, ['refine'], issues);
  const pruner = top.pruner === undefined ? undefined : parsePruner(top.pruner, issues);
  const model = parseSection(modelSchema, orEmpty(top.model), ['model'], issues);
  if (model && dataset) checkModelShape(model, dataset, issues);

  // space: every dimension on its own, so one bad dimension does not hide the others' problems.
  let space: SearchSpace | undefined;
  const spaceRaw = required('space') ? knownFields(top.space, DIMENSIONS, ['space'], issues) : undefined;
  if (spaceRaw) {
    const dims: Partial<Record<DimensionName, Distribution>> = {};
    let allOk = true;
    let optimizerAsWritten: Distribution | undefined;
    for (const dim of DIMENSIONS) {
      const raw = spaceRaw[dim];
      if (raw === undefined) {
        if (dim === 'optimizer' || dim === 'learningRate' || dim === 'batchSize') {
          issues.push({ path: `space.${dim}`, message: `space.${dim} is required` });
          allOk = false;
        }
        continue;
      }
      const dist = parseSection(distributionSchema, raw, ['space', dim], issues) as Distribution | undefined;
      if (dim === 'optimizer') optimizerAsWritten = dist;
      if (dist && checkDimension(dim, dist, issues)) dims[dim] = dist;
      else allOk = false;
    }
    // Knob applicability, judged by the optimizer names the space lists (even if some are misspelt).
    if (optimizerAsWritten) {
      const sampled = sampledOptimizers(optimizerAsWritten);
      for (const knob of OPTIMIZER_KNOBS) {
        if (spaceRaw[knob] === undefined) continue;
        const owners = optimizersFor(knob);
        if (!owners.some((o) => sampled.includes(o))) {
          issues.push({ path: `space.${knob}`, message: `space.${knob} applies only to ${andList(owners)}, which space.optimizer never samples` });
          allOk = false;
        }
      }
    }
    if (allOk && dims.optimizer && dims.learningRate && dims.batchSize) {
      space = { ...dims, optimizer: dims.optimizer, learningRate: dims.learningRate, batchSize: dims.batchSize };
    }
  }

  // stages: each on its own, then the chaining rules.
  let stages: StageSpec[] | undefined;
  const stagesRaw = required('stages') ? parseSection(stagesSchema, top.stages, ['stages'], issues) : undefined;
  if (stagesRaw) {
    const parsed = stagesRaw.map((raw, i) => parseSection(stageSchema, raw, ['stages', i], issues));
    if (parsed[0]?.promote !== undefined) {
      issues.push({ path: 'stages[0].promote', message: 'stages[0].promote is not allowed on the first stage (there is no previous stage to promote trials from)' });
    }
    parsed.forEach((stage, i) => {
      if (!stage || stage.keepTop === undefined) return;
      if (i === 0) {
        issues.push({ path: 'stages[0].keepTop', message: 'stages[0].keepTop is not allowed on the first stage (there is no previous stage to keep trials from)' });
        return;
      }
      const prev = parsed[i - 1];
      if (prev && stage.keepTop > prev.trials) {
        issues.push({ path: `stages[${i}].keepTop`, message: `stages[${i}].keepTop must be ≤ stages[${i - 1}].trials (${prev.trials}), got ${stage.keepTop}` });
      }
    });
    const total = parsed.reduce((sum, s) => sum + (s?.trials ?? 0), 0);
    if (total > LIMITS.maxTrialsPerStudy) {
      issues.push({ path: 'stages', message: `stages: the trials of all stages must add up to at most ${LIMITS.maxTrialsPerStudy}, got ${total}` });
    }
    if (parsed.every((s) => s !== undefined)) {
      stages = parsed.map((s, i) => {
        const prev = parsed[i - 1];
        return prev
          ? { trials: s.trials, epochs: s.epochs, keepTop: s.keepTop ?? defaultKeepTop(prev.trials), ...(s.promote !== undefined ? { promote: s.promote } : {}) }
          : { trials: s.trials, epochs: s.epochs };
      });
    }
  }

  // A fair race gives every optimizer at least one trial in every stage.
  if (refine === 'per-optimizer' && space && stages) {
    const optimizers = sampledOptimizers(space.optimizer);
    stages.forEach((stage, i) => {
      if (stage.trials < optimizers.length) {
        issues.push({ path: `stages[${i}].trials`, message: `stages[${i}].trials must be ≥ ${optimizers.length} under refine "per-optimizer" (at least one trial for each of ${andList(optimizers)}), got ${stage.trials}` });
      }
    });
  }

  let earlyStopping: EarlyStoppingSpec | undefined;
  const es = parseSection(earlyStoppingSchema, orEmpty(top.earlyStopping), ['earlyStopping'], issues);
  if (es) {
    const mode = checkMode('earlyStopping', es.monitor, es.mode, issues);
    if (es.baseline !== undefined && es.monitor === 'val_acc' && (es.baseline < 0 || es.baseline > 1)) {
      issues.push({ path: 'earlyStopping.baseline', message: `earlyStopping.baseline must be in [0, 1] when monitoring val_acc, got ${es.baseline}` });
    } else if (es.baseline !== undefined && es.monitor === 'val_loss' && es.baseline < 0) {
      issues.push({ path: 'earlyStopping.baseline', message: `earlyStopping.baseline must be ≥ 0 when monitoring val_loss, got ${es.baseline}` });
    }
    const { baseline, ...rest } = es;
    earlyStopping = { ...rest, mode, ...(baseline !== undefined ? { baseline } : {}) };
  }

  let objective: ObjectiveSpec | undefined;
  const obj = parseSection(objectiveSchema, orEmpty(top.objective), ['objective'], issues);
  if (obj) objective = { metric: obj.metric, mode: checkMode('objective', obj.metric, obj.mode, issues) };

  // A flipped digit is another digit (or no digit): flips only where DATASET_INFO says labels survive
  // them. Judged on the input as written, so a bad shift next to it does not hide this problem.
  const flipRefused = ownField(ownField(top.data, 'augmentation'), 'flip') === true && dataset !== undefined && !DATASET_INFO[dataset].flipAugmentation;
  if (flipRefused) {
    const flippable = DATASETS.filter((name) => DATASET_INFO[name].flipAugmentation);
    issues.push({
      path: 'data.augmentation.flip',
      message: `data.augmentation.flip applies only to ${andList(flippable)} (${DATASET_INFO[dataset].flipNote}), got true for ${dataset}`,
    });
  }
  let data: DataSpec | undefined;
  const d = parseSection(dataSchema, orEmpty(top.data), ['data'], issues);
  if (d && dataset) {
    const size = DATASET_INFO[dataset].trainSize;
    const fallback = defaultData(dataset, d.valSamples);
    const valSamples = fallback.valSamples;
    const trainSamples = d.trainSamples ?? fallback.trainSamples;
    let ok = !flipRefused;
    if (d.trainSamples === undefined && trainSamples < 1) {
      issues.push({ path: 'data.valSamples', message: `data.valSamples must be < ${size} for ${dataset} so that some examples remain for training, got ${valSamples}` });
      ok = false;
    } else if (trainSamples + valSamples > size) {
      const note = d.valSamples === undefined ? ` (data.valSamples defaults to ${valSamples})` : d.trainSamples === undefined ? ` (data.trainSamples defaults to ${trainSamples})` : '';
      issues.push({ path: 'data', message: `data.trainSamples + data.valSamples must be ≤ ${size} for ${dataset}, got ${trainSamples} + ${valSamples} = ${trainSamples + valSamples}${note}` });
      ok = false;
    }
    if (ok) data = { trainSamples, valSamples, augmentation: d.augmentation ?? fallback.augmentation };
  }

  if (issues.length > 0) return undefined;
  if (name === undefined || dataset === undefined || seed === undefined || !model || !space || !stages || !earlyStopping || !objective || !data) {
    // Unreachable when every failure above recorded an issue; kept so a gap can never yield a half spec.
    issues.push({ path: '', message: 'the study spec is incomplete' });
    return undefined;
  }
  return { name, dataset, seed, model, space, stages, earlyStopping, objective, data, ...(keepWeights !== undefined ? { keepWeights } : {}), ...(refine !== undefined ? { refine } : {}), ...(pruner !== undefined ? { pruner } : {}) };
}

function errorText(err: unknown): string {
  try {
    return err instanceof Error ? err.message : String(err);
  } catch {
    return 'an unreadable error';
  }
}

/**
 * Validates a StudySpec from untrusted JSON. On success the spec has every default filled in;
 * on failure, every problem found (up to LIMITS.maxIssues), each naming its field and rule.
 * Never throws.
 */
export function validateStudySpec(input: unknown): ValidationResult {
  const issues: FieldIssue[] = [];
  let spec: StudySpec | undefined;
  try {
    spec = validate(input, issues);
  } catch (err) {
    issues.push({ path: '', message: `the study spec could not be read: ${errorText(err)}` });
  }
  if (spec && issues.length === 0) return { ok: true, spec };
  if (issues.length > LIMITS.maxIssues) {
    const more = issues.length - LIMITS.maxIssues;
    return { ok: false, issues: [...issues.slice(0, LIMITS.maxIssues), { path: '', message: `…and ${more} more issue${more === 1 ? '' : 's'}` }] };
  }
  return { ok: false, issues };
}

/** One line per issue, for logs and the API's error message. */
export function formatIssues(issues: readonly FieldIssue[]): string {
  // Messages name their field themselves; the path is prepended only to a message that doesn't.
  const namesItself = (i: FieldIssue) => {
    const head = /^[^.[]*/.exec(i.path)?.[0] ?? '';
    return i.path === '' || i.message.startsWith(i.path) || (head !== '' && i.message.startsWith(head));
  };
  return issues.map((i) => (namesItself(i) ? i.message : `${i.path}: ${i.message}`)).join('\n');
}
