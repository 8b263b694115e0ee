// The messages between a worker's main thread and one of its training threads (thread-pool.ts on
// the main side, thread-main.ts in the thread). A thread trains one trial at a time; every hook
// call waits for the main thread's reply, so an epoch is recorded and checkpointed before the next
// one starts, exactly as on one thread.
import type { TfjsBackendChoice } from '../../types/index.js';
import type { TrialHooks, TrialRun } from '../trial-runner.js';
import type { TrialOutcome } from '../training/train-trial.js';

export type HookName = Exclude<keyof TrialHooks, 'signal'>;

/** Main → thread. */
export type ToThread =
  | { type: 'init'; backend: TfjsBackendChoice }
  | { type: 'run'; run: TrialRun }
  | { type: 'abort' }
  | { type: 'reply'; callId: number; value?: unknown; error?: string };

/** Thread → main. */
export type FromThread =
  | { type: 'ready'; backend: string }
  | { type: 'call'; callId: number; hook: HookName; args: unknown[] }
  | { type: 'done'; outcome: TrialOutcome }
  | { type: 'failed'; message: string };
