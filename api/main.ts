// `npm start`: the API, the built dashboard and one in-process worker on PORT (default 8787).
// Redis: REDIS_URL if set; else 127.0.0.1:6379 if it answers; else a private redis-server started
// here on a free port with its data (AOF) under DATA_DIR/redis (default .data/redis).
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import { readConfig } from '../config/env.js';
import { StudyStore } from '../store/study-store.js';
import { createQueues } from '../store/queues.js';
import { redisAnswers, startLocalRedis, type LocalRedis } from '../store/local-redis.js';
import { startWorker, type RunningWorker } from '../worker/start-worker.js';
import { createApp } from './app.js';

const log = (line: string) => console.log(`[start] ${line}`);

async function resolveRedis(configured: string | null, dataDir: string): Promise<{ url: string; local: LocalRedis | null }> {
  if (configured) return { url: configured, local: null };
  const fallback = 'redis://127.0.0.1:6379';
  if (await redisAnswers(fallback)) {
    log(`REDIS_URL unset; using the Redis answering on ${fallback}`);
    return { url: fallback, local: null };
  }
  const dir = resolve(dataDir, 'redis');
  try {
    const local = await startLocalRedis({ dataDir: dir });
    log(`REDIS_URL unset and nothing on 6379; started redis-server on ${local.url} with its data in ${dir}`);
    return { url: local.url, local };
  } catch (err) {
    throw new Error(`no Redis: set REDIS_URL, or install redis-server (apt-get install -y redis-server) so npm start can run one (${(err as Error).message})`, { cause: err });
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const { url, local } = await resolveRedis(config.redisUrl, config.dataDir);
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  redis.on('error', (e) => log(`redis: ${e.message}`));
  const store = new StudyStore(redis);
  const queues = createQueues(url);
  const app = createApp({
    store,
    queues,
    apiToken: config.apiToken,
    maxBodyBytes: config.maxBodyBytes,
    maxSseStreams: config.maxSseStreams,
    webDist: resolve('web/dist'),
  });
  let worker: RunningWorker | null = null;
  if (process.env.START_WORKER !== '0') {
    worker = await startWorker({ redisUrl: url, backend: config.tfjsBackend, concurrency: config.workerConcurrency, timings: { lockDurationMs: config.jobLockMs, stalledIntervalMs: config.jobStalledIntervalMs } });
  }
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    log(`dashboard and API on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${info.port}  (API docs: /openapi.json)`);
    if (!config.apiToken) log(`API_TOKEN unset: listening on ${config.host} only; set API_TOKEN (and HOST) to accept writes from other machines`);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    server.close();
    await worker?.close();
    await queues.close();
    await store.close();
    redis.disconnect();
    await local?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`[start] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
