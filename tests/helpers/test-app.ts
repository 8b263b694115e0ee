// The API and a real worker on a test Redis of their own: what a test that trains studies starts
// before its cases and closes after them (the worker first, then Redis), written once.
import { createApp, type AppDeps } from '../../api/app.js';
import { startWorker, type RunningWorker, type StartWorkerOptions } from '../../worker/start-worker.js';
import { startTestRedis, type TestRedis } from './test-redis.js';

export interface LiveApp {
  env: TestRedis;
  app: ReturnType<typeof createApp>;
  worker: RunningWorker;
  close(): Promise<void>;
}

/** Starts Redis, the app and a worker on it; `worker` and `app` are their options less what this wires up. */
export async function startLiveApp(worker: Omit<StartWorkerOptions, 'redisUrl'> = {}, app: Omit<AppDeps, 'store' | 'queues'> = {}): Promise<LiveApp> {
  const env = await startTestRedis();
  const running = await startWorker({ ...worker, redisUrl: env.url }).catch(async (err: unknown) => {
    await env.close();
    throw err;
  });
  return {
    env,
    app: createApp({ ...app, store: env.store, queues: env.queues }),
    worker: running,
    close: async () => {
      await running.close();
      await env.close();
    },
  };
}
