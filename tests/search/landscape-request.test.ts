// A landscape request is validated in the pure core like a StudySpec: defaults filled in, every
// problem a FieldIssue naming the field and the rule, never an exception.
import { describe, expect, it } from 'vitest';
import { TRIAL_ID_PATTERN, validateLandscapeRequest } from '../../search/landscape-request.js';
import { TRIAL_ID_PATTERN as STORE_TRIAL_ID_PATTERN } from '../../store/keys.js';
import { trialIdFor } from '../../search/plan-stage.js';

describe('validateLandscapeRequest', () => {
  it('fills in random directions, a 21×21 grid and no other trials', () => {
    expect(validateLandscapeRequest({})).toEqual({ ok: true, body: { directions: 'random', grid: 21, trials: [] } });
    expect(validateLandscapeRequest({ directions: 'pca', grid: 5, span: 2, seed: 3, trials: 'best-per-optimizer' })).toEqual({
      ok: true,
      body: { directions: 'pca', grid: 5, span: 2, seed: 3, trials: 'best-per-optimizer' },
    });
  });

  it.each([
    [{ grid: 4 }, 'grid', "grid must be odd, so that the trial's own weights are the grid's centre point, got 4"],
    [{ grid: 1 }, 'grid', 'grid must be ≥ 3, got 1'],
    [{ directions: 'hessian' }, 'directions', 'directions must be one of random, pca, got the string "hessian"'],
    [{ span: 0 }, 'span', 'span must be > 0, got 0'],
    [{ trials: 'best' }, 'trials', 'trials must be an array of trial ids or "best-per-optimizer", got the string "best"'],
    [{ trials: ['s0-t03', 'bad'] }, 'trials[1]', 'trials[1] must be a trial id such as "s0-t03", got the string "bad"'],
    [{ gird: 21 }, 'gird', 'gird is not a known field of the landscape request; did you mean grid?'],
    [null, '', 'the landscape request must be an object, got null'],
  ])('rejects %j naming %s and its rule', (body, path, message) => {
    expect(validateLandscapeRequest(body)).toEqual({ ok: false, issues: expect.arrayContaining([{ path, message }]) });
  });

  it('accepts the trial ids the planner writes, with the pattern the store checks', () => {
    expect(TRIAL_ID_PATTERN).toBe(STORE_TRIAL_ID_PATTERN); // one pattern, search/ids.ts
    expect(TRIAL_ID_PATTERN.test(trialIdFor(1, 12))).toBe(true);
  });
});
