// `npm start`: the API, the built dashboard and one in-process worker on PORT (default 8787).
// Redis: see api/resolve-redis.ts.
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import { readConfig } from '../config/env.js';
import { StudyStore } from '../store/study-store.js';
import { createQueues } from '../store/queues.js';
import { resolveRedis } from './resolve-redis.js';
import { startWorker, type RunningWorker } from '../worker/start-worker.js';
import { createApp } from './app.js';

const log = (line: string) => console.log(`[start] ${line}`);

async function main(): Promise<void> {
  const config = readConfig();
  const { url, local, how } = await resolveRedis(config.redisUrl, config.dataDir);
  log(how);
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
    limits: config.limits,
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
