// The HTTP contract on a real Redis and real BullMQ queues, through `app.request()` (no worker:
// nothing here trains), partly through the dashboard's own ApiClient. Bad input must get a 4xx
// naming the problem and write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../types/index.js';
import type { HealthResponse, StudyResponse } from '../../types/api.js';
import { createApp } from '../../api/app.js';
import { QUEUE_NAMES, stageJobId, trainJobId } from '../../store/queues.js';
import type { ApiClient } from '../../web/src/shared/api-client.js';
import { allKeys, startTestRedis, type TestRedis } from '../helpers/test-redis.js';
import { designExampleSpec, tinyStudySpec } from '../helpers/specs.js';
import { JSON_HEADERS, call, clientFor, errorIssues, getJson, postJson, postStudy } from '../helpers/api.js';

let env: TestRedis;
let app: ReturnType<typeof createApp>;
let client: ApiClient;

beforeAll(async () => {
  env = await startTestRedis();
  app = createApp({ store: env.store, queues: env.queues, maxBodyBytes: 64 * 1024, logError: () => {} });
  client = clientFor(app);
});
afterAll(async () => {
  await env.close();
});

describe('POST /api/studies', () => {
  it('stores a valid study with defaults filled in and queues stage 1 as a flow of train jobs', async () => {
    const res = await postJson<StudyResponse>(app, '/api/studies', designExampleSpec);
    expect(res.status).toBe(201);
    const study = res.body;
    expect(study.state).toBe('queued');
    expect(study.spec.earlyStopping.enabled).toBe(true);
    expect(res.headers.get('location')).toBe(`/api/studies/${study.id}`);
    const trialIds = study.stages[0]!.trialIds;
    expect(trialIds).toHaveLength(16);

    const trials = await client.listTrials(study.id);
    expect(trials).toHaveLength(16);
    for (const t of trials) {
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
    const a = await client.createStudy(designExampleSpec);
    const b = await client.createStudy(designExampleSpec);
    if (!a.ok || !b.ok) throw new Error('the design example was refused');
    const configs = async (id: string) => (await client.listTrials(id)).map((t) => t.config);
    expect(await configs(a.study.id)).toEqual(await configs(b.study.id));
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
    const res = await postJson<ErrorBody>(app, '/api/studies', body);
    expect(res.status).toBe(400);
    const json = res.body;
    expect(json.error.code).toMatch(/invalid_spec|invalid_json/);
    const text = `${json.error.message}\n${errorIssues(json).map((d) => `${d.path} ${d.message}`).join('\n')}`;
    expect(text).toMatch(mentions);
    expect(await allKeys(env.redis)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('has at least 30 malformed specs in its table', () => {
    expect(malformed.length).toBeGreaterThanOrEqual(30);
  });

  it('rejects a body that is not JSON with 400 invalid_json', async () => {
    const res = await postJson<ErrorBody>(app, '/api/studies', '{"name": "x",');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  it('rejects a wrong content type with 415', async () => {
    const res = await postJson<ErrorBody>(app, '/api/studies', JSON.stringify(designExampleSpec), { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.body.error.message).toMatch(/application\/json/);
  });

  it('rejects a body over the size limit with 413', async () => {
    const res = await postJson(app, '/api/studies', { ...designExampleSpec, padding: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
  });

  it('answers unknown ids and routes with 404 in the error shape', async () => {
    for (const path of ['/api/studies/000000000000', '/api/studies/not-an-id/trials', '/api/studies/000000000000/best', '/api/nothing-here']) {
      const res = await call<ErrorBody>(app, 'GET', path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });
});

describe('reading, cancelling and deleting', () => {
  it('lists studies newest first with progress', async () => {
    const created = await client.createStudy(tinyStudySpec({ name: 'listed' }));
    if (!created.ok) throw new Error(created.message);
    const list = await client.listStudies();
    expect(list.studies[0]).toMatchObject({ id: created.study.id, name: 'listed', trialsTotal: 6, trialsFinished: 0 });
  });

  it('cancels a queued study: state cancelled, queued trials cancelled, their jobs removed', async () => {
    const created = await postStudy(app, tinyStudySpec());
    const res = await postJson<StudyResponse>(app, `/api/studies/${created.id}/cancel`, '');
    expect(res.status).toBe(202);
    expect(res.body.state).toBe('cancelled');
    // Its stages say cancelled, the never-planned second one too, and no cancelled trial counts as done.
    const study = await client.getStudy(created.id);
    expect(study.stages.map((s) => s.state)).toEqual(['cancelled']);
    expect(study.progress).toEqual([
      expect.objectContaining({ state: 'cancelled', finished: 0, cancelled: 4, running: 0 }),
      expect.objectContaining({ state: 'cancelled', finished: 0, cancelled: 0, running: 0 }),
    ]);
    expect(study.trialsFinished).toBe(0);
    const trials = await client.listTrials(created.id);
    expect(trials.every((t) => t.status === 'cancelled')).toBe(true);
    expect(await env.queues.train.getJob(trainJobId(created.id, created.stages[0]!.trialIds[0]!))).toBeUndefined();
    expect(await env.queues.stage.getJob(stageJobId(created.id, 0))).toBeUndefined();
  });

  it('deletes a study with all of its keys', async () => {
    const created = await postStudy(app, tinyStudySpec());
    const res = await call(app, 'DELETE', `/api/studies/${created.id}`);
    expect(res.status).toBe(200);
    expect((await allKeys(env.redis)).filter((k) => k.includes(created.id))).toEqual([]);
    await expect(client.getStudy(created.id)).rejects.toMatchObject({ status: 404, code: 'not_found' });
  });

  it('deletes a study through the client, which then reads it as gone', async () => {
    const created = await client.createStudy(tinyStudySpec({ name: 'deleted by the client' }));
    if (!created.ok) throw new Error(created.message);
    await client.deleteStudy(created.study.id);
    expect((await allKeys(env.redis)).filter((k) => k.includes(created.study.id))).toEqual([]);
    expect((await client.listStudies()).studies.map((s) => s.id)).not.toContain(created.study.id);
  });
});

describe('deployment limits', () => {
  it('rejects a study over this server\'s limits with a 400 naming the limit and its variable', async () => {
    const small = createApp({ store: env.store, queues: env.queues, limits: { maxTrialsPerStudy: 5, maxEpochsPerStage: 3, maxTrainSamples: 500 } });
    const before = await allKeys(env.redis);
    const res = await postJson<ErrorBody>(small, '/api/studies', tinyStudySpec());
    expect(res.status).toBe(400);
    const issues = errorIssues(res.body);
    expect(issues).not.toEqual([]);
    const text = issues.map((d) => d.message).join('\n');
    expect(text).toMatch(/6 trials in all .* \(5, MAX_TRIALS_PER_STUDY\)/);
    expect(text).toMatch(/data\.trainSamples must be ≤ 500 .*MAX_TRAIN_SAMPLES/);
    expect(await allKeys(env.redis)).toEqual(before);
    const ok = await postJson(small, '/api/studies', tinyStudySpec({ stages: [{ trials: 2, epochs: 3 }], data: { trainSamples: 400, valSamples: 100 } }));
    expect(ok.status).toBe(201);
  });
});

describe('with API_TOKEN set', () => {
  it('needs the bearer token for writes but not for reads', async () => {
    const secured = createApp({ store: env.store, queues: env.queues, apiToken: 's3cret' });
    const send = (headers: Record<string, string>) => postJson(secured, '/api/studies', tinyStudySpec(), { ...JSON_HEADERS, ...headers });
    expect((await send({})).status).toBe(401);
    expect((await send({ authorization: 'Bearer wrong' })).status).toBe(403);
    expect((await send({ authorization: 'Bearer s3cret' })).status).toBe(201);
    expect((await call(secured, 'GET', '/api/studies')).status).toBe(200);
  });
});

describe('service routes', () => {
  it('describes every route of the contract in /openapi.json', async () => {
    const doc = await getJson<{ paths: Record<string, Record<string, unknown>> }>(app, '/openapi.json');
    const routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    for (const r of [
      'POST /api/studies', 'GET /api/studies', 'GET /api/studies/{id}', 'GET /api/studies/{id}/trials',
      'GET /api/studies/{id}/trials/{trialId}/metrics', 'GET /api/studies/{id}/best', 'GET /api/studies/{id}/export', 'GET /api/studies/{id}/events',
      'POST /api/studies/{id}/cancel', 'DELETE /api/studies/{id}', 'GET /api/workers', 'GET /healthz', 'GET /openapi.json',
    ]) expect(routes).toContain(r);
  });

  it('sends security headers, a content security policy among them', async () => {
    const res = await call(app, 'GET', '/healthz');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('reports Redis health', async () => {
    const res = await call<HealthResponse>(app, 'GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, redis: 'up' });
  });
});
