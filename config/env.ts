// Configuration from the environment, in one table with documented defaults (the README's
// configuration section is written from this file). Every process reads it once at start.
import { availableParallelism } from 'node:os';
import { TFJS_BACKENDS, type TfjsBackendChoice } from '../types/index.js';
import { JOB_TIMINGS } from './job-timings.js';
import { DEFAULT_DEPLOYMENT_LIMITS, type DeploymentLimits } from '../search/deployment-limits.js';

export interface AppConfig {
  /** Redis to use; unset means 127.0.0.1:6379 if it answers, else a private redis-server (npm start). */
  redisUrl: string | null;
  port: number;
  host: string;
  /** When set, every write (POST, DELETE) needs `Authorization: Bearer <token>`. */
  apiToken: string | null;
  tfjsBackend: TfjsBackendChoice;
  /** Trials one worker trains at once. @defaultValue the machine's cores (os.availableParallelism()) */
  workerConcurrency: number;
  /** Each running trial in a thread of its own (off: all on the worker's thread; the tensorflow backend never uses them). @defaultValue true */
  workerThreads: boolean;
  /**
   * Threads one trial's batches are split across (data-parallel, wasm only; TRIAL_THREADS).
   * @defaultValue the cores left per trial: max(1, ⌊cores / WORKER_CONCURRENCY⌋), so 1 unless
   * WORKER_CONCURRENCY is below the core count
   */
  trialThreads: number;
  /** Where `npm start` keeps the data of the redis-server it starts itself. */
  dataDir: string;
  maxBodyBytes: number;
  maxSseStreams: number;
  /** BullMQ lock on a running job; a killed worker's trial moves on after about lock + stall interval. */
  jobLockMs: number;
  jobStalledIntervalMs: number;
  /** On SIGINT/SIGTERM a running trial gets this long to finish its epoch before it stops at a batch (SHUTDOWN_GRACE_MS). */
  shutdownGraceMs: number;
  /** What one study may ask of this server (MAX_TRIALS_PER_STUDY, MAX_EPOCHS_PER_STAGE, MAX_TRAIN_SAMPLES). */
  limits: DeploymentLimits;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw new ConfigError(`${name}=${raw}: must be an integer from ${min} to ${max}`);
  return v;
}

function boolVar(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new ConfigError(`${name}=${raw}: must be 1 or 0 (true or false)`);
}

/** TRIAL_THREADS: an integer from 1 to 16, or `auto` (default): the cores left per concurrent trial. */
function trialThreadsVar(env: NodeJS.ProcessEnv, concurrency: number): number {
  const raw = env.TRIAL_THREADS;
  if (raw === undefined || raw === '' || raw === 'auto') return Math.max(1, Math.floor(availableParallelism() / concurrency));
  return intVar(env, 'TRIAL_THREADS', 1, 1, 16);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const backend = (env.TFJS_BACKEND || 'auto') as TfjsBackendChoice;
  if (!TFJS_BACKENDS.includes(backend)) throw new ConfigError(`TFJS_BACKEND=${env.TFJS_BACKEND}: must be one of ${TFJS_BACKENDS.join(', ')}`);
  const apiToken = env.API_TOKEN ? env.API_TOKEN : null;
  return {
    redisUrl: env.REDIS_URL || null,
    port: intVar(env, 'PORT', 8787, 0, 65535),
    host: env.HOST || (apiToken ? '0.0.0.0' : '127.0.0.1'),
    apiToken,
    tfjsBackend: backend,
    workerConcurrency: intVar(env, 'WORKER_CONCURRENCY', availableParallelism(), 1, 64),
    workerThreads: boolVar(env, 'WORKER_THREADS', true),
    trialThreads: trialThreadsVar(env, intVar(env, 'WORKER_CONCURRENCY', availableParallelism(), 1, 64)),
    dataDir: env.DATA_DIR || '.data',
    maxBodyBytes: intVar(env, 'MAX_BODY_BYTES', 256 * 1024, 1024, 64 * 1024 * 1024),
    maxSseStreams: intVar(env, 'MAX_SSE_STREAMS', 200, 1, 100_000),
    jobLockMs: intVar(env, 'JOB_LOCK_MS', JOB_TIMINGS.lockDurationMs, 1000, 3_600_000),
    jobStalledIntervalMs: intVar(env, 'JOB_STALLED_INTERVAL_MS', JOB_TIMINGS.stalledIntervalMs, 500, 3_600_000),
    shutdownGraceMs: intVar(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    limits: {
      maxTrialsPerStudy: intVar(env, 'MAX_TRIALS_PER_STUDY', DEFAULT_DEPLOYMENT_LIMITS.maxTrialsPerStudy, 1, DEFAULT_DEPLOYMENT_LIMITS.maxTrialsPerStudy),
      maxEpochsPerStage: intVar(env, 'MAX_EPOCHS_PER_STAGE', DEFAULT_DEPLOYMENT_LIMITS.maxEpochsPerStage, 1, DEFAULT_DEPLOYMENT_LIMITS.maxEpochsPerStage),
      maxTrainSamples: intVar(env, 'MAX_TRAIN_SAMPLES', DEFAULT_DEPLOYMENT_LIMITS.maxTrainSamples, 1, DEFAULT_DEPLOYMENT_LIMITS.maxTrainSamples),
    },
  };
}
