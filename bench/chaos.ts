// The chaos run: a real study trained by several worker *processes* while a random busy worker is
// SIGKILLed every few seconds (and replaced), and Redis (AOF on) is restarted once in the middle.
// At the end it counts what a user would fear: epochs a trial reports as done whose metrics are
// missing (lost), and epochs recorded twice (duplicated). `npm run bench:chaos` runs the full size
// on real MNIST; tests/integration/chaos.test.ts runs a short one on the synthetic set.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { StudyRecord, TrialRecord } from '../types/index.js';
import { createApp } from '../api/app.js';
import { StudyStore } from '../store/study-store.js';
import { createQueues } from '../store/queues.js';
import { startLocalRedis, type LocalRedis } from '../store/local-redis.js';
import { createRng, randomInt } from '../search/rng.js';
import { startEntry, type EntryProcess } from './child-process.js';

export interface ChaosOptions {
  /** Worker processes kept alive at once. */
  workers: number;
  /** A busy worker is SIGKILLed this often (the first kill comes with the first recorded epoch). */
  killEveryMs: number;
  /** The StudySpec to run. */
  spec: Record<string, unknown>;
  /** Redis is restarted once, when this many epochs have been recorded in all. */
  restartRedisAtEpochs: number;
  seed?: number;
  /** Give up (and report the study's state then) after this long. @defaultValue 600000 */
  timeoutMs?: number;
  /** BullMQ lock on a job: a killed worker's trial moves on after about lock + stall interval. @defaultValue 3000 */
  lockMs?: number;
  log?: (line: string) => void;
}

export interface ChaosResult {
  kills: number;
  redisRestarts: number;
  study: StudyRecord['state'] | 'missing';
  epochsLost: number;
  epochsDuplicated: number;
  trials: number;
  /** Trials that resumed from a checkpoint at least once. */
  resumed: number;
  seconds: number;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const log = options.log ?? (() => {});
  const rng = createRng(options.seed ?? 1, 'chaos');
  const lockMs = options.lockMs ?? 3000;
  const dir = mkdtempSync(join(tmpdir(), 'opt-chaos-'));
  let server: LocalRedis = await startLocalRedis({ dataDir: dir });
  const redis = new Redis(server.url, { maxRetriesPerRequest: null });
  redis.on('error', () => {});
  const store = new StudyStore(redis);
  const queues = createQueues(server.url);
  const app = createApp({ store, queues });
  const workerEnv = { REDIS_URL: server.url, JOB_LOCK_MS: String(lockMs), JOB_STALLED_INTERVAL_MS: String(Math.max(500, Math.round(lockMs / 3))) };
  const workers: EntryProcess[] = [];
  const spawnWorker = () => workers.push(startEntry('main/worker.ts', workerEnv));
  const started = Date.now();
  let kills = 0;
  let redisRestarts = 0;

  try {
    const res = await app.request('/api/studies', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(options.spec) });
    if (res.status !== 201) throw new Error(`the chaos study was refused: ${res.status} ${await res.text()}`);
    const study = (await res.json()) as StudyRecord;
    for (let i = 0; i < options.workers; i++) spawnWorker();

    const deadline = started + (options.timeoutMs ?? 600_000);
    let nextKill = Number.POSITIVE_INFINITY;
    for (;;) {
      const current = await store.getStudy(study.id).catch(() => null);
      if (current && ['completed', 'failed', 'cancelled'].includes(current.state)) break;
      if (Date.now() > deadline) {
        log(`chaos: gave up after ${Math.round((Date.now() - started) / 1000)} s`);
        break;
      }
      const epochs = await recordedEpochs(store, study.id).catch(() => 0);
      if (epochs >= 1 && nextKill === Number.POSITIVE_INFINITY) nextKill = Date.now();
      if (Date.now() >= nextKill) {
        await killBusyWorker(store, workers, rng, log).then((killed) => {
          if (killed) {
            kills++;
            spawnWorker();
          }
        });
        nextKill = Date.now() + options.killEveryMs * (0.5 + rng.next());
      }
      if (redisRestarts === 0 && epochs >= options.restartRedisAtEpochs) {
        await new Promise((r) => setTimeout(r, 1100)); // appendfsync everysec: let the last second reach disk
        log(`chaos: restarting Redis after ${epochs} epochs`);
        await server.stop();
        await new Promise((r) => setTimeout(r, 500));
        server = await startLocalRedis({ dataDir: dir, port: server.port });
        redisRestarts++;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return { ...(await countEpochs(store, study.id)), kills, redisRestarts, seconds: (Date.now() - started) / 1000 };
  } finally {
    for (const w of workers) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited('a chaos worker to die', 10_000).catch(() => null)));
    await queues.close().catch(() => {});
    await store.close();
    redis.disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function recordedEpochs(store: StudyStore, studyId: string): Promise<number> {
  const trials = await store.listTrials(studyId);
  return trials.reduce((n, t) => n + t.epochsDone, 0);
}

/** SIGKILLs a random worker that is training (or any worker when none is); true when one died. */
async function killBusyWorker(store: StudyStore, workers: EntryProcess[], rng: ReturnType<typeof createRng>, log: (line: string) => void): Promise<boolean> {
  const alive = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null);
  if (alive.length === 0) return false;
  const busyPids = new Set((await store.workers.listWorkers().catch(() => [])).filter((h) => h.currentTrial).map((h) => h.pid));
  const busy = alive.filter((w) => busyPids.has(w.child.pid ?? -1));
  const pool = busy.length > 0 ? busy : alive;
  const victim = pool[randomInt(rng, pool.length)]!;
  victim.child.kill('SIGKILL');
  await victim.exited('a killed worker to exit', 10_000);
  workers.splice(workers.indexOf(victim), 1);
  log(`chaos: SIGKILLed worker pid ${victim.child.pid}${busy.length > 0 ? ' (training)' : ' (idle)'}`);
  return true;
}

/**
 * Lost: an epoch ≤ epochsDone with no metrics in the trial's history or no stream event (a promoted
 * trial's inherited epochs are its parent's events). Duplicated: a second stream record of one epoch.
 */
async function countEpochs(store: StudyStore, studyId: string): Promise<Omit<ChaosResult, 'kills' | 'redisRestarts' | 'seconds'>> {
  const study = await store.getStudy(studyId);
  const trials = await store.listTrials(studyId);
  const events = await store.events.readEvents(studyId, '0', 1_000_000);
  const seen = new Map<string, number>();
  for (const { event } of events) {
    if (event.type !== 'epoch') continue;
    const key = `${event.trialId}#${event.metrics.epoch}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  let epochsLost = 0;
  let epochsDuplicated = 0;
  const byId = new Map(trials.map((t) => [t.id, t]));
  // A promoted trial's first epochs were trained (and streamed) by the trial it continues.
  const streamedBy = (t: TrialRecord, e: number): string => {
    const from = t.promotedFrom;
    const parent = from && e <= from.epoch ? byId.get(from.trialId) : undefined;
    return parent ? streamedBy(parent, e) : t.id;
  };
  for (const t of trials) {
    const history = new Set((await store.events.getEpochs(studyId, t.id)).map((m) => m.epoch));
    for (let e = 1; e <= t.epochsDone; e++) {
      if (!history.has(e) || !seen.has(`${streamedBy(t, e)}#${e}`)) epochsLost++;
    }
  }
  for (const n of seen.values()) epochsDuplicated += n - 1;
  return {
    study: study?.state ?? 'missing',
    epochsLost,
    epochsDuplicated,
    trials: trials.length,
    resumed: trials.filter((t) => t.resumedFromEpoch !== null).length,
  };
}

export function formatChaos(r: ChaosResult): string {
  return `chaos kills=${r.kills} redis_restarts=${r.redisRestarts} study=${r.study} epochs_lost=${r.epochsLost} epochs_duplicated=${r.epochsDuplicated} trials=${r.trials} resumed=${r.resumed} seconds=${r.seconds.toFixed(0)}`;
}
