// Trials in worker threads (worker/trial-thread/): a thread trains exactly what this thread would,
// two threads train at once, an abort reaches the thread, and a thread that dies fails its trial
// with the reason while the pool (and this process) go on.
import { afterAll, describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../../types/index.js';
import { TrialThreadPool } from '../../worker/trial-thread/thread-pool.js';
import { runTrialHere, type TrialHooks, type TrialRun } from '../../worker/trial-runner.js';
import { selectBackend } from '../../worker/training/backend.js';
import { ADAM, NO_EARLY_STOPPING, TINY_LENET } from './training-fixtures.js';

const run = (overrides: Partial<TrialRun> = {}): TrialRun => ({
  dataset: 'synthetic', model: TINY_LENET, config: ADAM, epochs: 2, seed: 3, splitSeed: 3, trainSamples: 256, valSamples: 64,
  earlyStopping: NO_EARLY_STOPPING, evaluateTest: true, prune: false, keepFinalWeights: true, ...overrides,
});

/** Hooks that record what they were given (and when), answering as the train job would. */
function recordingHooks(signal = new AbortController().signal) {
  const seen = { epochs: [] as Array<{ metrics: EpochMetrics; at: number }>, checkpoints: [] as number[], finalWeights: 0 };
  const hooks: TrialHooks = {
    signal,
    onEpoch: async (metrics) => void seen.epochs.push({ metrics, at: performance.now() }),
    onCheckpoint: async (c) => void seen.checkpoints.push(c.epoch),
    shouldPrune: async () => null,
    onFinalWeights: async (bytes) => void (seen.finalWeights = bytes.byteLength),
  };
  return { seen, hooks };
}

const pools: TrialThreadPool[] = [];
const pool = (size: number, limits?: ConstructorParameters<typeof TrialThreadPool>[2], backend: 'cpu' | 'wasm' = 'cpu', trialThreads = 1) => {
  const p = new TrialThreadPool(size, backend, limits, trialThreads);
  pools.push(p);
  return p;
};
afterAll(async () => Promise.all(pools.map((p) => p.close())));

describe('training threads', () => {
  it('train exactly what this thread trains: the same epochs, checkpoints, final weights and test metrics', async () => {
    await selectBackend('cpu');
    const here = recordingHooks();
    const there = recordingHooks();
    const a = await runTrialHere(run(), here.hooks);
    const b = await pool(1).run(run(), there.hooks);
    expect(b.status).toBe('completed');
    expect(b.history).toEqual(a.history.map((m) => ({ ...m, seconds: expect.any(Number), samplesPerSec: expect.any(Number) })));
    expect(b.test).toEqual(a.test);
    expect(there.seen.checkpoints).toEqual([1, 2]);
    expect(there.seen.finalWeights).toBe(here.seen.finalWeights);
    expect(there.seen.epochs.map((e) => e.metrics.valLoss)).toEqual(here.seen.epochs.map((e) => e.metrics.valLoss));
  });

  it('split a trial\'s batches across two threads when given TRIAL_THREADS=2 (wasm), to the same result as one', async () => {
    const one = await pool(1, undefined, 'wasm').run(run(), recordingHooks().hooks);
    const two = await pool(1, undefined, 'wasm', 2).run(run(), recordingHooks().hooks);
    expect([one.threads, two.threads]).toEqual([1, 2]);
    expect(two.step).toBe('tapeless');
    two.history.forEach((m, i) => {
      expect(m.trainLoss!).toBeCloseTo(one.history[i]!.trainLoss!, 4);
      expect(m.valAcc).toBe(one.history[i]!.valAcc);
    });
  });

  it('train two trials at the same time in a pool of two', async () => {
    const p = pool(2);
    const first = recordingHooks();
    const second = recordingHooks();
    await Promise.all([p.run(run({ epochs: 3 }), first.hooks), p.run(run({ epochs: 3, seed: 4 }), second.hooks)]);
    expect(p.started).toBe(2);
    // Interleaved: each trial's first epoch ends before the other's last.
    expect(first.seen.epochs[0]!.at).toBeLessThan(second.seen.epochs.at(-1)!.at);
    expect(second.seen.epochs[0]!.at).toBeLessThan(first.seen.epochs.at(-1)!.at);
  });

  it('stop a trial whose signal is aborted, at its next batch, as cancelled', async () => {
    const abort = new AbortController();
    const { hooks, seen } = recordingHooks(abort.signal);
    hooks.onEpoch = async (metrics) => {
      seen.epochs.push({ metrics, at: 0 });
      abort.abort();
    };
    const outcome = await pool(1).run(run({ epochs: 5 }), hooks);
    expect(outcome.status).toBe('cancelled');
    expect(outcome.epochsDone).toBe(1);
  });

  it('fail the trial of a thread that dies, with the reason, and start a new thread for the next', async () => {
    // A heap far too small for tfjs: the thread runs out of memory (a real crash, not an error it catches).
    const p = pool(1, { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 });
    await expect(p.run(run(), recordingHooks().hooks)).rejects.toThrow(/training thread (crashed|exited|could not start)/);
    expect(p.started).toBe(0);
    await expect(p.run(run(), recordingHooks().hooks)).rejects.toThrow(/training thread/);
  });

  it('pass a hook\'s own error back to the caller', async () => {
    const { hooks } = recordingHooks();
    class StoreDown extends Error {}
    hooks.onCheckpoint = async () => {
      throw new StoreDown('Redis went away');
    };
    await expect(pool(1).run(run(), hooks)).rejects.toBeInstanceOf(StoreDown);
  });
});
