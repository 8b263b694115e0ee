// The main side of the training threads: a pool of `size` worker threads (one per trial slot,
// started on first use and kept, so each loads its backend and data once), each training one
// trial at a time. A run's hooks are called here, on the main thread, in the order the thread
// asks; an aborted signal is forwarded. A thread that dies (an uncaught error, running out of
// memory) fails the run it had with the reason, and the pool replaces it: the worker goes on.
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { TfjsBackendChoice } from '../../types/index.js';
import type { TrialHooks, TrialRun, TrialRunner } from '../trial-runner.js';
import type { TrialOutcome } from '../training/train-trial.js';
import type { FromThread, ToThread } from './protocol.js';

const BOOT = new URL('./boot.mjs', import.meta.url);
const ENTRY = new URL('./thread-main.ts', import.meta.url).href;

/** One thread and the run it has, if any. */
class TrainingThread {
  private readonly worker: Worker;
  private readonly ready: Promise<void>;
  private current: { resolve: (o: TrialOutcome) => void; reject: (e: Error) => void; hooks: TrialHooks; hookError?: unknown } | null = null;
  dead = false;

  constructor(backend: TfjsBackendChoice, resourceLimits: ResourceLimits | undefined, private readonly onDeath: (t: TrainingThread) => void) {
    this.worker = new Worker(BOOT, { workerData: { entry: ENTRY }, name: 'trial-thread', resourceLimits });
    this.ready = new Promise<void>((resolve, reject) => {
      const onReady = (m: FromThread) => {
        if (m.type === 'ready') resolve();
        else if (m.type === 'failed') reject(new Error(`the training thread could not start: ${m.message}`));
        else return;
        this.worker.off('message', onReady);
      };
      this.worker.on('message', onReady);
      this.worker.once('error', (err) => reject(new Error(`the training thread crashed: ${err.message}`)));
      this.worker.once('exit', (code) => reject(new Error(`the training thread exited with code ${code} while starting`)));
    });
    this.ready.catch(() => {}); // a failed start is reported to the run that waits on it
    this.worker.on('message', (m: FromThread) => this.onMessage(m));
    this.worker.on('error', (err) => this.die(`the training thread crashed: ${err.message}`));
    this.worker.on('exit', (code) => this.die(`the training thread exited with code ${code}`));
    this.post({ type: 'init', backend });
  }

  /** Taken by a run (from the moment the pool hands it out, while it may still be starting). */
  busy = false;

  async run(run: TrialRun, hooks: TrialHooks): Promise<TrialOutcome> {
    this.busy = true;
    try {
      await this.ready;
      if (this.dead) throw new Error('the training thread is gone');
      return await this.train(run, hooks);
    } finally {
      this.busy = false;
    }
  }

  private train(run: TrialRun, hooks: TrialHooks): Promise<TrialOutcome> {
    return new Promise<TrialOutcome>((resolve, reject) => {
      this.current = { resolve, reject, hooks };
      const onAbort = () => this.post({ type: 'abort' });
      if (hooks.signal.aborted) onAbort();
      else hooks.signal.addEventListener('abort', onAbort, { once: true });
      const settle = () => hooks.signal.removeEventListener('abort', onAbort);
      this.current.resolve = (o) => (settle(), resolve(o));
      this.current.reject = (e) => (settle(), reject(e));
      this.post({ type: 'run', run });
    });
  }

  async terminate(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }

  private post(m: ToThread): void {
    if (!this.dead) this.worker.postMessage(m);
  }

  private onMessage(m: FromThread): void {
    const cur = this.current;
    if (m.type === 'ready' || !cur) return;
    if (m.type === 'done' || m.type === 'failed') {
      this.current = null;
      if (m.type === 'done') cur.resolve(m.outcome);
      // A hook's own error (a Redis write that failed, a study deleted) keeps its type, as on one thread.
      else cur.reject(cur.hookError instanceof Error ? cur.hookError : new Error(m.message));
      return;
    }
    // A hook: call it here, answer with its value (or its error, which fails the run in the thread).
    const hook = cur.hooks[m.hook] as (...args: unknown[]) => Promise<unknown>;
    hook(...m.args).then(
      (value) => this.post({ type: 'reply', callId: m.callId, value }),
      (err: unknown) => {
        cur.hookError ??= err;
        this.post({ type: 'reply', callId: m.callId, error: err instanceof Error ? err.message : String(err) });
      },
    );
  }

  private die(reason: string): void {
    if (this.dead) return;
    this.dead = true;
    const cur = this.current;
    this.current = null;
    cur?.reject(new Error(reason));
    void this.worker.terminate();
    this.onDeath(this);
  }
}

export class TrialThreadPool implements TrialRunner {
  readonly kind = 'threads' as const;
  private threads: TrainingThread[] = [];

  /**
   * @param size the most trials trained at once (the worker's concurrency).
   * @param resourceLimits each thread's heap limits (Node's; default none).
   * @param trialThreads threads each trial's batches are split across (data-parallel): the
   *   trial's own thread and trialThreads − 1 helpers it starts (wasm only).
   */
  constructor(
    readonly size: number,
    private readonly backend: TfjsBackendChoice,
    private readonly resourceLimits?: ResourceLimits,
    readonly trialThreads = 1,
  ) {}

  async run(run: TrialRun, hooks: TrialHooks): Promise<TrialOutcome> {
    const thread = this.threads.find((t) => !t.busy && !t.dead) ?? this.spawn();
    return thread.run({ ...run, threads: run.threads ?? this.trialThreads }, hooks);
  }

  /** Threads alive now (started on first use). */
  get started(): number {
    return this.threads.length;
  }

  async close(): Promise<void> {
    const threads = this.threads;
    this.threads = [];
    await Promise.all(threads.map((t) => t.terminate()));
  }

  private spawn(): TrainingThread {
    if (this.threads.length >= this.size) throw new Error(`all ${this.size} training threads are busy`);
    const thread = new TrainingThread(this.backend, this.resourceLimits, (dead) => {
      this.threads = this.threads.filter((t) => t !== dead);
    });
    this.threads.push(thread);
    return thread;
  }
}
