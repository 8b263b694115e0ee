// Which Redis `npm start` uses: REDIS_URL if set; else the one answering on 127.0.0.1:6379; else a
// private redis-server started here on a free port, keeping its data (AOF) under DATA_DIR/redis.
import { resolve } from 'node:path';
import { redisAnswers, startLocalRedis, type LocalRedis } from '../store/local-redis.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface ResolvedRedis {
  url: string;
  /** The server started here, to stop on exit; null when an existing one is used. */
  local: LocalRedis | null;
  /** One line saying which Redis this is and why. */
  how: string;
}

export async function resolveRedis(configured: string | null, dataDir: string, fallbackUrl = DEFAULT_REDIS_URL): Promise<ResolvedRedis> {
  if (configured) return { url: configured, local: null, how: `using REDIS_URL` };
  if (await redisAnswers(fallbackUrl)) return { url: fallbackUrl, local: null, how: `REDIS_URL unset; using the Redis answering on ${fallbackUrl}` };
  const dir = resolve(dataDir, 'redis');
  try {
    const local = await startLocalRedis({ dataDir: dir });
    return { url: local.url, local, how: `REDIS_URL unset and nothing on ${fallbackUrl}; started redis-server on ${local.url} with its data in ${dir}` };
  } catch (err) {
    throw new Error(`no Redis: set REDIS_URL, or install redis-server (apt-get install -y redis-server) so npm start can run one (${(err as Error).message})`, { cause: err });
  }
}
