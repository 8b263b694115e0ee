// The queue's timing defaults, apart from BullMQ so that configuration (config/env.ts) can name
// them without loading the queue: JOB_LOCK_MS and JOB_STALLED_INTERVAL_MS override the first two.
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
