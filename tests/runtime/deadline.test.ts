import { describe, expect, it } from 'vitest';
import { DeadlineError, settleWithin, withDeadline } from '../../runtime/deadline.js';

describe('withDeadline', () => {
  it('passes a value that comes in time through', async () => {
    expect(await withDeadline(Promise.resolve(3), 1000, 'three')).toBe(3);
  });
  it('rejects with a DeadlineError naming what never came', async () => {
    const never = new Promise<never>(() => {});
    const err = await withDeadline(never, 20, 'the blocking client').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeadlineError);
    expect((err as Error).message).toBe('the blocking client did not finish within 20 ms');
  });
  it('passes a rejection through unchanged', async () => {
    await expect(withDeadline(Promise.reject(new Error('boom')), 1000, 'x')).rejects.toThrow('boom');
  });
});

describe('settleWithin', () => {
  it("says 'done' for a promise that resolves or rejects, 'timeout' for one that hangs", async () => {
    expect(await settleWithin(Promise.resolve(), 100)).toBe('done');
    expect(await settleWithin(Promise.reject(new Error('no')), 100)).toBe('done');
    expect(await settleWithin(new Promise(() => {}), 20)).toBe('timeout');
  });
});
