// Worker heartbeats: one hash, worker id → its last heartbeat (host, backend, slots, running
// trials, measured speed). Entries older than the stale limit are dropped when listed.
import type { Redis } from 'ioredis';
import type { WorkerHeartbeat } from '../types/index.js';
import { keys } from './keys.js';

export class WorkerRegistry {
  constructor(private readonly redis: Redis) {}

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
}
