// The persistence module: studies, trials, per-epoch history, the per-study event stream,
// checkpoints, kept weights, loss landscapes and worker heartbeats, encoded in Redis. Nothing else
// in the project names a key (see store/keys.ts) or knows how a record is encoded.
// A deleted study stays deleted: its record goes first, and every write that could create one of
// its keys again (an epoch, a checkpoint, kept weights, a landscape) happens only while the
// record exists, in one script, so a worker finishing late cannot bring a key of it back.
import type { Redis } from 'ioredis';
import type {
  EpochMetrics,
  LandscapeRecord,
  StoredEvent,
  StudyChange,
  StudyEvent,
  StudyRecord,
  TrialChange,
  TrialRecord,
  WorkerHeartbeat,
} from '../types/index.js';
import { keys } from './keys.js';

/** Appends the epoch to the trial's history and to the study stream only the first time it is seen (and only while the study exists). */
const RECORD_EPOCH_ONCE = `
if redis.call('EXISTS', KEYS[3]) == 1 and redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  return redis.call('XADD', KEYS[2], '*', 'e', ARGV[3])
end
return false`;

/** Runs one write command (ARGV[1]) on KEYS[2] with the remaining ARGV only while the study record KEYS[1] exists; 1 if it ran. */
const WRITE_IF_STUDY_EXISTS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call(ARGV[1], KEYS[2], unpack(ARGV, 2))
return 1`;

/** COPYs (no REPLACE) of KEYS[2] → KEYS[3], KEYS[4] → KEYS[5], … while the study (KEYS[1]) exists: a deleted study gets no keys back. */
const COPY_IF_STUDY_EXISTS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
for i = 2, #KEYS - 1, 2 do redis.call('COPY', KEYS[i], KEYS[i + 1]) end
return 1`;

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

  constructor(readonly redis: Redis) {}

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

  // --- epochs and events --------------------------------------------------------------------

  /**
   * Records one epoch exactly once: into the trial's kept history and, only if it was new, into
   * the study's stream. A re-delivered job that replays an epoch adds nothing. Returns the stream
   * id, or null when the epoch was already recorded (or the study was deleted).
   */
  async recordEpoch(studyId: string, trialId: string, metrics: EpochMetrics, event: StudyEvent): Promise<string | null> {
    const id = await this.redis.eval(
      RECORD_EPOCH_ONCE,
      3,
      keys.epochs(studyId, trialId),
      keys.events(studyId),
      keys.study(studyId),
      String(metrics.epoch),
      JSON.stringify(metrics),
      JSON.stringify(event),
    );
    return typeof id === 'string' ? id : null;
  }

  async getEpochs(studyId: string, trialId: string): Promise<EpochMetrics[]> {
    const all = await this.redis.hvals(keys.epochs(studyId, trialId));
    return all.map((r) => JSON.parse(r) as EpochMetrics).sort((a, b) => a.epoch - b.epoch);
  }

  async appendEvent(studyId: string, event: StudyEvent): Promise<string> {
    const id = await this.redis.xadd(keys.events(studyId), '*', 'e', JSON.stringify(event));
    return id ?? '';
  }

  /** Events after stream id `afterId` ('0' for all), oldest first. */
  async readEvents(studyId: string, afterId = '0', count = 1000): Promise<StoredEvent[]> {
    const entries = await this.redis.xrange(keys.events(studyId), `(${afterId}`, '+', 'COUNT', count);
    return entries.map(([id, fields]) => decodeEvent(id, fields));
  }

  /**
   * Blocks up to `blockMs` for events after `afterId`. Must run on a connection of its own
   * (XREAD BLOCK holds the connection): pass one made with `redis.duplicate()`.
   */
  static async waitForEvents(conn: Redis, studyId: string, afterId: string, blockMs: number, count = 500): Promise<StoredEvent[]> {
    const res = await conn.xread('COUNT', count, 'BLOCK', blockMs, 'STREAMS', keys.events(studyId), afterId);
    if (!res) return [];
    return res.flatMap(([, entries]) => entries.map(([id, fields]) => decodeEvent(id, fields)));
  }

  // --- checkpoints --------------------------------------------------------------------------

  /** Stores a trial's checkpoint (nothing once its study was deleted). */
  async saveCheckpoint(studyId: string, trialId: string, bytes: Uint8Array): Promise<void> {
    await this.writeIfStudyExists(studyId, 'SET', keys.checkpoint(studyId, trialId), toBuffer(bytes));
  }

  async loadCheckpoint(studyId: string, trialId: string): Promise<Uint8Array | null> {
    const buf = await this.redis.getBuffer(keys.checkpoint(studyId, trialId));
    return buf ? new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) : null;
  }

  /**
   * A promoted trial's start: copies of its parent's checkpoint, epoch history and (keepWeights)
   * per-epoch weights, so its record, curve and loss landscape cover its whole training. Never over
   * the trial's own (COPY without REPLACE), so a re-run stage job cannot undo training already done.
   */
  async copyTrialState(studyId: string, fromTrialId: string, toTrialId: string): Promise<void> {
    const pairs = [keys.checkpoint, keys.epochs, keys.weights].flatMap((key) => [key(studyId, fromTrialId), key(studyId, toTrialId)]);
    await this.redis.eval(COPY_IF_STUDY_EXISTS, 1 + pairs.length, keys.study(studyId), ...pairs);
  }

  async deleteCheckpoint(studyId: string, trialId: string): Promise<void> {
    await this.redis.unlink(keys.checkpoint(studyId, trialId));
  }

  // --- kept weights (studies with keepWeights) and loss landscapes ---------------------------

  /** Stores the weights after `epoch` (1-based), or the trial's final weights, as encodeTensors bytes (nothing once the study was deleted). */
  async saveWeights(studyId: string, trialId: string, which: number | 'final', bytes: Uint8Array): Promise<void> {
    const field = which === 'final' ? 'final' : `epoch:${which}`;
    await this.writeIfStudyExists(studyId, 'HSET', keys.weights(studyId, trialId), field, toBuffer(bytes));
  }

  /** True when the trial's final weights were kept. */
  async hasFinalWeights(studyId: string, trialId: string): Promise<boolean> {
    return (await this.redis.hexists(keys.weights(studyId, trialId), 'final')) === 1;
  }

  /** The kept weights of a trial: per epoch in epoch order, and the final ones (null when not kept). */
  async loadWeights(studyId: string, trialId: string): Promise<{ epochs: Array<{ epoch: number; bytes: Uint8Array }>; final: Uint8Array | null }> {
    const all = await this.redis.hgetallBuffer(keys.weights(studyId, trialId));
    const epochs: Array<{ epoch: number; bytes: Uint8Array }> = [];
    let final: Uint8Array | null = null;
    for (const [field, buf] of Object.entries(all)) {
      const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      if (field === 'final') final = bytes;
      else if (/^epoch:\d+$/.test(field)) epochs.push({ epoch: Number(field.slice(6)), bytes });
    }
    return { epochs: epochs.sort((a, b) => a.epoch - b.epoch), final };
  }

  /** Stores a landscape record (new, or its progress and result as it runs). False, and nothing written, when its study is gone. */
  async saveLandscape(record: LandscapeRecord): Promise<boolean> {
    return this.writeIfStudyExists(record.studyId, 'HSET', keys.landscapes(record.studyId), record.id, JSON.stringify(record));
  }

  async deleteLandscape(studyId: string, landscapeId: string): Promise<void> {
    await this.redis.hdel(keys.landscapes(studyId), landscapeId);
  }

  async getLandscape(studyId: string, landscapeId: string): Promise<LandscapeRecord | null> {
    const raw = await this.redis.hget(keys.landscapes(studyId), landscapeId);
    return raw ? (JSON.parse(raw) as LandscapeRecord) : null;
  }

  /** A study's landscapes, oldest first. */
  async listLandscapes(studyId: string): Promise<LandscapeRecord[]> {
    const all = await this.redis.hvals(keys.landscapes(studyId));
    return all.map((r) => JSON.parse(r) as LandscapeRecord).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  // --- workers ------------------------------------------------------------------------------

  async heartbeat(hb: WorkerHeartbeat): Promise<void> {
    await this.redis.hset(keys.workers(), hb.id, JSON.stringify(hb));
  }

  async removeWorker(workerId: string): Promise<void> {
    await this.redis.hdel(keys.workers(), workerId);
  }

  /** Workers whose last heartbeat is younger than `staleMs`; older entries are pruned. */
  async listWorkers(staleMs = 60_000): Promise<WorkerHeartbeat[]> {
    const all = Object.values(await this.redis.hgetall(keys.workers())).map((r) => JSON.parse(r) as WorkerHeartbeat);
    const now = Date.now();
    const stale = all.filter((w) => now - Date.parse(w.lastHeartbeat) > staleMs);
    if (stale.length > 0) await this.redis.hdel(keys.workers(), ...stale.map((w) => w.id));
    return all.filter((w) => !stale.includes(w)).sort((a, b) => a.host.localeCompare(b.host) || a.id.localeCompare(b.id));
  }

  // --- internals ----------------------------------------------------------------------------

  /** One write to a key of the study, made only while the study's record exists (see the header). */
  private async writeIfStudyExists(studyId: string, command: 'SET' | 'HSET', key: string, ...args: Array<string | Buffer>): Promise<boolean> {
    return (await this.redis.eval(WRITE_IF_STUDY_EXISTS, 2, keys.study(studyId), key, command, ...args)) === 1;
  }

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

function decodeEvent(id: string, fields: string[]): StoredEvent {
  const i = fields.indexOf('e');
  return { id, event: JSON.parse(fields[i + 1] ?? 'null') as StudyEvent };
}

const toBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

async function execOrThrow(multi: ReturnType<Redis['multi']>): Promise<void> {
  const res = await multi.exec();
  const failed = res?.find(([err]) => err);
  if (failed?.[0]) throw failed[0];
}
