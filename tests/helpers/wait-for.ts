// Waiting on a condition, with a deadline whose error names what was waited for.
export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 120_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => null);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A fetch that gives up after `ms`, so a hanging route fails the test by name instead of hanging it. */
export function fetchWithin(url: string, ms: number, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(ms) }).catch((err: unknown) => {
    throw new Error(`${init.method ?? 'GET'} ${url} gave no answer within ${ms} ms (${(err as Error).message})`);
  });
}
