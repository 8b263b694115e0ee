// "Did you mean" for a value close to an allowed one, in every request: a categorical or fixed
// optimizer, a zod enum, a discriminated union's tag, a pruner type, a surface, a landscape's trials.
import { describe, expect, it } from 'vitest';
import type { FieldIssue } from '../../types/index.js';
import { validateStudySpec } from '../../search/spec-schema.js';
import { validateSurfaceRequest } from '../../surfaces/request-schema.js';
import { validateLandscapeRequest } from '../../search/landscape-request.js';
import { closestMatch, summarizeIssues, valueHint } from '../../search/validation/index.js';
import { designExampleSpec } from '../helpers/specs.js';

const spec = (change: Record<string, unknown>, space: Record<string, unknown> = {}) => ({ ...designExampleSpec, ...change, space: { ...designExampleSpec.space, ...space } });
const issuesOf = (r: { ok: true } | { ok: false; issues: FieldIssue[] }) => (r.ok ? [] : r.issues);

describe('a value close to an allowed one gets a "did you mean"', () => {
  it('in a categorical optimizer dimension, per value', () => {
    const issues = issuesOf(validateStudySpec(spec({}, { optimizer: { type: 'categorical', values: ['adamw', 'RMSProp'] } })));
    expect(issues).toEqual([
      { path: 'space.optimizer.values[0]', message: 'space.optimizer values must be among sgd, momentum, rmsprop, adam, got the string "adamw" (values[0]) — did you mean "adam"?' },
      { path: 'space.optimizer.values[1]', message: 'space.optimizer values must be among sgd, momentum, rmsprop, adam, got the string "RMSProp" (values[1]) — did you mean "rmsprop"?' },
    ]);
  });

  it('in a fixed optimizer, an enum, a distribution type and a pruner type', () => {
    const messages = (input: unknown) => issuesOf(validateStudySpec(input)).map((i) => i.message);
    expect(messages(spec({}, { optimizer: { type: 'fixed', value: 'Adam' } }))).toEqual(['space.optimizer.value must be among sgd, momentum, rmsprop, adam, got the string "Adam" — did you mean "adam"?']);
    expect(messages(spec({ dataset: 'MNIST' }))).toEqual(['dataset must be one of mnist, fashion-mnist, synthetic, got the string "MNIST" — did you mean "mnist"?']);
    expect(messages(spec({}, { learningRate: { type: 'loguniform', min: 1e-4, max: 0.1 } }))).toEqual([
      'space.learningRate.type must be one of log-uniform, uniform, int, log-int, categorical, fixed, got the string "loguniform" — did you mean "log-uniform"?',
    ]);
    expect(messages(spec({ pruner: { type: 'Median' } }))).toEqual(['pruner.type must be one of "none", "median", "asha", got the string "Median" — did you mean "median"?']);
  });

  it('in a surface race and a landscape request', () => {
    expect(issuesOf(validateSurfaceRequest({ surface: 'Rosenbrock' }))[0]?.message).toMatch(/got the string "Rosenbrock" — did you mean "rosenbrock"\?$/);
    expect(issuesOf(validateSurfaceRequest({ surface: 'beale', optimizers: [{ optimizer: 'Nesterov' }] }))[0]?.message).toMatch(/ — did you mean "nesterov"\?$/);
    expect(issuesOf(validateLandscapeRequest({ directions: 'PCA' }))[0]?.message).toBe('directions must be one of random, pca, got the string "PCA" — did you mean "pca"?');
  });

  it('but not for a value that is only short, or far from every allowed one', () => {
    expect(valueHint('x', ['max', 'min'])).toBe('');
    expect(valueHint('cifar10', ['mnist', 'fashion-mnist', 'synthetic'])).toBe('');
    expect(valueHint(5, ['5'])).toBe('');
    expect(issuesOf(validateStudySpec(spec({ refine: 'local' })))[0]?.message).toBe('refine must be one of global, conditional, per-optimizer, got the string "local"');
  });

  it('keys keep their own rule: up to two edits, case ignored', () => {
    expect(closestMatch('learningrate', ['optimizer', 'learningRate'])).toBe('learningRate');
    expect(closestMatch('stage', ['stages', 'seed'])).toBe('stages');
    expect(closestMatch('optimzers', ['optimizer'])).toBe('optimizer');
    expect(closestMatch('foo', ['grid'])).toBeUndefined();
  });
});

describe('summarizeIssues', () => {
  it('gives the first message and how many more problems there are', () => {
    const issue = (message: string): FieldIssue => ({ path: 'x', message });
    expect(summarizeIssues([], 'the request is not valid')).toBe('the request is not valid');
    expect(summarizeIssues([issue('a')], 'fallback')).toBe('a');
    expect(summarizeIssues([issue('a'), issue('b')], 'fallback')).toBe('a (and 1 more problem)');
    expect(summarizeIssues([issue('a'), issue('b'), issue('c')], 'fallback')).toBe('a (and 2 more problems)');
  });
});
