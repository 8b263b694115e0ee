// Waiting on a condition, with a deadline whose error names what was waited for (and, when the
// test keeps one, the log of the process it waited on).
import type { StudyRecord } from '../../types/index.js';
import { isTerminalStudyState } from '../../types/index.js';

export interface WaitOptions {
  /** @defaultValue 100 */
  everyMs?: number;
  /** What to add to the timeout's message, e.g. a worker's log. @defaultValue nothing */
  log?: () => string;
}

export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 120_000, { everyMs = 100, log }: WaitOptions = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => null);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${log ? `\nlog:\n${log()}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A check for waitFor: the study once it has ended (completed, failed or cancelled), else null. */
export function studyEnded(store: { getStudy(id: string): Promise<StudyRecord | null> }, id: string): () => Promise<StudyRecord | null> {
  return async () => {
    const s = await store.getStudy(id);
    return s && isTerminalStudyState(s.state) ? s : null;
  };
}

/** A fetch that gives up after `ms`, so a hanging route fails the test by name instead of hanging it. */
export function fetchWithin(url: string, ms: number, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(ms) }).catch((err: unknown) => {
    throw new Error(`${init.method ?? 'GET'} ${url} gave no answer within ${ms} ms (${(err as Error).message})`);
  });
}
