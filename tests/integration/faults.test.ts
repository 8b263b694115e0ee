// Faults a long sweep meets: a cancel while trials run, a study whose every trial diverges, and a
// Redis restart (AOF on) in the middle of training. Real processes, real Redis, real training.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrialRecord } from '../../types/index.js';
import type { TrialMetricsResponse } from '../../types/api.js';
import { createApp } from '../../api/app.js';
import { StudyStore } from '../../store/study-store.js';
import { createQueues } from '../../store/queues.js';
import { startLocalRedis, type LocalRedis } from '../../store/local-redis.js';
import { startWorker, type RunningWorker } from '../../worker/start-worker.js';
import { startTestRedis } from '../helpers/test-redis.js';
import { tinyStudySpec } from '../helpers/specs.js';
import { studyEnded, waitFor } from '../helpers/wait-for.js';
import { call, getJson, postStudy } from '../helpers/api.js';
import { withDeadline } from '../../runtime/deadline.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const env = await startTestRedis();
  const app = createApp({ store: env.store, queues: env.queues });
  const worker = await startWorker({ redisUrl: env.url, log: () => {}, cancelPollMs: 200 });
  cleanups.push(() => env.close(), () => worker.close());
  const post = (spec: Record<string, unknown>) => postStudy(app, spec);
  return { env, app, worker, post };
}

describe('cancelling a study while a trial trains', () => {
  it('stops the running trial within an epoch, removes queued ones and keeps finished results', async () => {
    const { env, app, post } = await setup();
    const study = await post(
      tinyStudySpec({
        // Batches of one: an epoch is thousands of steps, long against the cancel's way to the
        // worker however fast a step gets (the bound below is in epochs, not seconds).
        space: { ...(tinyStudySpec().space as object), batchSize: { type: 'fixed', value: 1 } },
        stages: [{ trials: 3, epochs: 30 }],
        earlyStopping: { enabled: false },
        data: { trainSamples: 3072, valSamples: 256 },
      }),
    );
    const first = study.stages[0]!.trialIds[0]!;
    await waitFor('the first epoch', async () => (await env.store.events.getEpochs(study.id, first)).length >= 1);
    const res = await call(app, 'POST', `/api/studies/${study.id}/cancel`);
    expect(res.status).toBe(202);
    const cancelledAt = (await env.store.events.getEpochs(study.id, first)).length;

    const stopped = await waitFor('the running trial to stop', async () => {
      const t = await env.store.getTrial(study.id, first);
      return t && t.status !== 'running' ? t : null;
    });
    expect(stopped.status).toBe('cancelled');
    expect(stopped.stopReason).toMatch(/cancel/);
    expect(stopped.epochsDone).toBeLessThanOrEqual(cancelledAt + 1);
    const trials = await env.store.listTrials(study.id);
    expect(trials.slice(1).every((t: TrialRecord) => t.status === 'cancelled' && t.epochsDone === 0)).toBe(true);
    expect((await env.store.getStudy(study.id))?.state).toBe('cancelled');
    // Finished epochs stay readable.
    const metrics = await getJson<TrialMetricsResponse>(app, `/api/studies/${study.id}/trials/${first}/metrics`);
    expect(metrics.epochs.length).toBe(stopped.epochsDone);
  });
});

describe('a study whose every trial diverges', () => {
  it('ends failed with the reasons instead of hanging', async () => {
    const { env, post } = await setup();
    const study = await post(
      tinyStudySpec({
        space: {
          optimizer: { type: 'fixed', value: 'sgd' },
          learningRate: { type: 'log-uniform', min: 5, max: 10 },
          batchSize: { type: 'fixed', value: 32 },
        },
        stages: [{ trials: 2, epochs: 3 }, { trials: 2, epochs: 3, keepTop: 1 }],
      }),
    );
    const done = await waitFor('the study to end', studyEnded(env.store, study.id));
    expect(done.state).toBe('failed');
    expect(done.error).toMatch(/diverged/);
    const trials = await env.store.listTrials(study.id);
    expect(trials).toHaveLength(2);
    for (const t of trials) {
      expect(t.status).toBe('diverged');
      expect(t.stopReason).toMatch(/loss/);
    }
  });
});

describe('Redis restarted (AOF on) in the middle of a study', () => {
  it('keeps everything written before, and API and worker reconnect by themselves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opt-aof-'));
    let server: LocalRedis = await startLocalRedis({ dataDir: dir });
    const port = server.port;
    const redis = new Redis(server.url, { maxRetriesPerRequest: null });
    redis.on('error', () => {});
    const store = new StudyStore(redis);
    const queues = createQueues(server.url);
    const app = createApp({ store, queues });
    const worker: RunningWorker = await startWorker({ redisUrl: server.url, log: () => {} });
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => server.stop(), async () => { await queues.close(); await store.close(); redis.disconnect(); }, () => worker.close());

    const study = await postStudy(app, tinyStudySpec({ stages: [{ trials: 3, epochs: 4 }], data: { trainSamples: 2048, valSamples: 256 } }));
    const first = study.stages[0]!.trialIds[0]!;
    await waitFor('two epochs', async () => (await store.events.getEpochs(study.id, first)).length >= 2);
    const before = await store.events.getEpochs(study.id, first);

    await new Promise((r) => setTimeout(r, 1100)); // let appendfsync everysec flush
    await server.stop();
    await new Promise((r) => setTimeout(r, 500));
    server = await startLocalRedis({ dataDir: dir, port });

    const done = await waitFor('the study to complete after the restart', studyEnded(store, study.id), 180_000);
    expect(done.state, done.error ?? '').toBe('completed');
    const after = await store.events.getEpochs(study.id, first);
    expect(after.slice(0, before.length)).toEqual(before);
    const health = await call(app, 'GET', '/healthz');
    expect(health.status).toBe(200);
    const trials = await store.listTrials(study.id);
    expect(trials.every((t) => t.status === 'completed' || t.status === 'early-stopped')).toBe(true);
    // A worker that lived through the restart still stops (BullMQ's close alone can wait forever here).
    await withDeadline(worker.close(), 30_000, 'worker.close() after the Redis restart');
  });
});
