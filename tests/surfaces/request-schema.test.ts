// A surface race request is validated like a StudySpec: defaults filled in, and every problem a
// FieldIssue naming the field and the rule, never an exception.
import { describe, expect, it } from 'vitest';
import { SURFACE_OPTIMIZERS } from '../../types/index.js';
import { SURFACE_DEFAULTS } from '../../surfaces/surfaces.js';
import { validateSurfaceRequest } from '../../surfaces/request-schema.js';

const issuesOf = (body: unknown) => {
  const v = validateSurfaceRequest(body);
  if (v.ok) throw new Error('expected the request to be rejected');
  return v.issues;
};

describe('validateSurfaceRequest', () => {
  it('fills in the surface defaults: start, steps, view, tolerance, all five optimizers with their knobs', () => {
    const v = validateSurfaceRequest({ surface: 'rosenbrock' });
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    const r = v.request;
    expect(r.surface).toEqual({ kind: 'rosenbrock' });
    expect(r.start).toEqual(SURFACE_DEFAULTS.rosenbrock.start);
    expect(r.steps).toBe(SURFACE_DEFAULTS.rosenbrock.steps);
    expect(r.view).toEqual(SURFACE_DEFAULTS.rosenbrock.view);
    expect(r).toMatchObject({ tolerance: 1e-3, grid: 0, noise: null });
    expect(r.optimizers.map((o) => o.label)).toEqual([...SURFACE_OPTIMIZERS]);
    expect(r.optimizers).toContainEqual({ label: 'nesterov', optimizer: 'nesterov', learningRate: SURFACE_DEFAULTS.rosenbrock.learningRates.nesterov, momentum: 0.9 });
    expect(r.optimizers).toContainEqual({ label: 'adam', optimizer: 'adam', learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(r.optimizers).toContainEqual({ label: 'rmsprop', optimizer: 'rmsprop', learningRate: 0.002, rho: 0.9, epsilon: 1e-8, momentum: 0 });
  });

  it('accepts the quadratic bowl by name or with its parameters', () => {
    const byName = validateSurfaceRequest({ surface: 'quadratic' });
    const full = validateSurfaceRequest({ surface: { kind: 'quadratic', condition: 50 }, noise: { scale: 0.1 } });
    expect(byName.ok && byName.request.surface).toEqual({ kind: 'quadratic', condition: 10, angle: 30 });
    expect(full.ok && full.request.surface).toEqual({ kind: 'quadratic', condition: 50, angle: 30 });
    expect(full.ok && full.request.noise).toEqual({ scale: 0.1, seed: 0 });
  });

  it.each([
    [{ surface: 'rosenbrock', steps: 5001 }, 'steps', 'steps must be ≤ 5000, got 5001'],
    [{ surface: 'rosenbrock', steps: 1.5 }, 'steps', 'steps must be an integer'],
    [{ surface: 'banana' }, 'surface', 'surface must be one of quadratic, saddle, rosenbrock, beale, himmelblau'],
    [{}, 'surface', 'surface is required'],
    [{ surface: { kind: 'quadratic', condition: 0.5 } }, 'surface.condition', 'surface.condition must be ≥ 1, got 0.5'],
    [{ surface: 'beale', start: [1] }, 'start', 'start must have at least 2 entries'],
    [{ surface: 'beale', start: [1, 1e9] }, 'start[1]', 'start[1] must be ≤ 1000'],
    [{ surface: 'beale', optimizers: [{ optimizer: 'adagrad' }] }, 'optimizers[0].optimizer', 'optimizers[0].optimizer must be one of sgd, momentum, nesterov, rmsprop, adam'],
    [{ surface: 'beale', optimizers: [{ optimizer: 'sgd', learningRate: 0 }] }, 'optimizers[0].learningRate', 'optimizers[0].learningRate must be > 0'],
    [{ surface: 'beale', optimizers: [{ optimizer: 'sgd', beta1: 0.9 }] }, 'optimizers[0].beta1', 'optimizers[0].beta1 applies only to adam, not sgd'],
    [{ surface: 'beale', optimizers: [{ optimizer: 'adam', beta2: 1 }] }, 'optimizers[0].beta2', 'optimizers[0].beta2 must be < 1, got 1'],
    [{ surface: 'beale', optimizers: [{ optimizer: 'sgd' }, { optimizer: 'sgd', learningRate: 0.1 }] }, 'optimizers[1].label', 'optimizers[1].label "sgd" repeats optimizers[0]\'s'],
    [{ surface: 'beale', optimizers: [] }, 'optimizers', 'optimizers must have at least 1 entries'],
    [{ surface: 'beale', grid: 1 }, 'grid', 'grid must be 0 (no grid) or at least 2'],
    [{ surface: 'beale', grid: 500 }, 'grid', 'grid must be ≤ 201'],
    [{ surface: 'beale', view: { xMin: 1, xMax: 0, yMin: 0, yMax: 1 } }, 'view.xMin', 'view.xMin must be < view.xMax'],
    [{ surface: 'beale', tolerance: -1 }, 'tolerance', 'tolerance must be > 0'],
    [{ surface: 'beale', noise: { scale: 'big' } }, 'noise.scale', 'noise.scale must be a number, got the string "big"'],
    [{ surface: 'beale', stpes: 10 }, 'stpes', 'stpes is not a known field of the request'],
  ])('rejects %j naming %s and its rule', (body, path, message) => {
    const issues = issuesOf(body);
    const issue = issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue!.message).toContain(message);
  });

  it.each([null, [], 'rosenbrock', 42, { surface: { kind: '__proto__' } }, { surface: 'beale', optimizers: [null] }, { surface: 'beale', start: [NaN, 0] }])('rejects %j without throwing', (body) => {
    expect(issuesOf(body).length).toBeGreaterThan(0);
  });
});
