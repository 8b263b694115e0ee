// API under load on loopback while a study trains: 50 SSE clients follow the study and a steady
// stream of reads hits the study, trials and best routes. Reports latency percentiles and errors.
// Everything runs here: a private redis-server, the API on a free loopback port, and a worker in
// its own process (as deployments run them) or in the API's process (as `npm start` does).
import { spawn } from 'node:child_process';
import { serve } from '@hono/node-server';
import { availableParallelism } from 'node:os';
import { Redis } from 'ioredis';
import { createApp } from '../api/app.js';
import { StudyStore } from '../store/study-store.js';
import { createQueues } from '../store/queues.js';
import { freePort, startLocalRedis } from '../store/local-redis.js';
import { startWorker } from '../worker/start-worker.js';

export interface ApiLoadOptions {
  sseClients?: number;
  /** Concurrent readers issuing GETs back to back. */
  readers?: number;
  durationMs?: number;
  /** 'process': worker in a child process; 'inline': in the API's process like `npm start`. */
  worker?: 'process' | 'inline';
}

export interface ApiLoadResult {
  worker: 'process' | 'inline';
  sseClients: number;
  sseEvents: number;
  requests: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

export async function measureApiLoad(options: ApiLoadOptions = {}): Promise<ApiLoadResult> {
  const { sseClients = 50, readers = 4, durationMs = 15_000, worker: workerMode = 'process' } = options;
  const redisServer = await startLocalRedis();
  const redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
  const store = new StudyStore(redis);
  const queues = createQueues(redisServer.url);
  const app = createApp({ store, queues, maxSseStreams: sseClients + 10 });
  const port = await freePort();
  const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
  const base = `http://127.0.0.1:${port}`;

  const child =
    workerMode === 'process'
      ? spawn(process.execPath, ['--import', 'tsx', 'main/worker.ts'], { env: { ...process.env, REDIS_URL: redisServer.url }, stdio: 'ignore' })
      : null;
  // As npm start runs it: a training thread per core beside the API's event loop.
  const inline = workerMode === 'inline' ? await startWorker({ redisUrl: redisServer.url, concurrency: availableParallelism(), log: () => {} }) : null;

  try {
    const spec = {
      name: 'load test',
      dataset: 'synthetic',
      model: { kind: 'lenet', filters: [4], kernelSize: 3, dense: [16] },
      space: {
        optimizer: { type: 'categorical', values: ['sgd', 'momentum', 'rmsprop', 'adam'] },
        learningRate: { type: 'log-uniform', min: 1e-4, max: 1e-1 },
        batchSize: { type: 'fixed', value: 32 },
      },
      stages: [{ trials: 40, epochs: 10 }],
      earlyStopping: { enabled: false },
    };
    const created = await fetch(`${base}/api/studies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
    const { id } = (await created.json()) as { id: string };

    const abort = new AbortController();
    let sseEvents = 0;
    let errors = 0;
    const streams = Array.from({ length: sseClients }, async () => {
      try {
        const res = await fetch(`${base}/api/studies/${id}/events`, { signal: abort.signal });
        if (!res.ok || !res.body) throw new Error(String(res.status));
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          sseEvents += (decoder.decode(value).match(/^id: /gm) ?? []).length;
        }
      } catch (err) {
        if (!abort.signal.aborted) errors++;
        void err;
      }
    });

    const latencies: number[] = [];
    const paths = [`/api/studies/${id}`, `/api/studies/${id}/trials`, `/api/studies/${id}/best`, '/api/studies', '/api/workers'];
    const deadline = Date.now() + durationMs;
    const reading = Array.from({ length: readers }, async (_, r) => {
      for (let i = r; Date.now() < deadline; i++) {
        const t0 = performance.now();
        try {
          const res = await fetch(`${base}${paths[i % paths.length]}`);
          await res.arrayBuffer();
          if (res.status >= 400) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    });
    await Promise.all(reading);
    abort.abort();
    await Promise.allSettled(streams);
    latencies.sort((a, b) => a - b);
    return {
      worker: workerMode,
      sseClients,
      sseEvents,
      requests: latencies.length,
      errors,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies[latencies.length - 1] ?? NaN,
    };
  } finally {
    child?.kill('SIGKILL');
    await inline?.close();
    server.close();
    await queues.close();
    await store.close();
    redis.disconnect();
    await redisServer.stop();
  }
}

export function formatApiLoad(r: ApiLoadResult): string {
  const f = (v: number) => v.toFixed(1);
  return `api_load worker=${r.worker} sse_clients=${r.sseClients} sse_events=${r.sseEvents} requests=${r.requests} errors=${r.errors} p50_ms=${f(r.p50Ms)} p99_ms=${f(r.p99Ms)} max_ms=${f(r.maxMs)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const worker = process.argv.includes('--inline') ? 'inline' : 'process';
  console.log(formatApiLoad(await measureApiLoad({ worker })));
  process.exit(0);
}
