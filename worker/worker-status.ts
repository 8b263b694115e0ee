// What a worker process is doing, published as a heartbeat every few seconds so `GET /api/workers`
// (and the dashboard) can show host, backend, its slots, the trial (and epoch) each running slot
// trains, and when it was last heard from. A trial starting or ending is published at once.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { WorkerHeartbeat } from '../types/index.js';

type RunningTrial = NonNullable<WorkerHeartbeat['currentTrial']>;
import type { StudyStore } from '../store/study-store.js';

export const HEARTBEAT_INTERVAL_MS = 5000;

export class WorkerStatus {
  readonly id = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  readonly host = hostname();
  readonly startedAt = new Date().toISOString();
  /** The trials running now, by slot key (study/trial), in the order they started. */
  private readonly running = new Map<string, RunningTrial>();
  private speed: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: StudyStore,
    readonly backend: string,
    readonly concurrency: number,
    /** Whether trials train in threads of their own ('threads') or on the worker's thread. */
    readonly threads: WorkerHeartbeat['threads'] = 'in-process',
    /** Threads each trial's batches are split across (TRIAL_THREADS). */
    readonly trialThreads = 1,
  ) {}

  /** Records what the slot `key` trains (null: it ended); a trial starting, finishing an epoch or ending is published at once. */
  setTrial(key: string, trial: RunningTrial | null): void {
    const changed = trial === null ? this.running.delete(key) : this.running.get(key)?.epoch !== trial.epoch;
    if (trial) this.running.set(key, trial);
    if (changed && this.timer) void this.beat().catch(() => {});
  }

  /** The last finished epoch's training speed (images/s), published with the next heartbeat. */
  setSpeed(samplesPerSec: number): void {
    if (Number.isFinite(samplesPerSec) && samplesPerSec > 0) this.speed = samplesPerSec;
  }

  snapshot(): WorkerHeartbeat {
    return {
      id: this.id,
      host: this.host,
      pid: process.pid,
      backend: this.backend,
      concurrency: this.concurrency,
      currentTrial: this.running.values().next().value ?? null,
      trials: [...this.running.values()],
      threads: this.threads,
      trialThreads: this.trialThreads,
      samplesPerSec: this.speed,
      startedAt: this.startedAt,
      lastHeartbeat: new Date().toISOString(),
    };
  }

  async beat(): Promise<void> {
    await this.store.workers.heartbeat(this.snapshot());
  }

  start(intervalMs = HEARTBEAT_INTERVAL_MS): void {
    void this.beat().catch(() => {});
    this.timer = setInterval(() => void this.beat().catch(() => {}), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.store.workers.removeWorker(this.id).catch(() => {});
  }
}
