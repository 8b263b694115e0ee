// A worker: the tfjs backend, a BullMQ Worker for `train` jobs, one for `stage` jobs, one for
// `landscape` jobs, and the heartbeat. Used by `npm run worker` (a worker alone, for more machines), by `npm start` (one
// in-process worker beside the API) and by the integration tests.
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { JobMap, LandscapeJobData, StageJobData, TfjsBackendChoice, TrainJobData } from '../types/index.js';
import type { AppConfig } from '../config/env.js';
import { StudyStore } from '../store/study-store.js';
import { JOB_TIMINGS, QUEUE_NAMES, bullConnection, createQueues } from '../store/queues.js';
import { selectBackend } from './training/backend.js';
import { processTrainJob } from './train-processor.js';
import { processStageJob } from './stage-processor.js';
import { planNextStageEarly } from './next-stage.js';
import { processLandscapeJob } from './landscape-processor.js';
import { WorkerStatus } from './worker-status.js';
import { inProcessRunner, type TrialRunner } from './trial-runner.js';
import { TrialThreadPool } from './trial-thread/thread-pool.js';
import { RedisOutage } from '../store/redis-outage.js';
import { WORKER_REDIS_OPTIONS } from '../store/redis-client-options.js';
import { settleWithin } from '../runtime/deadline.js';

/**
 * How long shutdown may take. A running trial gets `drainGraceMs` to finish and checkpoint its
 * epoch; past that it stops at its next batch and resumes elsewhere from its last checkpoint. Each
 * Redis step of closing then gets `redisStepMs`; a step that does not finish (Redis away, or the
 * ioredis reconnect state BullMQ's close waits on forever) is cut and its clients disconnected.
 * So `close()` returns within drainGraceMs + one batch + about 4 × redisStepMs (shutdownBoundMs).
 */
export const SHUTDOWN_TIMINGS: Readonly<{ drainGraceMs: number; redisStepMs: number }> = { drainGraceMs: 10_000, redisStepMs: 2_000 };

export interface StartWorkerOptions {
  redisUrl: string;
  backend?: TfjsBackendChoice;
  /** Trials trained at once by this process (WORKER_CONCURRENCY). @defaultValue 1 */
  concurrency?: number;
  /**
   * Train each running trial in a worker thread of its own, so `concurrency` trials use as many
   * cores (WORKER_THREADS). The tensorflow backend trains on the worker's thread (it has threads of
   * its own). @defaultValue true
   */
  threads?: boolean;
  /** Threads each trial's batches are split across (TRIAL_THREADS; wasm, trials in threads only). @defaultValue 1 */
  trialThreads?: number;
  log?: (line: string) => void;
  /** Overrides of the BullMQ lock/stall timings (tests use short ones). */
  timings?: Partial<typeof JOB_TIMINGS>;
  cancelPollMs?: number;
  /** Where connection errors are reported (npm start shares one with its API). @defaultValue one that logs through `log` */
  outage?: RedisOutage;
  /** Overrides of SHUTDOWN_TIMINGS (SHUTDOWN_GRACE_MS sets drainGraceMs). */
  shutdown?: Partial<typeof SHUTDOWN_TIMINGS>;
}

/** The worker's options as the environment sets them (npm start and npm run worker). */
export function workerOptionsFromConfig(config: AppConfig, redisUrl: string, extra: Partial<StartWorkerOptions> = {}): StartWorkerOptions {
  return {
    redisUrl,
    backend: config.tfjsBackend,
    concurrency: config.workerConcurrency,
    threads: config.workerThreads,
    trialThreads: config.trialThreads,
    timings: { lockDurationMs: config.jobLockMs, stalledIntervalMs: config.jobStalledIntervalMs },
    shutdown: { drainGraceMs: config.shutdownGraceMs },
    ...extra,
  };
}

/** The longest `close()` takes (see SHUTDOWN_TIMINGS), plus room for the batch in progress. */
export function shutdownBoundMs(drainGraceMs: number): number {
  return drainGraceMs + 4 * SHUTDOWN_TIMINGS.redisStepMs + 5_000;
}

export interface RunningWorker {
  id: string;
  backend: string;
  close(): Promise<void>;
}

export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const log = options.log ?? ((line: string) => console.log(`[worker] ${line}`));
  const concurrency = options.concurrency ?? 1;
  const timings = { ...JOB_TIMINGS, ...options.timings };
  const backend = await selectBackend(options.backend ?? 'auto');

  const shutdown = { ...SHUTDOWN_TIMINGS, ...options.shutdown };
  const outage = options.outage ?? new RedisOutage({ url: options.redisUrl, log });

  const redis = new Redis(options.redisUrl, WORKER_REDIS_OPTIONS);
  outage.watch(redis, { ready: true });
  const store = new StudyStore(redis);
  const queues = createQueues(options.redisUrl, (e) => outage.error(e));
  const runner: TrialRunner = options.threads !== false && backend.name !== 'tensorflow' ? new TrialThreadPool(concurrency, backend.name as TfjsBackendChoice, undefined, options.trialThreads ?? 1) : inProcessRunner;
  const trialThreads = runner instanceof TrialThreadPool ? runner.trialThreads : 1;
  const status = new WorkerStatus(store, backend.name, concurrency, runner.kind, trialThreads);
  const connection = bullConnection(options.redisUrl);
  const workerOpts = {
    connection,
    lockDuration: timings.lockDurationMs,
    stalledInterval: timings.stalledIntervalMs,
    maxStalledCount: timings.maxStalledCount,
  };

  const drain = new AbortController();
  let activeJobs = 0;
  const counted = async <T>(run: () => Promise<T>): Promise<T> => {
    activeJobs++;
    try {
      return await run();
    } finally {
      activeJobs--;
    }
  };
  const train = new Worker<TrainJobData, JobMap['train']['result'], 'train'>(
    QUEUE_NAMES.train,
    (job, token) =>
      counted(() =>
        processTrainJob(
          {
            store,
            status,
            log,
            cancelPollMs: options.cancelPollMs,
            drain: drain.signal,
            drainGraceMs: shutdown.drainGraceMs,
            redisStepMs: shutdown.redisStepMs,
            runner,
            // No barrier schedules the machines: a stage with nothing left to start hands over to the next.
            onStageMayAdvance: (studyId, stage, ending) => planNextStageEarly({ store, queues, log }, studyId, stage, ending),
          },
          job,
          token,
        ),
      ),
    { ...workerOpts, concurrency },
  );
  const stage = new Worker<StageJobData, JobMap['stage']['result'], 'stage'>(
    QUEUE_NAMES.stage,
    (job, token) => counted(() => processStageJob({ store, queues, log }, job, token)),
    { ...workerOpts, concurrency: 2 },
  );
  // Landscapes evaluate one grid point at a time; one at a time per worker process.
  const landscape = new Worker<LandscapeJobData, JobMap['landscape']['result'], 'landscape'>(
    QUEUE_NAMES.landscape,
    (job) => counted(() => processLandscapeJob({ store, log }, job)),
    { ...workerOpts, concurrency: 1 },
  );
  for (const w of [train, stage, landscape]) {
    outage.watch(w);
    w.on('failed', (job, err) => log(`${job?.name ?? 'job'} ${job?.id ?? ''} failed: ${err.message}`));
  }
  status.start();
  log(`worker ${status.id} ready: backend ${backend.name} (${backend.detail}), concurrency ${concurrency}, ${runner.kind === 'threads' ? 'a training thread per trial' : 'trials on this thread'}${trialThreads > 1 ? `, each trial's batches split across ${trialThreads} threads` : ''}`);

  return {
    id: status.id,
    backend: backend.name,
    close: async () => {
      // Running trials finish their epoch (or stop at a batch after the grace), checkpoint and go
      // back to the queue; then BullMQ closes. No step may wait longer than its bound.
      drain.abort();
      // While Redis is away there is nothing to wait for but the running jobs.
      const stepMs = () => (outage.down ? 250 : shutdown.redisStepMs);
      const workers = [train, stage, landscape];
      const closeMs = (activeJobs > 0 ? shutdown.drainGraceMs : 0) + stepMs();
      if ((await settleWithin(Promise.all(workers.map((w) => w.close())), closeMs)) === 'timeout') {
        log(`BullMQ did not close within ${closeMs} ms (Redis ${outage.down ? 'unreachable' : 'slow'}); disconnecting. A trial cut short resumes on another worker once its lock expires`);
        for (const w of workers) void w.disconnect().catch(() => {});
      }
      // The runs have ended (or were cut): their threads go.
      await settleWithin(runner.close(), stepMs());
      await settleWithin(status.stop(), stepMs());
      if ((await settleWithin(queues.close(), stepMs())) === 'timeout') queues.disconnect();
      await settleWithin(store.close(), stepMs());
      redis.disconnect();
    },
  };
}
