// The BullMQ side of persistence: queue names, job ids and options, and how a stage becomes a
// flow (a parent `stage` job whose children are the stage's `train` jobs). Job ids are derived
// from study, stage and trial, so queueing the same stage twice (a re-delivered stage job) adds
// nothing: BullMQ ignores a job whose id already exists.
import { FlowProducer, Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import type { JobMap, JobName, LandscapeJobData, StageJobData, TrainJobData } from '../types/index.js';
import { WORKER_REDIS_OPTIONS } from './redis-client-options.js';
import { JOB_TIMINGS } from '../config/job-timings.js';

export const QUEUE_NAMES = { train: 'opt-train', stage: 'opt-stage', landscape: 'opt-landscape' } as const satisfies Record<JobName, string>;

export { JOB_TIMINGS, type JobTimings } from '../config/job-timings.js';

export const trainJobId = (studyId: string, trialId: string) => `${studyId}-${trialId}`;
export const stageJobId = (studyId: string, stage: number) => `${studyId}-stage-${stage}`;
export const landscapeJobId = (studyId: string, landscapeId: string) => `${studyId}-landscape-${landscapeId}`;

const TRAIN_JOB_OPTS: JobsOptions = {
  attempts: JOB_TIMINGS.trainAttempts,
  backoff: { type: 'fixed', delay: 1000 },
  // A failed trial must not hold its stage hostage: the stage job runs and ranks it last.
  ignoreDependencyOnFailure: true,
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

const STAGE_JOB_OPTS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/** A landscape is deterministic: a retry recomputes it from the stored weights. */
const LANDSCAPE_JOB_OPTS: JobsOptions = {
  attempts: 2,
  backoff: { type: 'fixed', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export interface Queues {
  connection: ConnectionOptions;
  train: Queue<TrainJobData, JobMap['train']['result'], 'train'>;
  stage: Queue<StageJobData, JobMap['stage']['result'], 'stage'>;
  landscape: Queue<LandscapeJobData, JobMap['landscape']['result'], 'landscape'>;
  flow: FlowProducer;
  close(): Promise<void>;
  /** Drops every connection at once, without waiting for Redis (for shutdown while it is away). */
  disconnect(): void;
}

/** The ioredis options a BullMQ connection takes from store/redis-client-options.ts. */
export type QueueRedisOptions = Pick<RedisOptions, 'maxRetriesPerRequest' | 'enableOfflineQueue' | 'commandTimeout'>;

/** BullMQ connection options for a Redis URL (workers need `maxRetriesPerRequest: null`). */
export function bullConnection(redisUrl: string, options: QueueRedisOptions = WORKER_REDIS_OPTIONS): ConnectionOptions {
  return { url: redisUrl, ...options };
}

/**
 * Queues and the flow producer. Connection errors go to `onError` (they reconnect by themselves).
 * The API passes API_QUEUE_OPTIONS so that queueing fails instead of waiting while Redis is away.
 */
export function createQueues(redisUrl: string, onError: (err: Error) => void = () => {}, options: QueueRedisOptions = WORKER_REDIS_OPTIONS): Queues {
  const connection = bullConnection(redisUrl, options);
  const train = new Queue<TrainJobData, JobMap['train']['result'], 'train'>(QUEUE_NAMES.train, { connection });
  const stage = new Queue<StageJobData, JobMap['stage']['result'], 'stage'>(QUEUE_NAMES.stage, { connection });
  const landscape = new Queue<LandscapeJobData, JobMap['landscape']['result'], 'landscape'>(QUEUE_NAMES.landscape, { connection });
  const flow = new FlowProducer({ connection });
  train.on('error', onError);
  stage.on('error', onError);
  landscape.on('error', onError);
  flow.on('error', onError);
  return {
    connection,
    train,
    stage,
    landscape,
    flow,
    close: async () => {
      await Promise.all([train.close(), stage.close(), landscape.close(), flow.close()]);
    },
    disconnect: () => {
      for (const q of [train, stage, landscape, flow]) void q.disconnect().catch(() => {});
    },
  };
}

/** Queues the computation of one loss landscape (worker/landscape-processor.ts). */
export async function enqueueLandscape(queues: Queues, studyId: string, landscapeId: string): Promise<void> {
  await queues.landscape.add('landscape', { studyId, landscapeId }, { ...LANDSCAPE_JOB_OPTS, jobId: landscapeJobId(studyId, landscapeId) });
}

/** Queues one stage: a `stage` parent that runs once every `train` child has finished. */
export async function enqueueStage(queues: Queues, studyId: string, stage: number, trialIds: string[]): Promise<void> {
  await queues.flow.add({
    name: 'stage',
    queueName: QUEUE_NAMES.stage,
    data: { studyId, stage } satisfies StageJobData,
    opts: { ...STAGE_JOB_OPTS, jobId: stageJobId(studyId, stage) },
    children: trialIds.map((trialId) => ({
      name: 'train',
      queueName: QUEUE_NAMES.train,
      data: { studyId, trialId, stage } satisfies TrainJobData,
      opts: { ...TRAIN_JOB_OPTS, jobId: trainJobId(studyId, trialId) },
    })),
  });
}

/** Jobs of a study, named by what they are for: a parent per stage (by index), one per trial, one per landscape. */
export interface StudyJobs {
  stages: readonly number[];
  trialIds: readonly string[];
  landscapeIds: readonly string[];
}

/**
 * Removes a study's jobs that are not running, whatever their state (waiting, delayed, waiting
 * for children, completed, failed): stage parents, trials and landscapes. Running jobs are
 * locked and cannot be removed; a trial sees a cancelled or deleted study between batches and
 * ends by itself, a landscape sees a deleted study between rows. Returns how many jobs were
 * removed and how many are left (running).
 */
export async function removeStudyJobs(queues: Queues, studyId: string, jobs: StudyJobs): Promise<{ removed: number; left: number }> {
  const counts = { removed: 0, left: 0 };
  const tryRemove = async (queue: Queues['train'] | Queues['stage'] | Queues['landscape'], jobId: string) => {
    const job = await queue.getJob(jobId);
    if (!job) return; // never queued, or already removed (with its stage parent)
    try {
      await job.remove({ removeChildren: true });
      counts.removed++;
    } catch {
      counts.left++; // locked by the worker running it (or one of its children)
    }
  };
  for (const s of jobs.stages) await tryRemove(queues.stage, stageJobId(studyId, s));
  for (const t of jobs.trialIds) await tryRemove(queues.train, trainJobId(studyId, t));
  for (const l of jobs.landscapeIds) await tryRemove(queues.landscape, landscapeJobId(studyId, l));
  return counts;
}
