// The pruners' shared tables (search/pruning.ts): for each epoch of a study, every trial's
// objective value at that epoch. A trial writes its own value and reads its peers' in one script,
// so the table it is judged against includes everything reported before it. Writing is keyed by
// trial id, so a re-delivered job or a replayed epoch (deterministic: the same value) never counts
// twice, and the table, like all study data, survives a worker or Redis (AOF) restart.
import type { Redis } from 'ioredis';
import { keys } from './keys.js';

/** Sets the trial's value, returns the epoch's whole table, the trial's own entry included (nothing once the study is gone). */
const REPORT = `
if redis.call('EXISTS', KEYS[2]) == 0 then return false end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return redis.call('HGETALL', KEYS[1])`;

export class PruneTables {
  constructor(private readonly redis: Redis) {}

  /** Reports the trial's value at `epoch` and returns the whole table of that epoch, its own entry included (empty once the study is gone). */
  async reportAndRead(studyId: string, epoch: number, trialId: string, value: number): Promise<Record<string, number>> {
    const flat = (await this.redis.eval(REPORT, 2, keys.pruneTable(studyId, epoch), keys.study(studyId), trialId, String(value))) as string[] | null;
    const table: Record<string, number> = {};
    for (let i = 0; flat && i + 1 < flat.length; i += 2) table[flat[i]!] = Number(flat[i + 1]);
    return table;
  }

  /** The whole table of one epoch, trialId → value (for the dashboard and tests). */
  async readPruneTable(studyId: string, epoch: number): Promise<Record<string, number>> {
    const raw = await this.redis.hgetall(keys.pruneTable(studyId, epoch));
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(v)]));
  }
}
