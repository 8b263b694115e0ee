// `npm start`: the API, the built dashboard and one in-process worker on PORT (default 8787).
// Redis: see api/resolve-redis.ts. An unreachable Redis is reported in one line and retried; the
// API answers 503 meanwhile (GET /healthz says `redis: "down"`) and resumes when it is back.
// SIGINT/SIGTERM stop within shutdownBoundMs whatever Redis does; a second signal exits at once.
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import { readConfig } from '../config/env.js';
import { StudyStore } from '../store/study-store.js';
import { createQueues } from '../store/queues.js';
import { redisAnswers } from '../store/local-redis.js';
import { RedisOutage, redactRedisUrl } from '../store/redis-outage.js';
import { API_QUEUE_OPTIONS, API_REDIS_OPTIONS } from '../store/redis-client-options.js';
import { settleWithin } from '../runtime/deadline.js';
import { exitOnSignals } from '../runtime/shutdown.js';
import { resolveRedis } from '../api/resolve-redis.js';
import { shutdownBoundMs, startWorker, workerOptionsFromConfig, type RunningWorker } from '../worker/start-worker.js';
import { createApp } from '../api/app.js';

const log = (line: string) => console.log(`[start] ${line}`);

async function main(): Promise<void> {
  const config = readConfig();
  const { url, local, how } = await resolveRedis(config.redisUrl, config.dataDir);
  log(how);
  const redisUp = local !== null || (await redisAnswers(url));
  if (!redisUp) log(`Redis at ${redactRedisUrl(url)} does not answer: start it there or set REDIS_URL; retrying in the background, and the API answers 503 until it is back`);

  const outage = new RedisOutage({ url, log });
  const redis = new Redis(url, API_REDIS_OPTIONS);
  outage.watch(redis, { ready: true });
  const store = new StudyStore(redis);
  const queues = createQueues(url, (e) => outage.error(e), API_QUEUE_OPTIONS);
  const app = createApp({
    store,
    queues,
    apiToken: config.apiToken,
    maxBodyBytes: config.maxBodyBytes,
    maxSseStreams: config.maxSseStreams,
    limits: config.limits,
    webDist: resolve('web/dist'),
  });
  // Signals are handled from here on, also while the worker is still starting.
  let worker: RunningWorker | null = null;
  let server: ReturnType<typeof serve> | null = null;
  exitOnSignals({
    log,
    hardLimitMs: shutdownBoundMs(config.shutdownGraceMs),
    stop: async () => {
      server?.close();
      await worker?.close();
      if ((await settleWithin(queues.close(), 1000)) === 'timeout') queues.disconnect();
      await settleWithin(store.close(), 1000);
      redis.disconnect();
      await local?.stop();
    },
  });
  if (process.env.START_WORKER !== '0') {
    worker = await startWorker(workerOptionsFromConfig(config, url, { outage, log: (line) => console.log(`[worker] ${line}`) }));
  }
  server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    log(`dashboard and API on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${info.port}  (API docs: /api/docs, OpenAPI: /openapi.json)${redisUp ? '' : ' — Redis down: 503 until it answers'}`);
    if (!config.apiToken) log(`API_TOKEN unset: listening on ${config.host} only; set API_TOKEN (and HOST) to accept writes from other machines`);
  });

}

main().catch((err: unknown) => {
  console.error(`[start] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
