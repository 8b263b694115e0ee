// Redis away is a state, not a hang: `npm start` and `npm run worker` run as real processes against
// a Redis that is unreachable, paused or restarted, and must answer, say what is wrong, recover
// by themselves, and stop on SIGINT/SIGTERM (a second signal at once).
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../types/index.js';
import { createApp } from '../../api/app.js';
import { StudyStore } from '../../store/study-store.js';
import { createQueues } from '../../store/queues.js';
import { freePort, startLocalRedis, type LocalRedis } from '../../store/local-redis.js';
import { API_QUEUE_OPTIONS, API_REDIS_OPTIONS } from '../../store/redis-client-options.js';
import { startEntry, type EntryProcess } from '../../bench/child-process.js';
import { startWorker } from '../../worker/start-worker.js';
import { startTestRedis } from '../helpers/test-redis.js';
import { tinyStudySpec } from '../helpers/specs.js';
import { call, postStudy, readSse } from '../helpers/api.js';
import { fetchWithin, waitFor } from '../helpers/wait-for.js';
import { withDeadline } from '../../runtime/deadline.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function track(p: EntryProcess): EntryProcess {
  cleanups.push(() => {
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  });
  return p;
}

function trackRedis(server: LocalRedis): LocalRedis {
  cleanups.push(() => {
    server.process.kill('SIGCONT');
    return server.stop();
  });
  return server;
}

// Batches of one keep an epoch long (thousands of steps) however fast a step is, so the trial is
// still training when a test stops Redis or the worker.
const longTrial = tinyStudySpec({
  space: { optimizer: { type: 'fixed', value: 'adam' }, learningRate: { type: 'fixed', value: 0.003 }, batchSize: { type: 'fixed', value: 1 } },
  stages: [{ trials: 1, epochs: 40 }],
  earlyStopping: { enabled: false },
  data: { trainSamples: 3072, valSamples: 256 },
});

describe('npm start with Redis unreachable', () => {
  it('says so once, answers 503 quickly, recovers when Redis comes up, and stops on SIGINT', async () => {
    const redisPort = await freePort();
    const port = await freePort();
    const start = track(startEntry('main/server.ts', { REDIS_URL: `redis://127.0.0.1:${redisPort}`, PORT: String(port), TFJS_BACKEND: 'cpu' }));
    await start.waitForLine(/dashboard and API on/, 'the API to listen');
    expect(start.output()).toMatch(new RegExp(`Redis at redis://127\\.0\\.0\\.1:${redisPort} does not answer: start it there or set REDIS_URL`));

    const health = await fetchWithin(`http://127.0.0.1:${port}/healthz`, 1000);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ ok: false, redis: 'down' });
    const list = await fetchWithin(`http://127.0.0.1:${port}/api/studies`, 5000);
    expect(list.status).toBe(503);
    const body = (await list.json()) as ErrorBody;
    expect(body.error.code).toBe('redis_unavailable');
    expect(body.error.message).toMatch(`127.0.0.1:${redisPort}`);
    // Routes that need no Redis keep working.
    const surfaces = await fetchWithin(`http://127.0.0.1:${port}/api/surfaces`, 5000, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(surfaces.status).toBe(400);

    trackRedis(await startLocalRedis({ port: redisPort }));
    await waitFor('/healthz to say Redis is up', async () => (await fetchWithin(`http://127.0.0.1:${port}/healthz`, 1000)).status === 200, 30_000);
    expect((await fetchWithin(`http://127.0.0.1:${port}/api/studies`, 5000)).status).toBe(200);
    await start.waitForLine(/is back after \d+ s/, 'the line saying Redis is back');
    // One line per outage client-independent, not one per retry of every client.
    expect(start.output().split('\n').filter((l) => /unreachable/.test(l)).length).toBeLessThanOrEqual(3);

    start.child.kill('SIGINT');
    expect(await start.exited('npm start to exit after SIGINT', 30_000)).toBe(0);
  });
});

describe('npm run worker', () => {
  it('starts with Redis unreachable, says which URL, and exits 0 on SIGTERM', async () => {
    const redisPort = await freePort();
    const worker = track(startEntry('main/worker.ts', { REDIS_URL: `redis://127.0.0.1:${redisPort}`, TFJS_BACKEND: 'cpu' }));
    await worker.waitForLine(new RegExp(`Redis at redis://127\\.0\\.0\\.1:${redisPort} does not answer`), 'the worker to say Redis does not answer');
    await worker.waitForLine(/ready: backend/, 'the worker to be ready');
    worker.child.kill('SIGTERM');
    expect(await worker.exited('the worker to exit after SIGTERM', 30_000)).toBe(0);
  });

  it('exits at once on a second signal while the first waits on a Redis that hangs', async () => {
    const env = await startTestRedis();
    cleanups.push(async () => {
      env.server.process.kill('SIGCONT');
      await env.close();
    });
    const app = createApp({ store: env.store, queues: env.queues });
    const study = await postStudy(app, longTrial);
    const trialId = study.stages[0]!.trialIds[0]!;
    const worker = track(startEntry('main/worker.ts', { REDIS_URL: env.url, SHUTDOWN_GRACE_MS: '600000' }));
    await waitFor('the first epoch', async () => (await env.store.events.getEpochs(study.id, trialId)).length >= 1);

    env.server.process.kill('SIGSTOP'); // Redis hangs: connections stay open, nothing answers
    worker.child.kill('SIGTERM');
    await worker.waitForLine(/SIGTERM: stopping/, 'the first SIGTERM to be taken');
    worker.child.kill('SIGTERM');
    expect(await worker.exited('the worker to exit on the second SIGTERM', 10_000)).toBe(130);
    expect(worker.output()).toMatch(/SIGTERM again: exiting now/);
  });
});

describe('a worker closed while Redis is down in the middle of a trial', () => {
  it('returns, and once Redis is back another worker resumes the trial from its checkpoint', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'opt-away-'));
    let server = await startLocalRedis({ dataDir: dir });
    const port = server.port;
    const redis = new Redis(server.url, { maxRetriesPerRequest: null });
    redis.on('error', () => {});
    const store = new StudyStore(redis);
    const queues = createQueues(server.url);
    cleanups.push(
      () => rmSync(dir, { recursive: true, force: true }),
      () => server.stop(),
      async () => {
        await queues.close();
        await store.close();
        redis.disconnect();
      },
    );
    const app = createApp({ store, queues });
    const timings = { lockDurationMs: 2000, stalledIntervalMs: 1000 };
    const first = await startWorker({ redisUrl: server.url, log: () => {}, timings, shutdown: { drainGraceMs: 1000 } });
    const spec = { ...longTrial, stages: [{ trials: 1, epochs: 6 }] };
    const study = await postStudy(app, spec);
    const trialId = study.stages[0]!.trialIds[0]!;
    await waitFor('two epochs', async () => (await store.events.getEpochs(study.id, trialId)).length >= 2);
    await new Promise((r) => setTimeout(r, 1100)); // appendfsync everysec
    await server.stop();
    await withDeadline(first.close(), 20_000, 'worker.close() with Redis down');

    server = await startLocalRedis({ dataDir: dir, port });
    const before = await store.events.getEpochs(study.id, trialId);
    const second = await startWorker({ redisUrl: server.url, log: () => {}, timings });
    cleanups.push(() => second.close());
    const done = await waitFor('the study to complete on the second worker', async () => {
      const s = await store.getStudy(study.id);
      return s && s.state !== 'queued' && s.state !== 'running' ? s : null;
    });
    expect(done.state, done.error ?? '').toBe('completed');
    const after = await store.events.getEpochs(study.id, trialId);
    expect(after.map((m) => m.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(after.slice(0, before.length)).toEqual(before);
    const epochEvents = (await store.events.readEvents(study.id, '0', 10_000)).filter((e) => e.event.type === 'epoch');
    expect(epochEvents).toHaveLength(6);
  });
});

describe('the API on a Redis that goes away', () => {
  it('answers 503 on reads and tells an open event stream, which may reconnect', async () => {
    const server = await startLocalRedis();
    cleanups.push(() => server.stop());
    const redis = new Redis(server.url, API_REDIS_OPTIONS);
    redis.on('error', () => {});
    const store = new StudyStore(redis);
    const queues = createQueues(server.url, () => {}, API_QUEUE_OPTIONS);
    cleanups.push(async () => {
      queues.disconnect();
      await store.close();
      redis.disconnect();
    });
    const app = createApp({ store, queues });
    const study = await postStudy(app, tinyStudySpec());

    const stream = await app.request(`/api/studies/${study.id}/events`);
    const reading = readSse(stream, (m) => m.event === 'unavailable', 30_000);
    await server.stop();
    const messages = await reading;
    const last = messages.at(-1)!;
    expect(last.event).toBe('unavailable');
    expect((JSON.parse(last.data) as { message: string }).message).toMatch(/unreachable/);

    const read = await withDeadline(call<ErrorBody>(app, 'GET', `/api/studies/${study.id}`), 5000, 'GET /api/studies/:id with Redis down');
    expect(read.status).toBe(503);
    expect(read.body.error.code).toBe('redis_unavailable');
    const health = await withDeadline(call(app, 'GET', '/healthz'), 1000, 'GET /healthz with Redis down');
    expect(health.status).toBe(503);
  });
});
