// A worker: the tfjs backend, a BullMQ Worker for `train` jobs, one for `stage` jobs, one for
// `landscape` jobs, and the heartbeat. Used by `npm run worker` (a worker alone, for more machines), by `npm start` (one
// in-process worker beside the API) and by the integration tests.
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { JobMap, LandscapeJobData, StageJobData, TfjsBackendChoice, TrainJobData } from '../types/index.js';
import { StudyStore } from '../store/study-store.js';
import { JOB_TIMINGS, QUEUE_NAMES, bullConnection, createQueues } from '../store/queues.js';
import { selectBackend } from './training/backend.js';
import { processTrainJob } from './train-processor.js';
import { processStageJob } from './stage-processor.js';
import { processLandscapeJob } from './landscape-processor.js';
import { WorkerStatus } from './worker-status.js';

export interface StartWorkerOptions {
  redisUrl: string;
  backend?: TfjsBackendChoice;
  /** Trials trained at once by this process (WORKER_CONCURRENCY). @defaultValue 1 */
  concurrency?: number;
  log?: (line: string) => void;
  /** Overrides of the BullMQ lock/stall timings (tests use short ones). */
  timings?: Partial<typeof JOB_TIMINGS>;
  cancelPollMs?: number;
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

  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', (e) => log(`redis: ${e.message}`));
  const store = new StudyStore(redis);
  const queues = createQueues(options.redisUrl);
  const status = new WorkerStatus(store, backend.name, concurrency);
  const connection = bullConnection(options.redisUrl);
  const workerOpts = {
    connection,
    lockDuration: timings.lockDurationMs,
    stalledInterval: timings.stalledIntervalMs,
    maxStalledCount: timings.maxStalledCount,
  };

  const drain = new AbortController();
  const train = new Worker<TrainJobData, JobMap['train']['result'], 'train'>(
    QUEUE_NAMES.train,
    (job, token) => processTrainJob({ store, status, log, cancelPollMs: options.cancelPollMs, drain: drain.signal }, job, token),
    { ...workerOpts, concurrency },
  );
  const stage = new Worker<StageJobData, JobMap['stage']['result'], 'stage'>(
    QUEUE_NAMES.stage,
    (job) => processStageJob({ store, queues, log }, job),
    { ...workerOpts, concurrency: 2 },
  );
  // Landscapes evaluate one grid point at a time; one at a time per worker process.
  const landscape = new Worker<LandscapeJobData, JobMap['landscape']['result'], 'landscape'>(
    QUEUE_NAMES.landscape,
    (job) => processLandscapeJob({ store, log }, job),
    { ...workerOpts, concurrency: 1 },
  );
  for (const w of [train, stage, landscape]) {
    w.on('error', (e) => log(`bullmq: ${e.message}`));
    w.on('failed', (job, err) => log(`${job?.name ?? 'job'} ${job?.id ?? ''} failed: ${err.message}`));
  }
  status.start();
  log(`worker ${status.id} ready: backend ${backend.name} (${backend.detail}), concurrency ${concurrency}`);

  return {
    id: status.id,
    backend: backend.name,
    close: async () => {
      // Running trials finish their epoch, checkpoint it and go back to the queue; then BullMQ closes.
      drain.abort();
      await Promise.all([train.close(), stage.close(), landscape.close()]);
      await status.stop();
      await queues.close();
      await store.close();
      redis.disconnect();
    },
  };
}
