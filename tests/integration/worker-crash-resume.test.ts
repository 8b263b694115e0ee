// A worker process SIGKILLed in the middle of a trial: after its lock expires another worker
// picks the trial up, resumes from the last checkpoint (not from epoch 1), the study completes,
// the stream holds every epoch exactly once, and the result equals an uninterrupted run's.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudyEvent, StudyRecord, TrialRecord } from '../../types/index.js';
import { createApp } from '../../api/app.js';
import { startWorker, type RunningWorker } from '../../worker/start-worker.js';
import { startTestRedis, type TestRedis } from '../helpers/test-redis.js';
import { tinyStudySpec } from '../helpers/specs.js';
import { studyEnded, waitFor, type WaitOptions } from '../helpers/wait-for.js';
import { postStudy } from '../helpers/api.js';

const FAST_STALL = { lockDurationMs: 2000, stalledIntervalMs: 1000 };
const EPOCHS = 6;
// Batches of four: 768 steps an epoch, so the trial is still training when the worker is stopped, however fast a step is.

const spec = tinyStudySpec({
  name: 'crash me',
  space: {
    optimizer: { type: 'fixed', value: 'momentum' },
    learningRate: { type: 'fixed', value: 0.01 },
    batchSize: { type: 'fixed', value: 4 },
  },
  stages: [{ trials: 1, epochs: EPOCHS }],
  earlyStopping: { enabled: false },
  data: { trainSamples: 3072, valSamples: 512 },
});

let env: TestRedis;
let app: ReturnType<typeof createApp>;
let child: ChildProcess | null = null;
let rescuer: RunningWorker | null = null;
let childLog = '';

/** A timeout says what the killed worker wrote. */
const withChildLog: WaitOptions = { log: () => `child worker log:\n${childLog}` };

beforeAll(async () => {
  env = await startTestRedis();
  app = createApp({ store: env.store, queues: env.queues });
});

afterAll(async () => {
  child?.kill('SIGKILL');
  await rescuer?.close();
  await env?.close();
});

describe('a worker killed mid-trial', () => {
  let crashed: StudyRecord;
  let trial: TrialRecord;

  it('is replaced by another worker that resumes the trial from its checkpoint and completes the study', async () => {
    crashed = await postStudy(app, spec);
    const trialId = crashed.stages[0]!.trialIds[0]!;
    child = spawn(process.execPath, ['--import', 'tsx', 'main/worker.ts'], {
      env: { ...process.env, REDIS_URL: env.url, JOB_LOCK_MS: String(FAST_STALL.lockDurationMs), JOB_STALLED_INTERVAL_MS: String(FAST_STALL.stalledIntervalMs) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (childLog += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (childLog += d.toString()));

    await waitFor('two epochs from the first worker', async () => (await env.store.events.getEpochs(crashed.id, trialId)).length >= 2, 120_000, withChildLog);
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    const epochsBeforeKill = (await env.store.events.getEpochs(crashed.id, trialId)).length;
    expect(epochsBeforeKill).toBeLessThan(EPOCHS);

    rescuer = await startWorker({ redisUrl: env.url, timings: FAST_STALL, log: () => {} });
    const done = await waitFor('the study to finish', studyEnded(env.store, crashed.id), 120_000, withChildLog);
    expect(done.state, done.error ?? '').toBe('completed');

    trial = (await env.store.getTrial(crashed.id, trialId))!;
    expect(trial.status).toBe('completed');
    expect(trial.epochsDone).toBe(EPOCHS);
    expect(trial.attempts).toBeGreaterThanOrEqual(2);
    expect(trial.resumedFromEpoch).not.toBeNull();
    expect(trial.resumedFromEpoch!).toBeGreaterThanOrEqual(1);
    expect(trial.resumedFromEpoch!).toBeLessThanOrEqual(epochsBeforeKill);
  });

  it('leaves every epoch in the stream exactly once', async () => {
    const events = await env.store.events.readEvents(crashed.id, '0', 10_000);
    const epochs = events
      .map((e) => e.event)
      .filter((e): e is Extract<StudyEvent, { type: 'epoch' }> => e.type === 'epoch')
      .map((e) => e.metrics.epoch);
    expect(epochs).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
    const resumed = events.map((e) => e.event).filter((e) => e.type === 'trial-started' && e.resumedFromEpoch !== null);
    expect(resumed).toHaveLength(1);
  });

  it('ends with the same result as an uninterrupted run of the same seed', async () => {
    const again = await postStudy(app, spec);
    const done = await waitFor('the uninterrupted study', studyEnded(env.store, again.id), 120_000, withChildLog);
    expect(done.state).toBe('completed');
    const clean = (await env.store.getTrial(again.id, again.stages[0]!.trialIds[0]!))!;
    expect(clean.resumedFromEpoch).toBeNull();
    const a = await env.store.events.getEpochs(crashed.id, trial.id);
    const b = await env.store.events.getEpochs(again.id, clean.id);
    for (let i = 0; i < EPOCHS; i++) {
      expect(a[i]!.valLoss!).toBeCloseTo(b[i]!.valLoss!, 4);
      expect(a[i]!.valAcc).toBeCloseTo(b[i]!.valAcc, 4);
    }
  });
});
