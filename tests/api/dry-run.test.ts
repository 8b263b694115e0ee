// POST /api/studies?dryRun=1: the validated spec and what it can cost, with nothing written; read
// raw and through the dashboard's ApiClient.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../types/index.js';
import type { DryRunResponse } from '../../types/api.js';
import { createApp } from '../../api/app.js';
import { allKeys, startTestRedis, type TestRedis } from '../helpers/test-redis.js';
import { tinyStudySpec } from '../helpers/specs.js';
import { clientFor, postJson } from '../helpers/api.js';

let env: TestRedis;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  env = await startTestRedis();
  app = createApp({ store: env.store, queues: env.queues });
});
afterAll(async () => env?.close());

describe('POST /api/studies?dryRun=1', () => {
  it('answers the cost of a valid spec and writes nothing', async () => {
    const before = await allKeys(env.redis);
    const res = await postJson<DryRunResponse>(app, '/api/studies?dryRun=1', tinyStudySpec({ stages: [{ trials: 4, epochs: 2 }, { trials: 2, epochs: 5, keepTop: 2 }] }));
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.dryRun).toBe(true);
    expect(body.cost).toMatchObject({ trials: 6, epochsAtMost: 8 + 10, epochsWithPromotion: 8 + 2 * 3 });
    expect(body.estimate).toBeNull(); // no worker has measured a speed
    expect(await allKeys(env.redis)).toEqual(before);
  });

  it('estimates the time from the speeds the workers last measured', async () => {
    await env.store.workers.heartbeat({ id: 'w1', host: 'h', pid: 1, backend: 'wasm', concurrency: 1, currentTrial: null, samplesPerSec: 768, startedAt: new Date().toISOString(), lastHeartbeat: new Date().toISOString() });
    const body = await clientFor(app).dryRun(tinyStudySpec({ stages: [{ trials: 2, epochs: 3 }] }));
    if (!body.ok) throw new Error(body.message);
    expect(body.estimate).toMatchObject({ workers: 1, secondsAtMost: 6 }); // 2 × 3 epochs × 768 images at 768 images/s
  });

  it('rejects a bad spec exactly as a real POST would, and a bad dryRun value', async () => {
    const bad = await postJson<ErrorBody>(app, '/api/studies?dryRun=1', { ...tinyStudySpec(), seed: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_spec');
    expect((await postJson(app, '/api/studies?dryRun=yes', tinyStudySpec())).status).toBe(400);
  });
});
