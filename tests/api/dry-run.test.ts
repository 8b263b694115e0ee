// POST /api/studies?dryRun=1: the validated spec and what it can cost, with nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { allKeys, startTestRedis, type TestRedis } from '../helpers/test-redis.js';
import { tinyStudySpec } from '../helpers/specs.js';

let env: TestRedis;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  env = await startTestRedis();
  app = createApp({ store: env.store, queues: env.queues });
});
afterAll(async () => env?.close());

const post = (query: string, spec: unknown) => app.request(`/api/studies${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });

describe('POST /api/studies?dryRun=1', () => {
  it('answers the cost of a valid spec and writes nothing', async () => {
    const before = await allKeys(env.redis);
    const res = await post('?dryRun=1', tinyStudySpec({ stages: [{ trials: 4, epochs: 2 }, { trials: 2, epochs: 5, keepTop: 2 }] }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { dryRun: boolean; cost: { trials: number; epochsAtMost: number; epochsWithPromotion: number }; estimate: unknown };
    expect(body.dryRun).toBe(true);
    expect(body.cost).toMatchObject({ trials: 6, epochsAtMost: 8 + 10, epochsWithPromotion: 8 + 2 * 3 });
    expect(body.estimate).toBeNull(); // no worker has measured a speed
    expect(await allKeys(env.redis)).toEqual(before);
  });

  it('estimates the time from the speeds the workers last measured', async () => {
    await env.store.workers.heartbeat({ id: 'w1', host: 'h', pid: 1, backend: 'wasm', concurrency: 1, currentTrial: null, samplesPerSec: 768, startedAt: new Date().toISOString(), lastHeartbeat: new Date().toISOString() });
    const body = (await (await post('?dryRun=1', tinyStudySpec({ stages: [{ trials: 2, epochs: 3 }] }))).json()) as { estimate: { workers: number; secondsAtMost: number } };
    expect(body.estimate).toMatchObject({ workers: 1, secondsAtMost: 6 }); // 2 × 3 epochs × 768 images at 768 images/s
  });

  it('rejects a bad spec exactly as a real POST would, and a bad dryRun value', async () => {
    const bad = await post('?dryRun=1', { ...tinyStudySpec(), seed: -1 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_spec');
    expect((await post('?dryRun=yes', tinyStudySpec())).status).toBe(400);
  });
});
