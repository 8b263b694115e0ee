// The surfaces page's URL holds its whole setup: defaults write nothing, every change survives a
// round trip through the query string, junk falls back to defaults, and the request the page races
// is one the server's validator accepts with exactly the page's settings.
import { describe, expect, it } from 'vitest';
import { SURFACE_OPTIMIZERS } from '../../types/index.js';
import { validateSurfaceRequest } from '../../surfaces/request-schema.js';
import { SURFACE_DEFAULTS } from '../../surfaces/surfaces.js';
import { defaultState, logPosition, logValue, parseSurfaceQuery, surfaceQuery, toSurfaceRequest, withSurface } from '../../web/src/surfaces/surface-url-state.js';

describe('the surfaces page URL', () => {
  it('is empty for the default setup, and the empty query is the default setup', () => {
    expect(surfaceQuery(defaultState())).toBe('');
    expect(parseSurfaceQuery('')).toEqual(defaultState());
  });

  it('carries every setting through a round trip', () => {
    const s = withSurface(defaultState(), 'beale');
    s.noise = { scale: 0.3, seed: 9 };
    s.start = [2.5, -1];
    s.steps = 1500;
    s.tolerance = 1e-5;
    s.optimizers.adam = { ...s.optimizers.adam, learningRate: 0.02, knobs: { beta1: 0.8, beta2: 0.99 } };
    s.optimizers.nesterov = { ...s.optimizers.nesterov, knobs: { momentum: 0.95 } };
    s.optimizers.sgd.enabled = false;
    const q = surfaceQuery(s);
    expect(q).toBe('?s=beale&noise=0.3&seed=9&x=2.5&y=-1&steps=1500&tol=0.00001&off=sgd&nesterov.momentum=0.95&adam.lr=0.02&adam.beta1=0.8&adam.beta2=0.99');
    expect(parseSurfaceQuery(q)).toEqual(s);
  });

  it('writes the quadratic bowl’s shape only for the bowl', () => {
    const bowl = { ...defaultState('quadratic'), condition: 100, angle: -45 };
    expect(surfaceQuery(bowl)).toBe('?cond=100&angle=-45');
    expect(surfaceQuery({ ...withSurface(bowl, 'saddle') })).toBe('?s=saddle');
  });

  it('gives another surface its own start, steps and learning rates, keeping the other choices', () => {
    const s = { ...defaultState(), noise: { scale: 1, seed: 2 }, tolerance: 0.01 };
    s.optimizers.rmsprop.enabled = false;
    const r = withSurface(s, 'rosenbrock');
    expect(r.start).toEqual(SURFACE_DEFAULTS.rosenbrock.start);
    expect(r.steps).toBe(2000);
    expect(r.optimizers.adam.learningRate).toBe(SURFACE_DEFAULTS.rosenbrock.learningRates.adam);
    expect(r.noise).toEqual({ scale: 1, seed: 2 });
    expect(r.tolerance).toBe(0.01);
    expect(r.optimizers.rmsprop.enabled).toBe(false);
  });

  it('falls back to the defaults for values it cannot read', () => {
    const s = parseSurfaceQuery('?s=volcano&x=abc&steps=&adam.lr=NaN&noise=-1');
    expect(s).toEqual(defaultState());
  });

  it('races what the server’s validator accepts, with exactly the page’s settings', () => {
    const s = withSurface(defaultState(), 'himmelblau');
    s.optimizers.momentum.enabled = false;
    s.noise = { scale: 0.1, seed: 3 };
    const checked = validateSurfaceRequest(toSurfaceRequest(s));
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const r = checked.request;
    expect(r.optimizers.map((o) => o.optimizer)).toEqual(SURFACE_OPTIMIZERS.filter((o) => o !== 'momentum'));
    expect(r.optimizers.find((o) => o.optimizer === 'adam')).toMatchObject({ learningRate: s.optimizers.adam.learningRate, beta1: 0.9, beta2: 0.999 });
    expect(r).toMatchObject({ surface: { kind: 'himmelblau' }, start: s.start, steps: s.steps, tolerance: s.tolerance, noise: { scale: 0.1, seed: 3 }, grid: 0 });
  });

  it('lets the validator name what is wrong with a hand-edited URL', () => {
    const checked = validateSurfaceRequest(toSurfaceRequest(parseSurfaceQuery('?steps=9000&sgd.lr=50')));
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['steps', 'optimizers[0].learningRate']));
  });

  it('maps log sliders both ways, to three significant digits', () => {
    expect(logPosition(1e-3, 1e-5, 10)).toBeCloseTo(2 / 6, 12);
    expect(logValue(2 / 6, 1e-5, 10)).toBe(0.001);
    expect(logValue(0.25, 1e-5, 10)).toBe(0.000316);
    expect(logPosition(100, 1e-5, 10)).toBe(1);
    expect(logPosition(0, 1e-5, 10)).toBe(0);
  });
});
