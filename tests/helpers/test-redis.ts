// Each integration test file starts its own redis-server on a free port (never 6379, never a
// user's data) and gets a store and queues on it.
import { Redis } from 'ioredis';
import { startLocalRedis, type LocalRedis } from '../../store/local-redis.js';
import { StudyStore } from '../../store/study-store.js';
import { createQueues, type Queues } from '../../store/queues.js';

export interface TestRedis {
  server: LocalRedis;
  url: string;
  redis: Redis;
  store: StudyStore;
  queues: Queues;
  close(): Promise<void>;
}

export async function startTestRedis(): Promise<TestRedis> {
  const server = await startLocalRedis();
  const redis = new Redis(server.url, { maxRetriesPerRequest: null });
  const store = new StudyStore(redis);
  const queues = createQueues(server.url);
  // BullMQ writes its queues' meta keys on connect: let that happen before tests snapshot keys.
  await Promise.all([queues.train.waitUntilReady(), queues.stage.waitUntilReady(), queues.landscape.waitUntilReady()]);
  return {
    server,
    url: server.url,
    redis,
    store,
    queues,
    close: async () => {
      await queues.close();
      await store.close();
      redis.disconnect();
      await server.stop();
    },
  };
}

/** Every key in the server (for "nothing was written" assertions), BullMQ's included. */
export async function allKeys(redis: Redis): Promise<string[]> {
  return (await redis.keys('*')).sort();
}
