// TRIAL_THREADS: by default a trial gets the cores its worker leaves per concurrent trial, so a
// worker with one slot on a 2-core machine splits each trial across both; an explicit count wins,
// and a bad one is a ConfigError naming the variable and the rule.
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../config/env.js';

describe('TRIAL_THREADS', () => {
  const cores = availableParallelism();

  it('defaults to the cores per concurrent trial: 1 with a slot per core, every core with one slot', () => {
    expect(readConfig({}).trialThreads).toBe(1);
    expect(readConfig({ WORKER_CONCURRENCY: '1' }).trialThreads).toBe(cores);
    expect(readConfig({ WORKER_CONCURRENCY: String(cores * 4), TRIAL_THREADS: 'auto' }).trialThreads).toBe(1);
  });

  it('takes an explicit count and refuses a bad one with the rule', () => {
    expect(readConfig({ TRIAL_THREADS: '2' }).trialThreads).toBe(2);
    expect(() => readConfig({ TRIAL_THREADS: '0' })).toThrow(ConfigError);
    expect(() => readConfig({ TRIAL_THREADS: 'two' })).toThrow(/TRIAL_THREADS=two: must be an integer from 1 to 16/);
  });
});
