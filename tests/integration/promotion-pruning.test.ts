// Multi-fidelity search on real parts: a trial kept by a stage continues from its checkpoint into
// the next (its epochs equal an uninterrupted run's, each streamed once), and an ASHA study on two
// worker processes prunes trials with reasons while a SIGKILLed worker leaves the rung tables
// consistent (one entry per trial and epoch, equal to the trial's best so far at that epoch).
import { afterEach, describe, expect, it } from 'vitest';
import type { EpochMetrics, StudyEvent, StudyRecord } from '../../types/index.js';
import { createApp } from '../../api/app.js';
import { startWorker } from '../../worker/start-worker.js';
import { PruneTables } from '../../store/prune-tables.js';
import { keys } from '../../store/keys.js';
import { bestSoFar } from '../../search/pruning.js';
import { startEntry, type EntryProcess } from '../../bench/child-process.js';
import { startTestRedis, type TestRedis } from '../helpers/test-redis.js';
import { tinyStudySpec } from '../helpers/specs.js';
import { studyEnded, waitFor } from '../helpers/wait-for.js';
import { postStudy } from '../helpers/api.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<{ env: TestRedis; post: (spec: Record<string, unknown>) => Promise<StudyRecord>; finished: (id: string) => Promise<StudyRecord> }> {
  const env = await startTestRedis();
  cleanups.push(() => env.close());
  const app = createApp({ store: env.store, queues: env.queues });
  const post = (spec: Record<string, unknown>) => postStudy(app, spec);
  const finished = (id: string) => waitFor(`study ${id} to finish`, studyEnded(env.store, id), 240_000);
  return { env, post, finished };
}

const epochEvents = (events: Array<{ event: StudyEvent }>, trialId: string) =>
  events.map((e) => e.event).filter((e): e is Extract<StudyEvent, { type: 'epoch' }> => e.type === 'epoch' && e.trialId === trialId).map((e) => e.metrics.epoch);

describe('promotion', () => {
  it("continues a kept trial from its checkpoint: its epochs 3 and 4 equal an uninterrupted run's, each streamed once", async () => {
    const { env, post, finished } = await setup();
    const worker = await startWorker({ redisUrl: env.url, log: () => {} });
    cleanups.push(() => worker.close());
    const fixed = {
      space: { optimizer: { type: 'fixed', value: 'adam' }, learningRate: { type: 'fixed', value: 0.003 }, batchSize: { type: 'fixed', value: 32 } },
      earlyStopping: { enabled: false },
      data: { trainSamples: 1024, valSamples: 256 },
    };
    const promoted = await post(tinyStudySpec({ ...fixed, stages: [{ trials: 1, epochs: 2 }, { trials: 2, epochs: 4, keepTop: 1 }] }));
    const straight = await post(tinyStudySpec({ ...fixed, stages: [{ trials: 1, epochs: 4 }] }));
    expect((await finished(promoted.id)).state).toBe('completed');
    expect((await finished(straight.id)).state).toBe('completed');

    const child = (await env.store.getTrial(promoted.id, 's1-t00'))!;
    expect(child.promotedFrom).toEqual({ trialId: 's0-t00', stage: 0, epoch: 2 });
    expect(child.epochsDone).toBe(4);
    expect(child.resumedFromEpoch).toBeNull();
    expect((await env.store.getTrial(promoted.id, 's1-t01'))!.promotedFrom).toBeNull(); // the other slot is a fresh sample

    const a: EpochMetrics[] = await env.store.events.getEpochs(promoted.id, 's1-t00');
    const b: EpochMetrics[] = await env.store.events.getEpochs(straight.id, 's0-t00');
    expect(a.map((m) => m.epoch)).toEqual([1, 2, 3, 4]); // one line: the parent's two epochs, then its own
    for (const e of [3, 4]) {
      const [x, y] = [a[e - 1]!, b[e - 1]!];
      expect(x.valLoss!).toBeCloseTo(y.valLoss!, 4);
      expect(x.valAcc).toBeCloseTo(y.valAcc, 4);
      expect(x.trainLoss!).toBeCloseTo(y.trainLoss!, 4);
    }
    const events = await env.store.events.readEvents(promoted.id, '0', 10_000);
    expect(epochEvents(events, 's0-t00')).toEqual([1, 2]);
    expect(epochEvents(events, 's1-t00')).toEqual([3, 4]);
    const started = events.map((e) => e.event).find((e) => e.type === 'trial-started' && e.trialId === 's1-t00');
    expect(started).toMatchObject({ promotedFrom: { trialId: 's0-t00', epoch: 2 } });
    // Checkpoints are gone once the study is done.
    expect(await env.store.artifacts.loadCheckpoint(promoted.id, 's0-t00')).toBeNull();
    expect(await env.store.artifacts.loadCheckpoint(promoted.id, 's1-t00')).toBeNull();
  });

  it('is off with stages[i].promote = false: every trial of the next stage starts from zero', async () => {
    const { env, post, finished } = await setup();
    const worker = await startWorker({ redisUrl: env.url, log: () => {} });
    cleanups.push(() => worker.close());
    const study = await post(tinyStudySpec({ stages: [{ trials: 2, epochs: 1 }, { trials: 2, epochs: 2, keepTop: 1, promote: false }], earlyStopping: { enabled: false } }));
    expect((await finished(study.id)).state).toBe('completed');
    const stage2 = (await env.store.listTrials(study.id)).filter((t) => t.stage === 1);
    expect(stage2.every((t) => !t.promotedFrom)).toBe(true);
    const events = await env.store.events.readEvents(study.id, '0', 10_000);
    for (const t of stage2) expect(epochEvents(events, t.id)).toEqual([1, 2]);
  });
});

describe('no barrier schedules the machines', () => {
  it('starts the next stage while the last trials of a stage still train, and finishes the study only after them', async () => {
    const { env, post, finished } = await setup();
    const worker = await startWorker({ redisUrl: env.url, concurrency: 2, log: () => {} });
    cleanups.push(() => worker.close());
    const study = await post(
      tinyStudySpec({
        space: { optimizer: { type: 'categorical', values: ['sgd', 'adam'] }, learningRate: { type: 'log-uniform', min: 1e-3, max: 1e-2 }, batchSize: { type: 'fixed', value: 32 } },
        stages: [{ trials: 3, epochs: 3 }, { trials: 2, epochs: 4, keepTop: 1 }],
        earlyStopping: { enabled: false },
      }),
    );
    expect((await finished(study.id)).state).toBe('completed');
    const events = (await env.store.events.readEvents(study.id, '0', 10_000)).map((e) => e.event);
    const stage2Started = events.findIndex((e) => e.type === 'stage-started' && e.stage === 1);
    const lastStage1Finish = events.findLastIndex((e) => e.type === 'trial-finished' && e.stage === 0);
    const firstStage2Start = events.findIndex((e) => e.type === 'trial-started' && e.stage === 1);
    // Two slots, three trials: when the third starts, one slot will free up before it ends.
    expect(stage2Started).toBeGreaterThan(-1);
    expect(stage2Started).toBeLessThan(lastStage1Finish);
    expect(firstStage2Start).toBeLessThan(lastStage1Finish);
    // The study ends after every trial, the early stage's too, with both stages completed.
    const studyFinished = events.findIndex((e) => e.type === 'study-finished');
    expect(studyFinished).toBeGreaterThan(lastStage1Finish);
    const done = (await env.store.getStudy(study.id))!;
    expect(done.stages.map((st) => st.state)).toEqual(['completed', 'completed']);
    expect((await env.store.listTrials(study.id)).every((t) => t.status === 'completed')).toBe(true);
  });
});

describe('an ASHA study on two worker processes, one SIGKILLed mid-rung', () => {
  it('prunes trials with reasons and keeps every rung table consistent', async () => {
    const { env, post, finished } = await setup();
    const workerEnv = { REDIS_URL: env.url, JOB_LOCK_MS: '2000', JOB_STALLED_INTERVAL_MS: '1000' };
    const workers: EntryProcess[] = [startEntry('main/worker.ts', workerEnv), startEntry('main/worker.ts', workerEnv)];
    cleanups.push(() => {
      for (const w of workers) w.child.kill('SIGKILL');
    });
    const study = await post(
      tinyStudySpec({
        space: {
          optimizer: { type: 'categorical', values: ['sgd', 'adam'] },
          // Up to 1e-2, so that no trial diverges (a diverged epoch reports to no table).
          learningRate: { type: 'log-uniform', min: 1e-5, max: 1e-2 },
          batchSize: { type: 'fixed', value: 32 },
        },
        stages: [{ trials: 8, epochs: 4 }],
        pruner: { type: 'asha', minEpochs: 1, reduction: 2, minPeers: 1 },
        earlyStopping: { enabled: false },
        objective: { metric: 'val_loss', mode: 'min' },
        data: { trainSamples: 1536, valSamples: 256 },
      }),
    );
    await waitFor('three trial-epochs', async () => (await env.store.listTrials(study.id)).reduce((n, t) => n + t.epochsDone, 0) >= 3, 120_000);
    workers[0]!.child.kill('SIGKILL');
    await workers[0]!.exited('the killed worker to exit');
    workers.push(startEntry('main/worker.ts', workerEnv));

    expect((await finished(study.id)).state).toBe('completed');
    const trials = await env.store.listTrials(study.id);
    const pruned = trials.filter((t) => t.status === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    for (const t of pruned) {
      expect(t.stopReason).toMatch(/^val_loss [\d.e-]+ at rung \d \(epoch [12]\) is not in the top 1\/2 of \d+ trials \(cut [\d.e-]+\)$/);
      expect([1, 2]).toContain(t.epochsDone);
    }
    for (let epoch = 1; epoch <= 4; epoch++) {
      const table = await new PruneTables(env.redis).readPruneTable(study.id, epoch);
      const reached = trials.filter((t) => t.epochsDone >= epoch);
      expect(Object.keys(table).sort(), `table of epoch ${epoch}`).toEqual(reached.map((t) => t.id).sort());
      for (const t of reached) {
        const history = (await env.store.events.getEpochs(study.id, t.id)).filter((m) => m.epoch <= epoch);
        expect(table[t.id], `${t.id} at epoch ${epoch}`).toBe(bestSoFar(history, { metric: 'val_loss', mode: 'min' }));
      }
    }
  }, 300_000);
});

describe('a trial resumed from a checkpoint whose epoch never reached its rung table', () => {
  it('reports its resumed epochs again, so the table has every epoch the trial has', async () => {
    const { env, post, finished } = await setup();
    const workerEnv = { REDIS_URL: env.url, JOB_LOCK_MS: '2000', JOB_STALLED_INTERVAL_MS: '1000' };
    const first = startEntry('main/worker.ts', workerEnv);
    cleanups.push(() => void first.child.kill('SIGKILL'));
    const study = await post(
      tinyStudySpec({
        space: { optimizer: { type: 'fixed', value: 'adam' }, learningRate: { type: 'fixed', value: 0.003 }, batchSize: { type: 'fixed', value: 4 } },
        stages: [{ trials: 1, epochs: 4 }],
        pruner: { type: 'median', warmupEpochs: 0, minPeers: 1 },
        earlyStopping: { enabled: false },
      }),
    );
    const trialId = study.stages[0]!.trialIds[0]!;
    // Epoch 1 checkpointed; then the worker dies, and (as if it died before reporting) epoch 1's entry is gone.
    await waitFor('epoch 1 checkpointed', async () => (await env.redis.exists(keys.checkpoint(study.id, trialId))) === 1);
    first.child.kill('SIGKILL');
    await first.exited('the killed worker to exit');
    await env.redis.hdel(keys.pruneTable(study.id, 1), trialId);

    const second = startEntry('main/worker.ts', workerEnv);
    cleanups.push(() => void second.child.kill('SIGKILL'));
    expect((await finished(study.id)).state).toBe('completed');
    const trial = (await env.store.getTrial(study.id, trialId))!;
    expect(trial.resumedFromEpoch).toBeGreaterThanOrEqual(1);
    for (let epoch = 1; epoch <= 4; epoch++) {
      expect(Object.keys(await new PruneTables(env.redis).readPruneTable(study.id, epoch)), `table of epoch ${epoch}`).toEqual([trialId]);
    }
  }, 120_000);
});
