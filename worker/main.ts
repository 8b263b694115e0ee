// `npm run worker`: one worker process for a Redis that an API (here or on another machine)
// queues studies into. Configuration: REDIS_URL (required), TFJS_BACKEND, WORKER_CONCURRENCY.
import { readConfig } from '../config/env.js';
import { startWorker } from './start-worker.js';

async function main(): Promise<void> {
  const config = readConfig();
  const redisUrl = config.redisUrl ?? 'redis://127.0.0.1:6379';
  const worker = await startWorker({ redisUrl, backend: config.tfjsBackend, concurrency: config.workerConcurrency, timings: { lockDurationMs: config.jobLockMs, stalledIntervalMs: config.jobStalledIntervalMs } });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: finishing the current batch and stopping`);
    await worker.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`[worker] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
