// Races answer 4xx, never 500: on a real redis-server and real BullMQ queues, a cancel or a
// landscape request for a study deleted while the request is under way answers 404 in the
// contract's error shape, and a landscape whose job cannot be queued leaves no record behind.
// "Deleted meanwhile" is made exact by a real StudyStore that runs the real DELETE right after
// the handler's read of the study; a burst of concurrent requests then checks the same at random.
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, LandscapeJobData, LandscapeJobResult, StudyRecord } from '../../types/index.js';
import { createApp } from '../../api/app.js';
import { deleteStudy } from '../../api/study-service.js';
import { QUEUE_NAMES, type Queues } from '../../store/queues.js';
import { StudyStore } from '../../store/study-store.js';
import { allKeys, startTestRedis, type TestRedis } from '../helpers/test-redis.js';
import { tinyStudySpec } from '../helpers/specs.js';
import { call, postStudy, type ApiAnswer } from '../helpers/api.js';

/** A real store that deletes a study (with the service's DELETE) right after one chosen read of it returns. */
class StoreDeletingMeanwhile extends StudyStore {
  private pending: { read: 'getStudy' | 'hasFinalWeights'; studyId: string; queues: Queues } | null = null;

  deleteAfterNext(read: 'getStudy' | 'hasFinalWeights', studyId: string, queues: Queues): void {
    this.pending = { read, studyId, queues };
  }

  override async getStudy(studyId: string): Promise<StudyRecord | null> {
    return this.thenDelete('getStudy', studyId, await super.getStudy(studyId));
  }

  constructor(redis: Redis) {
    super(redis);
    const artifacts = this.artifacts;
    const hasFinalWeights = artifacts.hasFinalWeights.bind(artifacts);
    artifacts.hasFinalWeights = async (studyId, trialId) => this.thenDelete('hasFinalWeights', studyId, await hasFinalWeights(studyId, trialId));
  }

  private async thenDelete<T>(read: 'getStudy' | 'hasFinalWeights', studyId: string, value: T): Promise<T> {
    const p = this.pending;
    if (p?.read === read && p.studyId === studyId) {
      this.pending = null;
      await deleteStudy({ store: this, queues: p.queues }, studyId);
    }
    return value;
  }
}

let env: TestRedis;
let racing: StoreDeletingMeanwhile;
let app: ReturnType<typeof createApp>;
let closedLandscapeQueue: Queues['landscape'];

beforeAll(async () => {
  env = await startTestRedis();
  racing = new StoreDeletingMeanwhile(env.redis);
  app = createApp({ store: racing, queues: env.queues, logError: () => {} });
  closedLandscapeQueue = new Queue<LandscapeJobData, LandscapeJobResult, 'landscape'>(QUEUE_NAMES.landscape, { connection: env.queues.connection });
  await closedLandscapeQueue.close();
});
afterAll(async () => {
  await racing.close();
  await env.close();
});

/** A queued keepWeights study whose first trial is finished with its weights kept (what a landscape needs). */
async function studyReadyForLandscape(): Promise<{ study: StudyRecord; trialId: string }> {
  const study = await postStudy(app, tinyStudySpec({ keepWeights: true }));
  const trialId = study.stages[0]!.trialIds[0]!;
  await env.store.updateTrial(study.id, trialId, (t) => ({ trial: { ...t, status: 'completed', epochsDone: 1, bestEpoch: 1, bestMetric: 0.5 } }));
  await env.store.artifacts.saveWeights(study.id, trialId, 'final', new Uint8Array([1, 2, 3, 4]));
  return { study, trialId };
}

function expectNotFound(res: ApiAnswer<ErrorBody>, studyId: string): void {
  expect(res.status, res.text).toBe(404);
  expect(res.body.error.code).toBe('not_found');
  expect(res.body.error.message).toContain(studyId);
}

const keysOf = async (studyId: string) => (await allKeys(env.redis)).filter((k) => k.includes(studyId));

describe('a study deleted while a request for it is under way', () => {
  it('answers a cancel with 404, and the study stays deleted', async () => {
    const { study } = await studyReadyForLandscape();
    racing.deleteAfterNext('getStudy', study.id, env.queues);
    expectNotFound(await call<ErrorBody>(app, 'POST', `/api/studies/${study.id}/cancel`), study.id);
    expect(await keysOf(study.id)).toEqual([]);
  });

  it('answers a landscape request with 404 and queues nothing', async () => {
    const { study, trialId } = await studyReadyForLandscape();
    racing.deleteAfterNext('hasFinalWeights', study.id, env.queues);
    expectNotFound(await call<ErrorBody>(app, 'POST', `/api/studies/${study.id}/trials/${trialId}/landscape`, { grid: 3 }), study.id);
    expect(await keysOf(study.id)).toEqual([]);
    expect(await env.queues.landscape.count()).toBe(0);
  });

  it('answers cancels, reads and landscape requests racing a DELETE with 2xx or 404, never 500, and leaves no key', async () => {
    const studies = await Promise.all(Array.from({ length: 6 }, () => studyReadyForLandscape()));
    const answers = await Promise.all(
      studies.flatMap(({ study, trialId }) => [
        call(app, 'DELETE', `/api/studies/${study.id}`),
        call(app, 'POST', `/api/studies/${study.id}/cancel`),
        call(app, 'POST', `/api/studies/${study.id}/trials/${trialId}/landscape`, { grid: 3 }),
        call(app, 'GET', `/api/studies/${study.id}`),
        call(app, 'GET', `/api/studies/${study.id}/trials`),
        call(app, 'GET', `/api/studies/${study.id}/best`),
        call(app, 'GET', `/api/studies/${study.id}/landscapes`),
      ]),
    );
    for (const res of answers) expect([200, 202, 404], `${res.status} ${res.text}`).toContain(res.status);
    for (const { study } of studies) expect(await keysOf(study.id)).toEqual([]);
  });
});

describe('a landscape whose job cannot be queued', () => {
  it('answers with an error and leaves no landscape record behind', async () => {
    const { study, trialId } = await studyReadyForLandscape();
    const broken = createApp({ store: env.store, queues: { ...env.queues, landscape: closedLandscapeQueue }, logError: () => {} });
    const before = await allKeys(env.redis);
    const res = await call<ErrorBody>(broken, 'POST', `/api/studies/${study.id}/trials/${trialId}/landscape`, { grid: 3 });
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.body.error.code).toBeTruthy();
    expect(await env.store.landscapes.listLandscapes(study.id)).toEqual([]);
    expect(await allKeys(env.redis)).toEqual(before);
    expect((await call(app, 'GET', `/api/studies/${study.id}/landscapes`)).status).toBe(200);
  });
});
