// `npm run worker`: one worker process for a Redis that an API (here or on another machine)
// queues studies into. Configuration: REDIS_URL (default redis://127.0.0.1:6379), TFJS_BACKEND,
// WORKER_CONCURRENCY, SHUTDOWN_GRACE_MS. It starts whether or not Redis answers yet, says so, and
// picks up work once it does. SIGINT/SIGTERM stop it within shutdownBoundMs; a second signal at once.
import { readConfig } from '../config/env.js';
import { exitOnSignals } from '../runtime/shutdown.js';
import { redisAnswers } from '../store/local-redis.js';
import { redactRedisUrl } from '../store/redis-outage.js';
import { shutdownBoundMs, startWorker, workerOptionsFromConfig, type RunningWorker } from '../worker/start-worker.js';

const log = (line: string) => console.log(`[worker] ${line}`);

async function main(): Promise<void> {
  const config = readConfig();
  // Signals are handled from the start: one that comes while the worker starts just exits.
  let worker: RunningWorker | null = null;
  exitOnSignals({ stop: async () => worker?.close(), log, hardLimitMs: shutdownBoundMs(config.shutdownGraceMs) });
  const redisUrl = config.redisUrl ?? 'redis://127.0.0.1:6379';
  if (!(await redisAnswers(redisUrl))) {
    log(`Redis at ${redactRedisUrl(redisUrl)} does not answer${config.redisUrl ? '' : ' (REDIS_URL unset)'}: start it or set REDIS_URL; waiting for it`);
  }
  worker = await startWorker(workerOptionsFromConfig(config, redisUrl, { log }));
}

main().catch((err: unknown) => {
  console.error(`[worker] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
