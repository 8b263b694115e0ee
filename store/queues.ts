// The BullMQ side of persistence: queue names, job ids and options, and how a stage becomes a
// flow (a parent `stage` job whose children are the stage's `train` jobs). Job ids are derived
// from study, stage and trial, so queueing the same stage twice (a re-delivered stage job) adds
// nothing: BullMQ ignores a job whose id already exists.
import { FlowProducer, Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { JobMap, JobName, LandscapeJobData, StageJobData, TrainJobData } from '../types/index.js';

export const QUEUE_NAMES = { train: 'opt-train', stage: 'opt-stage', landscape: 'opt-landscape' } as const satisfies Record<JobName, string>;

/**
 * How long a worker's lock on a job lives without renewal, and how often stalled jobs are looked for.
 * A killed worker's trial is picked up by another after at most about LOCK + STALL milliseconds.
 */
export interface JobTimings {
  /** @defaultValue 30000 (JOB_LOCK_MS) */
  lockDurationMs: number;
  /** @defaultValue 15000 (JOB_STALLED_INTERVAL_MS) */
  stalledIntervalMs: number;
  /** A job stalled more often than this fails. @defaultValue 3 */
  maxStalledCount: number;
  /** Attempts of a `train` job that throws (a diverged loss is a result, not an error). @defaultValue 2 */
  trainAttempts: number;
}

export const JOB_TIMINGS: Readonly<JobTimings> = {
  lockDurationMs: 30_000,
  stalledIntervalMs: 15_000,
  maxStalledCount: 3,
  trainAttempts: 2,
};

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
}

/** BullMQ connection options for a Redis URL (workers need `maxRetriesPerRequest: null`). */
export function bullConnection(redisUrl: string): ConnectionOptions {
  return { url: redisUrl, maxRetriesPerRequest: null };
}

/** Queues and the flow producer. Connection errors go to `onError` (they reconnect by themselves). */
export function createQueues(redisUrl: string, onError: (err: Error) => void = () => {}): Queues {
  const connection = bullConnection(redisUrl);
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

/**
 * Removes a study's jobs that are not running: waiting/delayed trials and stage parents.
 * Active jobs are locked and cannot be removed; their training loop sees the cancelled study
 * between batches and ends by itself. Returns how many jobs were removed.
 */
export async function removeStudyJobs(queues: Queues, studyId: string, trialIds: string[], stages: number): Promise<number> {
  let removed = 0;
  const tryRemove = async (queue: Queues['train'] | Queues['stage'], jobId: string) => {
    const job = await queue.getJob(jobId);
    if (!job) return;
    const state = await job.getState();
    if (state === 'active') return;
    try {
      await job.remove({ removeChildren: true });
      removed++;
    } catch {
      // Became active (locked) between getState and remove: the training loop will see the cancel.
    }
  };
  for (let s = 0; s < stages; s++) await tryRemove(queues.stage, stageJobId(studyId, s));
  for (const t of trialIds) await tryRemove(queues.train, trainJobId(studyId, t));
  return removed;
}
