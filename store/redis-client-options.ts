// How each kind of process talks to Redis while it may be away.
// - Workers (and their BullMQ connections) wait: `maxRetriesPerRequest: null` queues commands
//   across a reconnect, which BullMQ's blocking clients need, and a trial just pauses.
// - The API must answer: its commands fail after one reconnect attempt or a command timeout, so a
//   route answers 503 within a bounded time instead of hanging (see api/redis-gate.ts).
import type { RedisOptions } from 'ioredis';

/** Longest a single API command may take before it fails. */
export const API_COMMAND_TIMEOUT_MS = 5_000;

export const WORKER_REDIS_OPTIONS: RedisOptions = { maxRetriesPerRequest: null };

export const API_REDIS_OPTIONS: RedisOptions = {
  maxRetriesPerRequest: 1,
  commandTimeout: API_COMMAND_TIMEOUT_MS,
  // ioredis' default backoff (50 ms per attempt, at most 2 s) keeps retrying for ever.
};

/** For BullMQ producers in the API (queueing a stage, removing jobs): fail at once while disconnected. */
export const API_QUEUE_OPTIONS: RedisOptions = { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: API_COMMAND_TIMEOUT_MS };
