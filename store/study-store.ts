// The persistence module's front: study and trial records (with the WATCH transactions that
// change them and append their events), and the parts that store the rest, each in a file of its
// own: per-epoch history and the event stream (event-log.ts), checkpoints and kept weights
// (trial-artifacts.ts), loss landscapes (landscape-records.ts), worker heartbeats
// (worker-registry.ts) and the pruners' tables (prune-tables.ts). Nothing else in the project
// names a key (see store/keys.ts) or knows how a record is encoded.
// A deleted study stays deleted: its record goes first, and every write that could create one of
// its keys again (an epoch, a checkpoint, kept weights, a landscape) happens only while the
// record exists, in one script, so a worker finishing late cannot bring a key of it back.
import type { Redis } from 'ioredis';
import type { StudyChange, StudyEvent, StudyRecord, TrialChange, TrialRecord } from '../types/index.js';
import { keys } from './keys.js';
import { EventLog } from './event-log.js';
import { TrialArtifacts } from './trial-artifacts.js';
import { LandscapeRecords } from './landscape-records.js';
import { WorkerRegistry } from './worker-registry.js';
import { PruneTables } from './prune-tables.js';
import { withDeadline } from '../runtime/deadline.js';

export class StudyNotFoundError extends Error {
  override name = 'StudyNotFoundError';
  constructor(readonly studyId: string) {
    super(`study ${studyId} not found`);
  }
}

export class StudyStore {
  /** WATCH state is per connection: optimistic transactions run one at a time on a connection of their own. */
  private txConn: Redis | null = null;
  private txQueue: Promise<unknown> = Promise.resolve();

  readonly events: EventLog;
  readonly artifacts: TrialArtifacts;
  readonly landscapes: LandscapeRecords;
  readonly workers: WorkerRegistry;
  readonly pruneTables: PruneTables;

  constructor(readonly redis: Redis) {
    this.events = new EventLog(redis);
    this.artifacts = new TrialArtifacts(redis);
    this.landscapes = new LandscapeRecords(redis);
    this.workers = new WorkerRegistry(redis);
    this.pruneTables = new PruneTables(redis);
  }

  /** True when Redis is connected and answers PING within `timeoutMs`; a client not connected is down without asking. */
  async ping(timeoutMs: number): Promise<boolean> {
    if (this.redis.status !== 'ready') return false;
    return (await withDeadline(this.redis.ping(), timeoutMs, 'PING').catch(() => null)) === 'PONG';
  }

  /** Closes the store's own transaction connection (the shared one belongs to the caller). */
  async close(): Promise<void> {
    await this.txQueue.catch(() => {});
    this.txConn?.disconnect();
    this.txConn = null;
  }

  // --- studies ------------------------------------------------------------------------------

  /** Writes a new study, its first trials and its opening events in one MULTI: all or nothing. */
  async createStudy(study: StudyRecord, trials: TrialRecord[], events: StudyEvent[]): Promise<void> {
    const multi = this.redis.multi();
    multi.set(keys.study(study.id), JSON.stringify(study));
    multi.zadd(keys.studies(), Date.parse(study.createdAt), study.id);
    if (trials.length > 0) multi.hset(keys.trials(study.id), Object.fromEntries(trials.map((t) => [t.id, JSON.stringify(t)])));
    for (const e of events) multi.xadd(keys.events(study.id), '*', 'e', JSON.stringify(e));
    await execOrThrow(multi);
  }

  async getStudy(studyId: string): Promise<StudyRecord | null> {
    const raw = await this.redis.get(keys.study(studyId));
    return raw ? (JSON.parse(raw) as StudyRecord) : null;
  }

  async requireStudy(studyId: string): Promise<StudyRecord> {
    const study = await this.getStudy(studyId);
    if (!study) throw new StudyNotFoundError(studyId);
    return study;
  }

  /** Studies newest first. */
  async listStudies(limit = 100, offset = 0): Promise<StudyRecord[]> {
    const ids = await this.redis.zrevrange(keys.studies(), offset, offset + limit - 1);
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => keys.study(id)));
    return raws.flatMap((r) => (r ? [JSON.parse(r) as StudyRecord] : []));
  }

  async countStudies(): Promise<number> {
    return this.redis.zcard(keys.studies());
  }

  /**
   * Read-modify-write of a study under WATCH, retried on conflict, so the API (cancel) and the
   * stage workers never overwrite each other. `mutate` returns the new record, or null to leave it.
   * Events are appended in the same transaction.
   */
  async updateStudy(
    studyId: string,
    mutate: (study: StudyRecord) => StudyChange | null,
  ): Promise<StudyRecord> {
    return this.watchUpdate(keys.study(studyId), async (raw, multi) => {
      if (!raw) throw new StudyNotFoundError(studyId);
      const result = mutate(JSON.parse(raw) as StudyRecord);
      if (!result) return { value: JSON.parse(raw) as StudyRecord, write: false };
      const study = { ...result.study, updatedAt: new Date().toISOString() };
      multi.set(keys.study(studyId), JSON.stringify(study));
      if (result.trials?.length) multi.hset(keys.trials(studyId), Object.fromEntries(result.trials.map((t) => [t.id, JSON.stringify(t)])));
      for (const e of result.events ?? []) multi.xadd(keys.events(studyId), '*', 'e', JSON.stringify(e));
      return { value: study, write: true };
    });
  }

  /**
   * Removes a study's record and its place in the list, first of all its keys: from then on it
   * reads as not found, its running jobs stop, and no guarded write creates a key of it again.
   * Returns false when there was no record.
   */
  async hideStudy(studyId: string): Promise<boolean> {
    const results = await this.redis.multi().unlink(keys.study(studyId)).zrem(keys.studies(), studyId).exec();
    return results?.[0]?.[1] === 1;
  }

  /** Removes every key of a study, its record first (see hideStudy). BullMQ jobs are removed by the caller (store/queues.ts). */
  async deleteStudy(studyId: string): Promise<number> {
    let removed = (await this.hideStudy(studyId)) ? 1 : 0;
    let cursor = '0';
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', keys.studyPattern(studyId), 'COUNT', 500);
      cursor = next;
      if (found.length > 0) removed += await this.redis.unlink(...found);
    } while (cursor !== '0');
    return removed;
  }

  // --- trials -------------------------------------------------------------------------------

  async getTrial(studyId: string, trialId: string): Promise<TrialRecord | null> {
    const raw = await this.redis.hget(keys.trials(studyId), trialId);
    return raw ? (JSON.parse(raw) as TrialRecord) : null;
  }

  /** All trials of a study in (stage, index) order. */
  async listTrials(studyId: string): Promise<TrialRecord[]> {
    const all = await this.redis.hvals(keys.trials(studyId));
    return all.map((r) => JSON.parse(r) as TrialRecord).sort((a, b) => a.stage - b.stage || a.index - b.index);
  }

  /** Read-modify-write of one trial (see updateStudy); events go out in the same transaction. */
  async updateTrial(
    studyId: string,
    trialId: string,
    mutate: (trial: TrialRecord) => TrialChange | null,
  ): Promise<TrialRecord> {
    const hashKey = keys.trials(studyId);
    return this.watchUpdate(hashKey, async (_raw, multi) => {
      const raw = await this.redis.hget(hashKey, trialId);
      if (!raw) throw (await this.redis.exists(keys.study(studyId))) ? new Error(`trial ${trialId} of study ${studyId} not found`) : new StudyNotFoundError(studyId);
      const result = mutate(JSON.parse(raw) as TrialRecord);
      if (!result) return { value: JSON.parse(raw) as TrialRecord, write: false };
      multi.hset(hashKey, trialId, JSON.stringify(result.trial));
      for (const e of result.events ?? []) multi.xadd(keys.events(studyId), '*', 'e', JSON.stringify(e));
      return { value: result.trial, write: true };
    }, false);
  }

  // --- internals ----------------------------------------------------------------------------

  private async watchUpdate<T>(
    key: string,
    body: (raw: string | null, multi: ReturnType<Redis['multi']>) => Promise<{ value: T; write: boolean }>,
    readKey = true,
  ): Promise<T> {
    const run = async (): Promise<T> => {
      if (!this.txConn) {
        this.txConn = this.redis.duplicate();
        this.txConn.on('error', () => {}); // reconnects by itself; callers see failed commands
      }
      const conn = this.txConn;
      for (let attempt = 0; attempt < 50; attempt++) {
        await conn.watch(key);
        const raw = readKey ? await conn.get(key) : null;
        const multi = conn.multi();
        const { value, write } = await body(raw, multi).catch(async (err: unknown) => {
          await conn.unwatch();
          throw err;
        });
        if (!write) {
          await conn.unwatch();
          return value;
        }
        const res = await multi.exec();
        if (res !== null) {
          const failed = res.find(([err]) => err);
          if (failed?.[0]) throw failed[0];
          return value;
        }
        await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
      }
      throw new Error(`too much contention updating ${key}`);
    };
    const result = this.txQueue.then(run, run);
    this.txQueue = result.catch(() => {});
    return result;
  }
}

async function execOrThrow(multi: ReturnType<Redis['multi']>): Promise<void> {
  const res = await multi.exec();
  const failed = res?.find(([err]) => err);
  if (failed?.[0]) throw failed[0];
}
