// A study's history as it happened: each trial's per-epoch metrics (a hash per trial, epoch →
// metrics) and the study's event stream (one Redis Stream; its ids are the SSE ids). An epoch
// reaches both exactly once, in one script, and only while the study exists.
import type { Redis } from 'ioredis';
import type { EpochMetrics, StoredEvent, StudyEvent } from '../types/index.js';
import { keys } from './keys.js';

/** Appends the epoch to the trial's history and to the study stream only the first time it is seen (and only while the study exists). */
const RECORD_EPOCH_ONCE = `
if redis.call('EXISTS', KEYS[3]) == 1 and redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  return redis.call('XADD', KEYS[2], '*', 'e', ARGV[3])
end
return false`;

/** A live follower of one study's stream, on a connection of its own (XREAD BLOCK holds it). */
export interface EventTail {
  /** Events after stream id `afterId`, waiting up to `blockMs` for the first. */
  next(afterId: string, blockMs: number): Promise<StoredEvent[]>;
  close(): void;
}

export function decodeEvent(id: string, fields: string[]): StoredEvent {
  const i = fields.indexOf('e');
  return { id, event: JSON.parse(fields[i + 1] ?? 'null') as StudyEvent };
}

export class EventLog {
  constructor(private readonly redis: Redis) {}

  /**
   * Records one epoch exactly once: into the trial's kept history and, only if it was new, into
   * the study's stream. A re-delivered job that replays an epoch adds nothing. Returns the stream
   * id, or null when the epoch was already recorded (or the study was deleted).
   */
  async recordEpoch(studyId: string, trialId: string, metrics: EpochMetrics, event: StudyEvent): Promise<string | null> {
    const id = await this.redis.eval(RECORD_EPOCH_ONCE, 3, keys.epochs(studyId, trialId), keys.events(studyId), keys.study(studyId), String(metrics.epoch), JSON.stringify(metrics), JSON.stringify(event));
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
   * Follows the study's stream on a connection of its own, whose command timeout outlives the
   * longest wait (`maxBlockMs`) by 5 s. Close it when done.
   */
  tail(studyId: string, maxBlockMs: number, count = 500): EventTail {
    const conn = this.redis.duplicate({ commandTimeout: maxBlockMs + 5_000 });
    conn.on('error', () => {}); // a lost connection fails the pending read; the caller reports it
    return {
      async next(afterId, blockMs) {
        const res = await conn.xread('COUNT', count, 'BLOCK', blockMs, 'STREAMS', keys.events(studyId), afterId);
        return res ? res.flatMap(([, entries]) => entries.map(([id, fields]) => decodeEvent(id, fields))) : [];
      },
      close: () => conn.disconnect(),
    };
  }
}
