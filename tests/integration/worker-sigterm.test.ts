// A worker asked to stop (SIGTERM) in the middle of a trial: it finishes and checkpoints the epoch
// it is in, hands the trial back to the queue and exits; the next worker resumes right there, so
// no finished epoch is trained twice.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudyEvent } from '../../types/index.js';
import { createApp } from '../../api/app.js';
import { startWorker, type RunningWorker } from '../../worker/start-worker.js';
import { trainJobId } from '../../store/queues.js';
import { startTestRedis, type TestRedis } from '../helpers/test-redis.js';
import { tinyStudySpec } from '../helpers/specs.js';
import { waitFor } from '../helpers/wait-for.js';
import { postStudy } from '../helpers/api.js';

const EPOCHS = 6;
// Batches of four: 768 steps an epoch, so the trial is still training when the worker is stopped, however fast a step is.
let env: TestRedis;
let next: RunningWorker | null = null;

beforeAll(async () => {
  env = await startTestRedis();
});
afterAll(async () => {
  await next?.close();
  await env?.close();
});

describe('a worker stopped with SIGTERM mid-trial', () => {
  it('checkpoints its epoch, exits, and the next worker resumes without re-training finished epochs', async () => {
    const app = createApp({ store: env.store, queues: env.queues });
    const spec = tinyStudySpec({
      space: { optimizer: { type: 'fixed', value: 'adam' }, learningRate: { type: 'fixed', value: 0.003 }, batchSize: { type: 'fixed', value: 4 } },
      stages: [{ trials: 1, epochs: EPOCHS }],
      earlyStopping: { enabled: false },
      data: { trainSamples: 3072, valSamples: 512 },
    });
    const study = await postStudy(app, spec);
    const trialId = study.stages[0]!.trialIds[0]!;

    let log = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/worker.ts'], { env: { ...process.env, REDIS_URL: env.url }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    await waitFor('the first epoch', async () => (await env.store.events.getEpochs(study.id, trialId)).length >= 1);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited, log).toBe(0);

    const handedBack = (await env.store.getTrial(study.id, trialId))!;
    expect(handedBack.status).toBe('queued');
    expect(handedBack.epochsDone).toBeGreaterThanOrEqual(1);
    expect(handedBack.epochsDone).toBeLessThan(EPOCHS);
    expect(await (await env.queues.train.getJob(trainJobId(study.id, trialId)))!.getState()).toBe('waiting');
    expect(log).toMatch(/handed back to the queue/);

    next = await startWorker({ redisUrl: env.url, log: () => {} });
    const done = await waitFor('the study', async () => {
      const s = await env.store.getStudy(study.id);
      return s?.state === 'completed' ? s : null;
    });
    expect(done.state).toBe('completed');
    const trial = (await env.store.getTrial(study.id, trialId))!;
    expect(trial.resumedFromEpoch).toBe(handedBack.epochsDone);
    expect(trial.epochsDone).toBe(EPOCHS);
    const epochs = (await env.store.events.readEvents(study.id, '0', 10_000))
      .map((e) => e.event)
      .filter((e): e is Extract<StudyEvent, { type: 'epoch' }> => e.type === 'epoch')
      .map((e) => e.metrics.epoch);
    expect(epochs).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
  });
});
