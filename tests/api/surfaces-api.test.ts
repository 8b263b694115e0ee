// POST /api/surfaces races optimizers server-side: JSON in, JSON out, validated like studies (a 400
// naming the field and rule, never a 500), writing nothing; GET lists the surfaces and defaults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, SurfaceResult } from '../../types/index.js';
import { createApp } from '../../api/app.js';
import { validateSurfaceRequest } from '../../surfaces/request-schema.js';
import { runOptimizers } from '../../surfaces/run-optimizers.js';
import { allKeys, startTestRedis, type TestRedis } from '../helpers/test-redis.js';
import { errorIssues, getJson, postJson } from '../helpers/api.js';

let env: TestRedis;
let app: ReturnType<typeof createApp>;
const unexpected: unknown[] = [];

beforeAll(async () => {
  env = await startTestRedis();
  app = createApp({ store: env.store, queues: env.queues, logError: (e) => unexpected.push(e) });
});
afterAll(async () => {
  await env.close();
});

const post = <T = SurfaceResult>(body: unknown, headers?: Record<string, string>) => postJson<T>(app, '/api/surfaces', body, headers);

const valid = {
  surface: { kind: 'quadratic', condition: 50, angle: 15 },
  noise: { scale: 0.05, seed: 9 },
  start: [-1.5, 1],
  steps: 120,
  tolerance: 0.01,
  optimizers: [
    { optimizer: 'sgd', learningRate: 0.5 },
    { optimizer: 'momentum', learningRate: 0.1, momentum: 0.8 },
    { optimizer: 'nesterov', label: 'nag' },
    { optimizer: 'rmsprop', rho: 0.95 },
    { optimizer: 'adam', learningRate: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-7 },
  ],
  view: { xMin: -2, xMax: 2, yMin: -2, yMax: 2 },
  grid: 9,
};

describe('POST /api/surfaces', () => {
  it('returns every run with trajectory, loss per step, final loss, steps to tolerance and divergence', async () => {
    const res = await post(valid);
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.runs.map((r) => r.label)).toEqual(['sgd', 'momentum', 'nag', 'rmsprop', 'adam']);
    for (const run of body.runs) {
      expect(run.trajectory[0]).toEqual([-1.5, 1]);
      expect(run.loss).toHaveLength(run.trajectory.length);
      expect(run.finalLoss).toBe(run.loss.at(-1));
      expect(typeof run.diverged).toBe('boolean');
    }
    expect(body.surface).toMatchObject({ kind: 'quadratic', minLoss: 0, minima: [[0, 0]] });
    expect(body.grid!.values).toHaveLength(9);
  });

  it('computes exactly what the browser module computes from the same request', async () => {
    const { body } = await post(valid);
    const v = validateSurfaceRequest(valid);
    expect(v.ok).toBe(true);
    if (v.ok) expect(body).toEqual(JSON.parse(JSON.stringify(runOptimizers(v.request))));
  });

  it('fills in the defaults from a surface name alone', async () => {
    const { body } = await post({ surface: 'himmelblau' });
    expect(body.request).toMatchObject({ steps: 200, start: [0, 0], tolerance: 1e-3, grid: 0, noise: null });
    expect(body.runs).toHaveLength(5);
    expect(body.grid).toBeNull();
  });

  it('answers a bad request with 400 naming the field and the rule', async () => {
    const res = await post<ErrorBody>({ ...valid, steps: 100000, optimizers: [{ optimizer: 'sgd', rho: 0.9 }] });
    expect(res.status).toBe(400);
    const { error } = res.body;
    expect(error.code).toBe('invalid_request');
    expect(errorIssues(res.body)).toContainEqual({ path: 'steps', message: 'steps must be ≤ 5000, got 100000' });
    expect(error.message).toContain('steps must be ≤ 5000');
  });

  it('answers non-JSON with 415 and broken JSON with 400', async () => {
    expect((await post('surface=beale', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await post('{"surface": ', { 'content-type': 'application/json' })).status).toBe(400);
  });

  it('never answers 5xx to a request with any one field replaced by a wrong value, and writes nothing', async () => {
    const before = await allKeys(env.redis);
    const bad: unknown[] = [null, '1', true, [], {}, -5, 1e300, -1e300, [1], { value: 1 }, 'x'.repeat(5000), '__proto__'];
    const wrong: string[] = [];
    const leaves = (value: unknown, path: Array<string | number>): Array<Array<string | number>> => {
      const here = path.length > 0 ? [path] : [];
      if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => leaves(v, [...path, i]))];
      if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]))];
      return here;
    };
    for (const path of leaves(valid, [])) {
      for (const value of bad) {
        const copy = structuredClone(valid) as Record<string, unknown>;
        let node = copy as Record<string | number, unknown>;
        for (const seg of path.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
        node[path[path.length - 1]!] = value;
        const res = await post({ ...copy, steps: 20 });
        if (res.status >= 500 || (res.status !== 200 && res.status !== 400)) wrong.push(`${path.join('.')} = ${JSON.stringify(value).slice(0, 30)} → ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(await allKeys(env.redis)).toEqual(before);
  });
});

describe('GET /api/surfaces', () => {
  it('lists every surface with its formula, minima, defaults and the request limits', async () => {
    const body = await getJson<{ surfaces: Array<{ kind: string; formula: string; defaults: { start: number[]; optimizers: unknown[] } }>; limits: { steps: { max: number } } }>(app, '/api/surfaces');
    expect(body.surfaces.map((s) => s.kind)).toEqual(['quadratic', 'saddle', 'rosenbrock', 'beale', 'himmelblau']);
    for (const s of body.surfaces) {
      expect(s.formula.length).toBeGreaterThan(0);
      expect(s.defaults.optimizers).toHaveLength(5);
    }
    expect(body.limits.steps.max).toBe(5000);
  });

  it('is listed in the OpenAPI document with the landscape routes', async () => {
    const doc = await getJson<{ paths: Record<string, unknown> }>(app, '/openapi.json');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/surfaces', '/api/studies/{id}/trials/{trialId}/landscape', '/api/studies/{id}/landscapes/{landscapeId}']));
  });
});
