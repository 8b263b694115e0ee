// The HTTP contract on a real Redis and real BullMQ queues, through `app.request()` (no worker:
// nothing here trains). Bad input must get a 4xx naming the problem and write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { QUEUE_NAMES, stageJobId, trainJobId } from '../../store/queues.js';
import { allKeys, startTestRedis, type TestRedis } from '../helpers/test-redis.js';
import { designExampleSpec, tinyStudySpec } from '../helpers/specs.js';

let env: TestRedis;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  env = await startTestRedis();
  app = createApp({ store: env.store, queues: env.queues, maxBodyBytes: 64 * 1024, logError: () => {} });
});
afterAll(async () => {
  await env.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  app.request(path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

interface ErrorJson {
  error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
}

describe('POST /api/studies', () => {
  it('stores a valid study with defaults filled in and queues stage 1 as a flow of train jobs', async () => {
    const res = await post('/api/studies', designExampleSpec);
    expect(res.status).toBe(201);
    const study = (await res.json()) as { id: string; state: string; spec: { earlyStopping: { enabled: boolean } }; stages: Array<{ trialIds: string[] }> };
    expect(study.state).toBe('queued');
    expect(study.spec.earlyStopping.enabled).toBe(true);
    expect(res.headers.get('location')).toBe(`/api/studies/${study.id}`);
    const trialIds = study.stages[0]!.trialIds;
    expect(trialIds).toHaveLength(16);

    const trials = (await (await app.request(`/api/studies/${study.id}/trials`)).json()) as { trials: Array<{ status: string; config: { learningRate: number } }> };
    expect(trials.trials).toHaveLength(16);
    for (const t of trials.trials) {
      expect(t.status).toBe('queued');
      expect(t.config.learningRate).toBeGreaterThanOrEqual(1e-5);
      expect(t.config.learningRate).toBeLessThanOrEqual(1e-1);
    }
    const parent = await env.queues.stage.getJob(stageJobId(study.id, 0));
    expect(await parent?.getState()).toBe('waiting-children');
    const child = await env.queues.train.getJob(trainJobId(study.id, trialIds[0]!));
    expect(await child?.getState()).toBe('waiting');
    expect(child?.queueName).toBe(QUEUE_NAMES.train);
  });

  it('samples the same trial configs for the same seed', async () => {
    const a = (await (await post('/api/studies', designExampleSpec)).json()) as { id: string };
    const b = (await (await post('/api/studies', designExampleSpec)).json()) as { id: string };
    const configs = async (id: string) =>
      ((await (await app.request(`/api/studies/${id}/trials`)).json()) as { trials: Array<{ config: unknown }> }).trials.map((t) => t.config);
    expect(await configs(a.id)).toEqual(await configs(b.id));
  });
});

// Each entry: a description, a body (object or raw string), and what the error must mention.
const base = designExampleSpec;
const malformed: Array<[string, unknown, RegExp]> = [
  ['an empty object', {}, /name|dataset|space|stages/],
  ['null', null, /object/i],
  ['an array', [base], /object/i],
  ['a string', '"study"', /object/i],
  ['a number', '42', /object/i],
  ['no name', { ...base, name: undefined }, /name/],
  ['a numeric name', { ...base, name: 5 }, /name/],
  ['an unknown dataset', { ...base, dataset: 'cifar10' }, /dataset/],
  ['no space', { ...base, space: undefined }, /space/],
  ['no stages', { ...base, stages: undefined }, /stages/],
  ['empty stages', { ...base, stages: [] }, /stages/],
  ['min > max', { ...base, space: { ...base.space, learningRate: { type: 'log-uniform', min: 0.1, max: 0.001 } } }, /learningRate/],
  ['min ≤ 0 for log-uniform', { ...base, space: { ...base.space, learningRate: { type: 'log-uniform', min: 0, max: 0.1 } } }, /learningRate\.min/],
  ['a negative log-uniform min', { ...base, space: { ...base.space, learningRate: { type: 'log-uniform', min: -1, max: 0.1 } } }, /learningRate\.min/],
  ['an unknown distribution type', { ...base, space: { ...base.space, learningRate: { type: 'gaussian', mean: 0.01 } } }, /learningRate/],
  ['a string min', { ...base, space: { ...base.space, learningRate: { type: 'uniform', min: '0.1', max: 1 } } }, /learningRate/],
  ['an unknown optimizer', { ...base, space: { ...base.space, optimizer: { type: 'categorical', values: ['sgd', 'adagrad'] } } }, /optimizer/],
  ['an empty categorical', { ...base, space: { ...base.space, batchSize: { type: 'categorical', values: [] } } }, /batchSize/],
  ['a fractional batch size', { ...base, space: { ...base.space, batchSize: { type: 'categorical', values: [32.5] } } }, /batchSize/],
  ['a zero batch size', { ...base, space: { ...base.space, batchSize: { type: 'fixed', value: 0 } } }, /batchSize/],
  ['an unknown space key', { ...base, space: { ...base.space, warmupSteps: { type: 'fixed', value: 3 } } }, /warmupSteps/],
  ['an adam knob without adam', { ...base, space: { ...base.space, optimizer: { type: 'fixed', value: 'sgd' }, beta1: { type: 'uniform', min: 0.8, max: 0.99 } } }, /beta1/],
  ['trials: 0', { ...base, stages: [{ trials: 0, epochs: 2 }] }, /stages\[0\]\.trials/],
  ['trials: 1e9', { ...base, stages: [{ trials: 1e9, epochs: 2 }] }, /stages\[0\]\.trials/],
  ['fractional trials', { ...base, stages: [{ trials: 2.5, epochs: 2 }] }, /stages\[0\]\.trials/],
  ['negative epochs', { ...base, stages: [{ trials: 4, epochs: -1 }] }, /stages\[0\]\.epochs/],
  ['keepTop larger than the previous stage', { ...base, stages: [{ trials: 4, epochs: 1 }, { trials: 4, epochs: 2, keepTop: 9 }] }, /stages\[1\]\.keepTop/],
  ['an unknown top-level key', { ...base, optimiser: 'adam' }, /optimiser/],
  ['an unknown model key', { ...base, model: { ...base.model, layers: 3 } }, /layers/],
  ['a conv stack that shrinks the image below 1×1', { ...base, model: { ...base.model, filters: [8, 16, 32, 64], kernelSize: 7 } }, /model/],
  ['dropout of 1', { ...base, model: { ...base.model, dropout: 1 } }, /dropout/],
  ['an unknown early-stopping monitor', { ...base, earlyStopping: { ...base.earlyStopping, monitor: 'train_loss' } }, /monitor/],
  ['negative patience', { ...base, earlyStopping: { ...base.earlyStopping, patience: -2 } }, /patience/],
  ['an unknown objective', { ...base, objective: { metric: 'f1', mode: 'max' } }, /objective/],
  ['more samples than the dataset has', { ...base, data: { trainSamples: 60000, valSamples: 10000 } }, /data/],
  ['a non-integer seed', { ...base, seed: 'forty-two' }, /seed/],
  ['an injection-looking name that is too long', { ...base, name: `'; DROP TABLE studies; --${'x'.repeat(300)}` }, /name/],
  ['a __proto__ key', JSON.parse(`{"__proto__": {"polluted": true}, "name": "x"}`), /./],
];

describe('bad input', () => {
  it.each(malformed)('rejects %s with a 400 naming the problem and writes nothing', async (_what, body, mentions) => {
    const before = await allKeys(env.redis);
    const res = await post('/api/studies', typeof body === 'string' ? body : body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as ErrorJson;
    expect(json.error.code).toMatch(/invalid_spec|invalid_json/);
    const text = `${json.error.message}\n${(json.error.details ?? []).map((d) => `${d.path} ${d.message}`).join('\n')}`;
    expect(text).toMatch(mentions);
    expect(await allKeys(env.redis)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('has at least 30 malformed specs in its table', () => {
    expect(malformed.length).toBeGreaterThanOrEqual(30);
  });

  it('rejects a body that is not JSON with 400 invalid_json', async () => {
    const res = await post('/api/studies', '{"name": "x",');
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorJson).error.code).toBe('invalid_json');
  });

  it('rejects a wrong content type with 415', async () => {
    const res = await post('/api/studies', JSON.stringify(designExampleSpec), { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as ErrorJson).error.message).toMatch(/application\/json/);
  });

  it('rejects a body over the size limit with 413', async () => {
    const res = await post('/api/studies', { ...designExampleSpec, padding: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
  });

  it('answers unknown ids and routes with 404 in the error shape', async () => {
    for (const path of ['/api/studies/000000000000', '/api/studies/not-an-id/trials', '/api/studies/000000000000/best', '/api/nothing-here']) {
      const res = await app.request(path);
      expect(res.status).toBe(404);
      expect(((await res.json()) as ErrorJson).error.code).toBe('not_found');
    }
  });
});

describe('reading, cancelling and deleting', () => {
  it('lists studies newest first with progress', async () => {
    const created = (await (await post('/api/studies', tinyStudySpec({ name: 'listed' }))).json()) as { id: string };
    const list = (await (await app.request('/api/studies')).json()) as { studies: Array<{ id: string; name: string; trialsTotal: number; trialsFinished: number }> };
    expect(list.studies[0]).toMatchObject({ id: created.id, name: 'listed', trialsTotal: 6, trialsFinished: 0 });
  });

  it('cancels a queued study: state cancelled, queued trials cancelled, their jobs removed', async () => {
    const created = (await (await post('/api/studies', tinyStudySpec())).json()) as { id: string; stages: Array<{ trialIds: string[] }> };
    const res = await post(`/api/studies/${created.id}/cancel`, '');
    expect(res.status).toBe(202);
    expect(((await res.json()) as { state: string }).state).toBe('cancelled');
    // Its stages say cancelled, the never-planned second one too, and no cancelled trial counts as done.
    const study = (await (await app.request(`/api/studies/${created.id}`)).json()) as {
      stages: Array<{ state: string }>;
      progress: Array<{ state: string; finished: number; cancelled: number; running: number }>;
      trialsFinished: number;
    };
    expect(study.stages.map((s) => s.state)).toEqual(['cancelled']);
    expect(study.progress).toEqual([
      expect.objectContaining({ state: 'cancelled', finished: 0, cancelled: 4, running: 0 }),
      expect.objectContaining({ state: 'cancelled', finished: 0, cancelled: 0, running: 0 }),
    ]);
    expect(study.trialsFinished).toBe(0);
    const trials = (await (await app.request(`/api/studies/${created.id}/trials`)).json()) as { trials: Array<{ status: string }> };
    expect(trials.trials.every((t) => t.status === 'cancelled')).toBe(true);
    expect(await env.queues.train.getJob(trainJobId(created.id, created.stages[0]!.trialIds[0]!))).toBeUndefined();
    expect(await env.queues.stage.getJob(stageJobId(created.id, 0))).toBeUndefined();
  });

  it('deletes a study with all of its keys', async () => {
    const created = (await (await post('/api/studies', tinyStudySpec())).json()) as { id: string };
    const res = await app.request(`/api/studies/${created.id}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect((await allKeys(env.redis)).filter((k) => k.includes(created.id))).toEqual([]);
    expect((await app.request(`/api/studies/${created.id}`)).status).toBe(404);
  });
});

describe('deployment limits', () => {
  it('rejects a study over this server\'s limits with a 400 naming the limit and its variable', async () => {
    const small = createApp({ store: env.store, queues: env.queues, limits: { maxTrialsPerStudy: 5, maxEpochsPerStage: 3, maxTrainSamples: 500 } });
    const before = await allKeys(env.redis);
    const res = await small.request('/api/studies', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(tinyStudySpec()) });
    expect(res.status).toBe(400);
    const json = (await res.json()) as ErrorJson;
    const text = json.error.details!.map((d) => d.message).join('\n');
    expect(text).toMatch(/6 trials in all .* \(5, MAX_TRIALS_PER_STUDY\)/);
    expect(text).toMatch(/data\.trainSamples must be ≤ 500 .*MAX_TRAIN_SAMPLES/);
    expect(await allKeys(env.redis)).toEqual(before);
    const ok = await small.request('/api/studies', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(tinyStudySpec({ stages: [{ trials: 2, epochs: 3 }], data: { trainSamples: 400, valSamples: 100 } })),
    });
    expect(ok.status).toBe(201);
  });
});

describe('with API_TOKEN set', () => {
  it('needs the bearer token for writes but not for reads', async () => {
    const secured = createApp({ store: env.store, queues: env.queues, apiToken: 's3cret' });
    const body = JSON.stringify(tinyStudySpec());
    const send = (headers: Record<string, string>) => secured.request('/api/studies', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    expect((await send({})).status).toBe(401);
    expect((await send({ authorization: 'Bearer wrong' })).status).toBe(403);
    expect((await send({ authorization: 'Bearer s3cret' })).status).toBe(201);
    expect((await secured.request('/api/studies')).status).toBe(200);
  });
});

describe('service routes', () => {
  it('describes every route of the contract in /openapi.json', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    for (const r of [
      'POST /api/studies', 'GET /api/studies', 'GET /api/studies/{id}', 'GET /api/studies/{id}/trials',
      'GET /api/studies/{id}/trials/{trialId}/metrics', 'GET /api/studies/{id}/best', 'GET /api/studies/{id}/export', 'GET /api/studies/{id}/events',
      'POST /api/studies/{id}/cancel', 'DELETE /api/studies/{id}', 'GET /api/workers', 'GET /healthz', 'GET /openapi.json',
    ]) expect(routes).toContain(r);
  });

  it('sends security headers, a content security policy among them', async () => {
    const res = await app.request('/healthz');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('reports Redis health', async () => {
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, redis: 'up' });
  });
});
