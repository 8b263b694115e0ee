// Validating a document section by section, so that one bad section does not hide the problems
// of the others: parse a section with zod into a list of FieldIssues, and take an object's known
// fields while reporting its unknown keys (with "did you mean") instead of failing on them.
import type { z } from 'zod';
import type { FieldIssue } from '../../types/index.js';
import { formatPath, type PathSegment } from '../field-path.js';
import { describeValue } from './describe.js';
import { unknownKeyMessage } from './did-you-mean.js';
import { fieldIssuesFromZod, type IssueWording } from './zod-issues.js';

/**
 * Parses `value` (found at `base`) with `schema`; on failure appends its FieldIssues and returns
 * undefined.
 */
export function parseInto<T>(schema: z.ZodType<T>, value: unknown, base: readonly PathSegment[], issues: FieldIssue[], wording: IssueWording): T | undefined {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  for (const iss of result.error.issues) issues.push(...fieldIssuesFromZod(iss, wording, base));
  return undefined;
}

/**
 * The own fields of an object whose keys are `known`, reporting unknown keys without failing, so
 * a misspelt key does not hide the problems of the fields next to it. Undefined when not an object.
 * `subject` names the document when `base` is its root.
 */
export function knownFields<K extends string>(
  value: unknown,
  known: readonly K[],
  base: readonly PathSegment[],
  issues: FieldIssue[],
  subject: string,
): Partial<Record<K, unknown>> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const field = base.length === 0 ? subject : formatPath(base);
    issues.push({ path: formatPath(base), message: `${field} must be an object, got ${describeValue(value)}` });
    return undefined;
  }
  const out: Partial<Record<K, unknown>> = {};
  for (const key of Object.keys(value)) {
    if ((known as readonly string[]).includes(key)) out[key as K] = (value as Record<string, unknown>)[key];
    else issues.push({ path: formatPath([...base, key]), message: unknownKeyMessage(base, key, known, subject) });
  }
  return out;
}

/** `value[key]` when value is a plain object that has that key of its own; else undefined. */
export function ownField(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
  return (value as Record<string, unknown>)[key];
}
