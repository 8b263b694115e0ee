// The body of POST /api/studies/:id/trials/:trialId/landscape, checked in the pure core like the
// study spec and the surface race: a strict zod schema (limits from search/limits.ts, defaults
// filled in), every problem a FieldIssue in the words of search/validation/, nothing thrown. The
// route only looks up the trials the body names; the schema is exported for documentation too.
import { z } from 'zod';
import type { FieldIssue } from '../types/index.js';
import { LANDSCAPE_DIRECTIONS } from '../types/index.js';
import { LANDSCAPE_LIMITS } from './limits.js';
import { capIssues, fieldIssuesFromZod, unreadableIssue, valueHint, type IssueWording } from './validation/index.js';

import { TRIAL_ID_PATTERN } from './ids.js';

export { TRIAL_ID_PATTERN };

const trialId = z.string().regex(TRIAL_ID_PATTERN, { message: 'must be a trial id such as "s0-t03"' });

/**
 * Random directions unless "pca"; a 21×21 grid (odd, so the trial's own weights are its centre);
 * span and seed optional (the route fills in the study seed); the other trials whose trajectories
 * are projected: ids, or the best trial of each optimizer.
 */
export const landscapeRequestSchema = z.strictObject({
  directions: z.enum(LANDSCAPE_DIRECTIONS).default('random'),
  grid: z
    .number()
    .int()
    .min(LANDSCAPE_LIMITS.grid.min)
    .max(LANDSCAPE_LIMITS.grid.max)
    .refine((n) => n % 2 === 1, { message: 'must be odd, so that the trial\'s own weights are the grid\'s centre point' })
    .default(LANDSCAPE_LIMITS.grid.default),
  span: z.number().gt(0).max(LANDSCAPE_LIMITS.span.max).optional(),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  trials: z.union([z.array(trialId).max(LANDSCAPE_LIMITS.maxTrials), z.literal('best-per-optimizer')]).default([]),
});

export type LandscapeRequestBody = z.output<typeof landscapeRequestSchema>;
export type LandscapeValidation = { ok: true; body: LandscapeRequestBody } | { ok: false; issues: FieldIssue[] };

const WORDING: IssueWording = {
  subject: 'the landscape request',
  knownKeys: (path) => (path.length === 0 ? Object.keys(landscapeRequestSchema.shape) : []),
  special: (iss, { path, field, got }) => {
    if (iss.code === 'invalid_union' && path === 'trials') return `${field} must be an array of trial ids or "best-per-optimizer", ${got}${valueHint(iss.input, ['best-per-optimizer'])}`;
    // The trial-id pattern's own message, worded to follow the field like a refinement's.
    if (iss.code === 'invalid_format') return `${field} ${iss.message}, ${got}`;
    return undefined;
  },
};

/** Validates a landscape request body from untrusted JSON, defaults filled in. Never throws. */
export function validateLandscapeRequest(input: unknown): LandscapeValidation {
  try {
    const parsed = landscapeRequestSchema.safeParse(input, { reportInput: true });
    if (parsed.success) return { ok: true, body: parsed.data };
    return { ok: false, issues: capIssues(parsed.error.issues.flatMap((iss) => fieldIssuesFromZod(iss, WORDING))) };
  } catch (err) {
    return { ok: false, issues: [unreadableIssue(WORDING.subject, err)] };
  }
}
