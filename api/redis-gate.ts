// Redis away is a state the API reports, not a hang: routes that need Redis wait a moment for a
// connection that is (re)connecting, then answer 503 `redis_unavailable`; an error thrown while the
// connection is down (a command cut off mid-request) is rendered as the same 503 by onError.
import type { MiddlewareHandler } from 'hono';
import type { Redis } from 'ioredis';
import { DeadlineError } from '../runtime/deadline.js';
import { HttpError } from './http-error.js';

/** How long a request waits for a reconnecting Redis before it gets its 503. */
export const REDIS_WAIT_MS = 1_000;

export function whereRedis(redis: Redis): string {
  const o = redis.options;
  return o.path ? o.path : `${o.host ?? '127.0.0.1'}:${o.port ?? 6379}`;
}

export function redisUnavailable(redis: Redis, detail?: string): HttpError {
  return new HttpError(
    503,
    'redis_unavailable',
    `Redis at ${whereRedis(redis)} is unreachable${detail ? ` (${detail})` : ''}; the API answers again as soon as it is back (GET /healthz tells)`,
  );
}

/** Resolves true once the client is ready, false after `ms`. */
export function readyWithin(redis: Redis, ms: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  if (redis.status === 'end') return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    redis.on('ready', onReady);
  });
}

/** Middleware for routes that read or write Redis. */
export function requireRedis(redis: Redis, waitMs = REDIS_WAIT_MS): MiddlewareHandler {
  return async (_c, next) => {
    if (!(await readyWithin(redis, waitMs))) throw redisUnavailable(redis, `connection ${redis.status}`);
    await next();
  };
}

const CONNECTION_ERROR = /Connection is closed|Command timed out|max retries per request|Stream isn't writeable|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT/i;

/** The 503 an unexpected error stands for when it came from a lost Redis connection; else null. */
export function redisErrorAsHttp(err: unknown, redis: Redis): HttpError | null {
  if (err instanceof HttpError || !(err instanceof Error)) return null;
  if (err instanceof DeadlineError || CONNECTION_ERROR.test(err.message) || err.name === 'MaxRetriesPerRequestError' || redis.status !== 'ready') {
    return redisUnavailable(redis, err.message);
  }
  return null;
}
