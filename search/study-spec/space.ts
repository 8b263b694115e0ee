// The `space` section of a StudySpec: every dimension parsed on its own (so one bad dimension does
// not hide the others' problems), then checked against its domain (search/defaults.ts
// DIMENSION_DOMAINS: which distribution types fit, which values are allowed), then the knobs
// checked against the optimizers the space can sample.
import type { CategoricalValue, DimensionName, Distribution, FieldIssue, SearchSpace } from '../../types/index.js';
import { OPTIMIZER_KNOBS, OPTIMIZERS } from '../../types/index.js';
import { DIMENSION_DOMAINS, formatInterval, inInterval, optimizersFor, sampledOptimizers } from '../defaults.js';
import { andList, describeValue, orList, valueHint } from '../validation/index.js';
import { DIMENSIONS, distributionSchema, REQUIRED_DIMENSIONS } from './schemas.js';
import { parseSection, specFields } from './wording.js';

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

type Range = Extract<Distribution, { min: number }>;

/** The search space, or undefined when `raw` is absent (a required-field issue) or any dimension fails. */
export function validateSpace(raw: unknown, issues: FieldIssue[]): SearchSpace | undefined {
  if (raw === undefined) {
    issues.push({ path: 'space', message: 'space is required' });
    return undefined;
  }
  const fields = specFields(raw, DIMENSIONS, ['space'], issues);
  if (!fields) return undefined;
  const dims: Partial<Record<DimensionName, Distribution>> = {};
  let allOk = true;
  let optimizerAsWritten: Distribution | undefined;
  for (const dim of DIMENSIONS) {
    const dist = parseDimension(dim, fields[dim], issues);
    if (dim === 'optimizer') optimizerAsWritten = dist ?? undefined;
    if (dist && checkDimension(dim, dist, issues)) dims[dim] = dist;
    else if (dist !== null) allOk = false;
  }
  // Knob applicability, judged by the optimizer names the space lists (even if some are misspelt).
  if (optimizerAsWritten && !knobsApply(optimizerAsWritten, fields, issues)) allOk = false;
  if (!allOk || !dims.optimizer || !dims.learningRate || !dims.batchSize) return undefined;
  return { ...dims, optimizer: dims.optimizer, learningRate: dims.learningRate, batchSize: dims.batchSize };
}

/** One dimension as written: null when it is absent and may be, undefined when it failed. */
function parseDimension(dim: DimensionName, raw: unknown, issues: FieldIssue[]): Distribution | null | undefined {
  if (raw !== undefined) return parseSection(distributionSchema, raw, ['space', dim], issues) as Distribution | undefined;
  if (!REQUIRED_DIMENSIONS.includes(dim)) return null;
  issues.push({ path: `space.${dim}`, message: `space.${dim} is required` });
  return undefined;
}

/** False (with an issue each) when a knob's dimension is given but no optimizer it applies to is sampled. */
function knobsApply(optimizer: Distribution, fields: Partial<Record<DimensionName, unknown>>, issues: FieldIssue[]): boolean {
  const sampled = sampledOptimizers(optimizer);
  let ok = true;
  for (const knob of OPTIMIZER_KNOBS) {
    if (fields[knob] === undefined) continue;
    const owners = optimizersFor(knob);
    if (!owners.some((o) => sampled.includes(o))) {
      issues.push({ path: `space.${knob}`, message: `space.${knob} applies only to ${andList(owners)}, which space.optimizer never samples` });
      ok = false;
    }
  }
  return ok;
}

/**
 * Checks one value of dimension `dim` against its domain; returns a message tail (`must be among
 * sgd, …, got the string "RMSProp"`, then `where` and a "did you mean") or null when fine.
 */
function valueProblem(dim: DimensionName, v: CategoricalValue, where = ''): string | null {
  const problem = domainProblem(dim, v);
  return problem === null ? null : `${problem}, got ${describeValue(v)}${where}${DIMENSION_DOMAINS[dim].kind === 'optimizer' ? valueHint(v, OPTIMIZERS) : ''}`;
}

function domainProblem(dim: DimensionName, v: CategoricalValue): string | null {
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
  const kind = DIMENSION_DOMAINS[dim].kind;
  const allowed: readonly string[] = TYPES_BY_KIND[kind];
  if (!allowed.includes(dist.type)) {
    issues.push({ path: `${at}.type`, message: `${at} must be ${orList(allowed)}, not ${dist.type} (${dim} is ${WHAT_BY_KIND[kind]})` });
    return false;
  }
  const before = issues.length;
  switch (dist.type) {
    case 'log-uniform':
    case 'uniform':
    case 'int':
    case 'log-int':
      checkRange(dim, dist, issues);
      break;
    case 'categorical':
      checkCategorical(dim, dist.values, issues);
      break;
    case 'fixed': {
      const problem = valueProblem(dim, dist.value);
      if (problem) issues.push({ path: `${at}.value`, message: `${at}.value ${problem}` });
      break;
    }
    default: {
      const never: never = dist;
      issues.push({ path: at, message: `${at} has an unknown type ${String(never)}` });
    }
  }
  return issues.length === before;
}

/** A range's bounds: positive on a log scale, inside the dimension's domain, min below max. */
function checkRange(dim: DimensionName, dist: Range, issues: FieldIssue[]): void {
  const at = `space.${dim}`;
  const domain = DIMENSION_DOMAINS[dim];
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
}

/** Each categorical value in the dimension's domain, and no value twice. */
function checkCategorical(dim: DimensionName, values: readonly CategoricalValue[], issues: FieldIssue[]): void {
  const at = `space.${dim}`;
  const seen = new Set<CategoricalValue>();
  values.forEach((v, i) => {
    const problem = valueProblem(dim, v, ` (values[${i}])`);
    if (problem) issues.push({ path: `${at}.values[${i}]`, message: `${at} values ${problem}` });
    else if (seen.has(v)) issues.push({ path: `${at}.values[${i}]`, message: `${at}.values[${i}] repeats ${describeValue(v)}; categorical values must be distinct` });
    seen.add(v);
  });
}
