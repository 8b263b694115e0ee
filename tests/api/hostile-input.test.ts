// More than a thousand malformed or hostile requests, generated (tests/helpers/hostile-corpus.ts):
// each gets a 4xx in the contract's error shape, never a 5xx, and Redis holds no new key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudyResponse } from '../../types/api.js';
import { createApp } from '../../api/app.js';
import { allKeys, startTestRedis, type TestRedis } from '../helpers/test-redis.js';
import { designExampleSpec, tinyStudySpec } from '../helpers/specs.js';
import { hostileCorpus } from '../helpers/hostile-corpus.js';
import { call, getJson, postStudy } from '../helpers/api.js';

let env: TestRedis;
let app: ReturnType<typeof createApp>;
const unexpected: unknown[] = [];

beforeAll(async () => {
  env = await startTestRedis();
  app = createApp({ store: env.store, queues: env.queues, maxBodyBytes: 256 * 1024, logError: (e) => unexpected.push(e) });
});
afterAll(async () => {
  await env.close();
});

const adamSpec = tinyStudySpec({
  space: {
    optimizer: { type: 'categorical', values: ['rmsprop', 'adam'] },
    learningRate: { type: 'log-uniform', min: 1e-5, max: 1e-1 },
    batchSize: { type: 'int', min: 16, max: 128 },
    beta1: { type: 'uniform', min: 0.8, max: 0.99 },
    rho: { type: 'fixed', value: 0.9 },
  },
});

describe('a corpus of hostile and malformed requests', () => {
  const corpus = hostileCorpus([designExampleSpec, tinyStudySpec(), adamSpec]);

  it('has at least 1000 requests', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(1000);
  });

  it('answers every one with a 4xx in the error shape and writes nothing', async () => {
    const before = await allKeys(env.redis);
    const wrong: string[] = [];
    for (const r of corpus) {
      const res = await call(app, r.method, r.path, r.body, r.headers);
      const text = res.text;
      let shapeOk: boolean;
      try {
        const json = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
        shapeOk = typeof json.error?.code === 'string' && typeof json.error.message === 'string' && !/at .+\.(ts|js):\d+/.test(text);
      } catch {
        shapeOk = false;
      }
      if (res.status < 400 || res.status >= 500 || !shapeOk) wrong.push(`${r.label} → ${res.status} ${text.slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(await allKeys(env.redis)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('stores an injection-looking name as plain data', async () => {
    const name = `<script>alert(1)</script>'; DROP TABLE studies; --`;
    const { id } = await postStudy(app, tinyStudySpec({ name }));
    const back = await getJson<StudyResponse>(app, `/api/studies/${id}`);
    expect(back.spec.name).toBe(name);
  });
});
