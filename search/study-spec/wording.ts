// How the study-spec validator words its issues: the shared toolkit (search/validation/) with
// "the study spec" as the document, the known keys of each section for "did you mean", and the one
// hint zod cannot give (a dimension written as a bare value instead of a distribution object).
import type { z } from 'zod';
import type { FieldIssue } from '../../types/index.js';
import { knownFields, parseInto, type IssueAt, type IssueWording, type PathSegment } from '../validation/index.js';
import {
  augmentationSchema,
  dataSchema,
  DIMENSIONS,
  DISTRIBUTION_KEYS,
  earlyStoppingSchema,
  modelSchema,
  objectiveSchema,
  PRUNER_SCHEMAS,
  prunerTypeOf,
  stageSchema,
  TOP_LEVEL_KEYS,
} from './schemas.js';

const SUBJECT = 'the study spec';

/** Which keys an object at `path` may have (for "did you mean" in unknown-key messages). */
function knownKeysAt(path: readonly PathSegment[], input: unknown): readonly string[] {
  const [first, second] = path;
  if (path.length === 0) return TOP_LEVEL_KEYS;
  if (path.length === 1) return sectionKeys(first, input);
  if (path.length === 2 && first === 'stages') return Object.keys(stageSchema.shape);
  if (path.length === 2 && first === 'data' && second === 'augmentation') return Object.keys(augmentationSchema.shape);
  if (path.length === 2 && first === 'space' && typeof second === 'string') {
    const type = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
    return typeof type === 'string' && Object.hasOwn(DISTRIBUTION_KEYS, type) ? DISTRIBUTION_KEYS[type as keyof typeof DISTRIBUTION_KEYS] : [];
  }
  return [];
}

/** The keys of a top-level section (a pruner's depend on its type). */
function sectionKeys(section: PathSegment | undefined, input: unknown): readonly string[] {
  switch (section) {
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

function special(iss: z.core.$ZodIssue, { segments, field, got }: IssueAt): string | undefined {
  if (iss.code === 'invalid_type' && iss.input !== undefined && iss.expected === 'object' && segments.length === 2 && segments[0] === 'space') {
    return `${field} must be a distribution object such as { "type": "log-uniform", "min": 0.00001, "max": 0.1 }, ${got}`;
  }
  return undefined;
}

/** The study spec's wording; its refinements (the name's) read without the value. */
export const SPEC_WORDING: IssueWording = { subject: SUBJECT, knownKeys: knownKeysAt, refinementsShowValue: false, special };

/** Parses one section with zod into the spec's FieldIssues; undefined when it fails. */
export function parseSection<T>(schema: z.ZodType<T>, value: unknown, base: readonly PathSegment[], issues: FieldIssue[]): T | undefined {
  return parseInto(schema, value, base, issues, SPEC_WORDING);
}

/** The known fields of an object of the spec, unknown keys reported (see knownFields). */
export function specFields<K extends string>(value: unknown, known: readonly K[], base: readonly PathSegment[], issues: FieldIssue[]): Partial<Record<K, unknown>> | undefined {
  return knownFields(value, known, base, issues, SUBJECT);
}
