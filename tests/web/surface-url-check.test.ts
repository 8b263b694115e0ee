// The surfaces page reads a hand-edited URL value by value: a value it cannot read or that the
// server's validator refuses is left out with its reason, and everything else still races.
import { describe, expect, it } from 'vitest';
import { validateSurfaceRequest } from '../../surfaces/request-schema.js';
import { nameRuns, readSurfaceQuery } from '../../web/src/surfaces/surface-url-check.js';
import { defaultState, parseSurfaceQuery, toSurfaceRequest, withSurface } from '../../web/src/surfaces/surface-url-state.js';

describe('reading a surfaces URL', () => {
  it('takes a valid URL as it is, with nothing ignored', () => {
    const q = '?s=beale&noise=0.3&seed=9&x=2.5&y=-1&steps=1500&off=sgd&adam.lr=0.02';
    expect(readSurfaceQuery(q)).toEqual({ state: parseSurfaceQuery(q), ignored: [] });
  });

  it('leaves out a learning rate the validator refuses, keeps the rest, and says why', () => {
    const { state, ignored } = readSurfaceQuery('?adam.lr=-3&sgd.lr=0.05&steps=300');
    expect(state.optimizers.adam.learningRate).toBe(defaultState().optimizers.adam.learningRate);
    expect(state.optimizers.sgd.learningRate).toBe(0.05);
    expect(state.steps).toBe(300);
    expect(ignored).toHaveLength(1);
    expect(ignored[0]).toMatchObject({ key: 'adam.lr', value: '-3' });
    expect(ignored[0]!.reason).toMatch(/^Adam learningRate .*-3/);
    expect(validateSurfaceRequest(toSurfaceRequest(state)).ok).toBe(true);
  });

  it('says an unknown surface was replaced by the default one, and still reads the other values', () => {
    const { state, ignored } = readSurfaceQuery('?s=bogus&x=0.5');
    expect(state.surface).toBe('quadratic');
    expect(state.start[0]).toBe(0.5);
    expect(ignored).toEqual([{ key: 's', value: 'bogus', reason: expect.stringMatching(/^there is no surface "bogus" \(there are quadratic, saddle, .*\); showing the quadratic one$/) }]);
  });

  it('checks values against the surface the URL names, wherever it stands in the URL', () => {
    const { state, ignored } = readSurfaceQuery('?steps=9000&adam.lr=0.3&s=rosenbrock');
    expect(state.surface).toBe('rosenbrock');
    expect(state.optimizers.adam.learningRate).toBe(0.3);
    expect(state.steps).toBe(withSurface(defaultState(), 'rosenbrock').steps);
    expect(ignored.map((i) => i.key)).toEqual(['steps']);
    expect(ignored[0]!.reason).toMatch(/steps/);
  });

  it('names values that are not numbers and keys that are not settings', () => {
    const { state, ignored } = readSurfaceQuery('?x=abc&colour=red&y=');
    expect(state).toEqual(defaultState());
    expect(ignored).toEqual([
      { key: 'x', value: 'abc', reason: 'not a number' },
      { key: 'colour', value: 'red', reason: 'not a setting of this page' },
      { key: 'y', value: '', reason: 'not a number' },
    ]);
  });

  it('keeps at least one optimizer racing', () => {
    const { state, ignored } = readSurfaceQuery('?off=sgd,momentum,nesterov,rmsprop,adam');
    expect(Object.values(state.optimizers).every((o) => o.enabled)).toBe(true);
    expect(ignored.map((i) => i.key)).toEqual(['off']);
  });

  it('names the validator’s runs as the page does', () => {
    const s = defaultState();
    s.optimizers.sgd.enabled = false;
    expect(nameRuns('optimizers[0].learningRate must be > 0', s)).toBe('Momentum learningRate must be > 0');
    expect(nameRuns('optimizers[9].momentum is wrong', s)).toBe('optimizers[9].momentum is wrong');
  });
});
