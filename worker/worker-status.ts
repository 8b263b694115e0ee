// What a worker process is doing, published as a heartbeat every few seconds so `GET /api/workers`
// (and the dashboard) can show host, backend, current trial and when it was last heard from.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { WorkerHeartbeat } from '../types/index.js';
import type { StudyStore } from '../store/study-store.js';

export const HEARTBEAT_INTERVAL_MS = 5000;

export class WorkerStatus {
  readonly id = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  readonly host = hostname();
  readonly startedAt = new Date().toISOString();
  private current: WorkerHeartbeat['currentTrial'] = null;
  private speed: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: StudyStore,
    readonly backend: string,
    readonly concurrency: number,
  ) {}

  /** Records the current trial; a change of trial (not of epoch) is published at once. */
  setTrial(trial: WorkerHeartbeat['currentTrial']): void {
    const changed = trial?.trialId !== this.current?.trialId || trial?.studyId !== this.current?.studyId;
    this.current = trial;
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
      currentTrial: this.current,
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
