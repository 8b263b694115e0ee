// DELETE /api/studies/:id is whole: on a real redis-server with real BullMQ queues, a study with
// queued trials, a stage flow and a queued landscape job leaves not one key behind; the Redis
// keys listed before it was created are the keys left after it is deleted. Besides its meta key,
// BullMQ gives a queue a job-id counter, a wake-up marker for workers and an event log once jobs
// pass through it; those belong to the queue and all its jobs, not to one study. Another study's
// keys and jobs come through the deletion untouched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LandscapeRecord } from '../../types/index.js';
import type { StudyResponse } from '../../types/api.js';
import { createApp } from '../../api/app.js';
import { QUEUE_NAMES, landscapeJobId, stageJobId } from '../../store/queues.js';
import { allKeys, startTestRedis, type TestRedis } from '../helpers/test-redis.js';
import { tinyStudySpec } from '../helpers/specs.js';
import { call, postJson, postStudy } from '../helpers/api.js';

/** The keys BullMQ keeps per queue for all of its jobs: meta, the job-id counter, the workers' marker, the event log. */
const QUEUE_WIDE_KEYS = new Set(Object.values(QUEUE_NAMES).flatMap((q) => ['meta', 'id', 'marker', 'events'].map((k) => `bull:${q}:${k}`)));

let env: TestRedis;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  env = await startTestRedis();
  app = createApp({ store: env.store, queues: env.queues, logError: () => {} });
});
afterAll(async () => {
  await env.close();
});

/** Gives a trial what a worker leaves after training it in a keepWeights study: completed, with its weights kept. */
async function finishWithWeights(studyId: string, trialId: string): Promise<void> {
  await env.store.updateTrial(studyId, trialId, (t) => ({ trial: { ...t, status: 'completed', epochsDone: 1, bestEpoch: 1, bestMetric: 0.5 } }));
  await env.store.artifacts.saveWeights(studyId, trialId, 1, new Uint8Array([1, 2, 3, 4]));
  await env.store.artifacts.saveWeights(studyId, trialId, 'final', new Uint8Array([1, 2, 3, 4]));
}

/** A queued keepWeights study (stage 1 flow in BullMQ) with one finished trial and a queued landscape around it. */
async function studyWithLandscape(name: string): Promise<{ study: StudyResponse; landscape: LandscapeRecord }> {
  const study = await postStudy(app, tinyStudySpec({ name, keepWeights: true }));
  const trialId = study.stages[0]!.trialIds[0]!;
  await finishWithWeights(study.id, trialId);
  const queued = await postJson<LandscapeRecord>(app, `/api/studies/${study.id}/trials/${trialId}/landscape`, { grid: 3 });
  expect(queued.status, queued.text).toBe(202);
  return { study, landscape: queued.body };
}

describe('DELETE /api/studies/:id', () => {
  it('removes every key and every job of the study, its landscape’s included: only the keys there before it remain', async () => {
    const before = await allKeys(env.redis);
    const { study, landscape } = await studyWithLandscape('to delete');
    const during = await allKeys(env.redis);
    expect(during.filter((k) => k.includes(landscapeJobId(study.id, landscape.id)))).not.toEqual([]);
    expect(during.filter((k) => k.includes(stageJobId(study.id, 0)))).not.toEqual([]);
    expect(during).toContain(`opt:study:${study.id}:landscapes`);
    expect(during).toContain(`opt:study:${study.id}:weights:${study.stages[0]!.trialIds[0]}`);

    const res = await call(app, 'DELETE', `/api/studies/${study.id}`);
    expect(res.status).toBe(200);
    const after = await allKeys(env.redis);
    expect(after.filter((k) => k.includes(study.id))).toEqual([]);
    expect(after.filter((k) => !QUEUE_WIDE_KEYS.has(k))).toEqual(before.filter((k) => !QUEUE_WIDE_KEYS.has(k)));
    expect(after).toEqual(expect.arrayContaining(before));
    expect(await env.queues.landscape.getJob(landscapeJobId(study.id, landscape.id))).toBeUndefined();
    expect((await call(app, 'GET', `/api/studies/${study.id}`)).status).toBe(404);
  });

  it('leaves every key and job of another study as it was', async () => {
    const bystander = await studyWithLandscape('bystander');
    const own = async () => (await allKeys(env.redis)).filter((k) => k.includes(bystander.study.id));
    const before = await own();
    const { study } = await studyWithLandscape('to delete beside it');
    expect((await call(app, 'DELETE', `/api/studies/${study.id}`)).status).toBe(200);
    expect(await own()).toEqual(before);
    expect(await (await env.queues.stage.getJob(stageJobId(bystander.study.id, 0)))?.getState()).toBe('waiting-children');
    expect(await (await env.queues.landscape.getJob(landscapeJobId(bystander.study.id, bystander.landscape.id)))?.getState()).toBe('waiting');
  });

  it('answers the second of two DELETEs of one study with 404', async () => {
    const { study } = await studyWithLandscape('deleted twice');
    const [a, b] = await Promise.all([1, 2].map(() => call(app, 'DELETE', `/api/studies/${study.id}`)));
    expect([a!.status, b!.status].sort()).toEqual([200, 404]);
  });
});
