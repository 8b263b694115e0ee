// The one translator from zod issues to FieldIssues. Every request schema (the study spec, a
// surface race, a loss landscape) is parsed by zod with `reportInput`, and each issue becomes a
// FieldIssue whose path names the field and whose message names the rule and the value:
// `stages[0].trials must be ≥ 1, got 0`. The wording is shared; a caller says what its document is
// called, which keys an object may have (for "did you mean"), and its own words for the few fields
// whose zod issue says too little on its own. Pure (zod only), so the browser validates the same way.
import { z } from 'zod';
import type { FieldIssue } from '../../types/index.js';
import { formatPath, type PathSegment } from '../field-path.js';
import type { Interval } from '../limits.js';
import { describeValue, nounFor } from './describe.js';
import { unknownKeyMessage, valueHint } from './did-you-mean.js';

/** Where an issue is and how its field and value read, for a caller's own wording. */
export interface IssueAt {
  /** The full path from the document's root. */
  segments: readonly PathSegment[];
  /** `segments` formatted: `stages[0].trials` ('' at the root). */
  path: string;
  /** The field as a message names it: `path`, or the document's subject at the root. */
  field: string;
  /** `got 0`, `got the string "x"`. */
  got: string;
}

export interface IssueWording {
  /** What a message calls the whole document: "the study spec", "the request". */
  subject: string;
  /** The keys an object at `path` may have, for unknown-key messages; none means no hint. */
  knownKeys?: (path: readonly PathSegment[], input: unknown) => readonly string[];
  /**
   * Whether a refinement's message is followed by the value (`grid must be odd…, got 4`).
   * @defaultValue true
   */
  refinementsShowValue?: boolean;
  /** The caller's own message for one issue, or undefined to use the shared wording. */
  special?: (iss: z.core.$ZodIssue, at: IssueAt) => string | undefined;
}

/** One zod issue of a value found at `base` (relative to the document's root) as FieldIssues. */
export function fieldIssuesFromZod(iss: z.core.$ZodIssue, wording: IssueWording, base: readonly PathSegment[] = []): FieldIssue[] {
  const segments = [...base, ...(iss.path as PathSegment[])];
  const path = formatPath(segments);
  const at: IssueAt = { segments, path, field: path === '' ? wording.subject : path, got: `got ${describeValue(iss.input)}` };
  if (iss.code === 'unrecognized_keys') {
    const known = wording.knownKeys?.(segments, iss.input) ?? [];
    return iss.keys.map((key) => ({ path: formatPath([...segments, key]), message: unknownKeyMessage(segments, key, known, wording.subject) }));
  }
  return [{ path, message: wording.special?.(iss, at) ?? sharedMessage(iss, at, wording) }];
}

function sharedMessage(iss: Exclude<z.core.$ZodIssue, z.core.$ZodIssueUnrecognizedKeys>, at: IssueAt, wording: IssueWording): string {
  const { field, got } = at;
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined ? `${field} is required` : `${field} must be ${nounFor(iss.expected)}, ${got}`;
    case 'too_small':
      return tooSmall(field, iss, got);
    case 'too_big':
      return tooBig(field, iss, got);
    case 'invalid_value': {
      const values = iss.values.map((v) => String(v));
      return values.length === 1 ? `${field} must be "${values[0]}", ${got}` : `${field} must be one of ${values.join(', ')}, ${got}${valueHint(iss.input, iss.values)}`;
    }
    case 'invalid_union':
      return iss.discriminator !== undefined ? badDiscriminator(field, iss) : `${field} ${iss.message}, ${got}`;
    case 'custom':
      // Refinements word their message to follow the field name.
      return wording.refinementsShowValue === false ? `${field} ${iss.message}` : `${field} ${iss.message}, ${got}`;
    case 'invalid_format':
    case 'not_multiple_of':
    case 'invalid_key':
    case 'invalid_element':
      return `${field}: ${iss.message}`;
    default: {
      const never: never = iss;
      return `${field}: ${(never as { message?: string }).message ?? 'is invalid'}`;
    }
  }
}

function tooSmall(field: string, iss: z.core.$ZodIssueTooSmall, got: string): string {
  const min = Number(iss.minimum);
  if (iss.origin === 'array') return `${field} must have at least ${min} ${min === 1 ? 'entry' : 'entries'}, ${got}`;
  if (iss.origin === 'string') return `${field} must not be empty`;
  return `${field} must be ${iss.inclusive ? '≥' : '>'} ${min}, ${got}`;
}

function tooBig(field: string, iss: z.core.$ZodIssueTooBig, got: string): string {
  const max = Number(iss.maximum);
  if (iss.origin === 'array') return `${field} must have at most ${max} entries, ${got}`;
  if (iss.origin === 'string') return `${field} must be at most ${max} characters long`;
  return `${field} must be ${iss.inclusive ? '≤' : '<'} ${max}, ${got}`;
}

/** A discriminated union whose tag (`type`, `kind`) is missing or not one of its options. */
function badDiscriminator(field: string, iss: z.core.$ZodIssueInvalidUnion): string {
  const parent = iss.input;
  const value = typeof parent === 'object' && parent !== null ? (parent as Record<string, unknown>)[iss.discriminator!] : undefined;
  const options = ('options' in iss && Array.isArray(iss.options) ? iss.options : []).map(String);
  if (value === undefined) return `${field} is required (one of ${options.join(', ')})`;
  return `${field} must be one of ${options.join(', ')}, got ${describeValue(value)}${valueHint(value, options)}`;
}

/** A zod number restricted to an Interval, open or closed at either end. */
export function within(i: Interval) {
  const lower = i.minExclusive ? z.number().gt(i.min) : z.number().min(i.min);
  return i.maxExclusive ? lower.lt(i.max) : lower.max(i.max);
}

/** A zod integer in the closed interval [min, max]. */
export function intWithin(i: { min: number; max: number }) {
  return z.number().int().min(i.min).max(i.max);
}
