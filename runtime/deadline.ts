// Bounding waits on things that may never answer. BullMQ's `Worker.close()` and ioredis commands
// queued under `maxRetriesPerRequest: null` can wait forever while Redis is away (bullmq#4656), so
// every shutdown step and every API read races a deadline of its own.

export class DeadlineError extends Error {
  override name = 'DeadlineError';
  constructor(readonly what: string, readonly ms: number) {
    super(`${what} did not finish within ${ms} ms`);
  }
}

/** `promise`, or a DeadlineError naming `what` once `ms` have passed. The timer never holds the process open. */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(what, ms)), ms);
    timer.unref?.();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Waits for `promise` at most `ms`: 'done' (resolved or rejected) or 'timeout'. Never throws. */
export async function settleWithin(promise: Promise<unknown>, ms: number): Promise<'done' | 'timeout'> {
  try {
    await withDeadline(promise, ms, 'step');
    return 'done';
  } catch (err) {
    return err instanceof DeadlineError ? 'timeout' : 'done';
  }
}
