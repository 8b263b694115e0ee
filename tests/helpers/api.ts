// The one way tests talk to the app without a server: raw requests through `app.request()` typed
// by the contract (types/api.ts), the dashboard's real ApiClient wired to the same app, and event
// streams read with the dashboard's own SSE parser, so a test and the product read one answer alike.
import type { FieldIssue } from '../../types/index.js';
import { isTerminalStudyState } from '../../types/index.js';
import type { StudyResponse } from '../../types/api.js';
import { ApiClient, type ApiClientOptions } from '../../web/src/shared/api-client.js';
import { SseParser, type SseMessage } from '../../web/src/shared/sse-client.js';
import { waitFor, type WaitOptions } from './wait-for.js';

/** What the tests need of an app: `createApp(…)`'s Hono `request`, which runs a request without a server. */
export interface RequestTarget {
  request(input: RequestInfo | URL, init?: RequestInit): Response | Promise<Response>;
}

/** An answer read out once: its status and headers, its text, and that text as JSON (null when it is not JSON). */
export interface ApiAnswer<T> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json' };

/**
 * Sends one request to the app. An object body goes as JSON, a string body as it is (broken JSON,
 * other content types). `headers` replace the default, which is JSON's content type when there is
 * a body and nothing otherwise, so a test can send a wrong content type or none at all.
 */
export async function call<T = unknown>(app: RequestTarget, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer<T>> {
  const sent = headers ?? (body === undefined ? {} : { ...JSON_HEADERS });
  const res = await app.request(path, { method, headers: sent, body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = null;
  if (/json/.test(res.headers.get('content-type') ?? '')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

export const postJson = <T = unknown>(app: RequestTarget, path: string, body: unknown, headers?: Record<string, string>) => call<T>(app, 'POST', path, body, headers);

/** GET a 2xx JSON answer; any other answer fails the test with its status and text. */
export async function getJson<T>(app: RequestTarget, path: string): Promise<T> {
  const answer = await call<T>(app, 'GET', path);
  if (answer.status < 200 || answer.status > 299) throw new Error(`GET ${path} answered ${answer.status}: ${answer.text.slice(0, 500)}`);
  return answer.body;
}

/** POST /api/studies, which must answer 201: the stored study with its first stage planned. */
export async function postStudy(app: RequestTarget, spec: unknown): Promise<StudyResponse> {
  const answer = await postJson<StudyResponse>(app, '/api/studies', spec);
  if (answer.status !== 201) throw new Error(`POST /api/studies answered ${answer.status}: ${answer.text.slice(0, 500)}`);
  return answer.body;
}

/**
 * Posts a study and waits, reading it through the API, until a worker has ended it (completed,
 * failed or cancelled); answers the ended study. Needs a worker on the same Redis.
 */
export async function runStudy(app: RequestTarget, spec: unknown, timeoutMs = 120_000, options: WaitOptions = {}): Promise<StudyResponse> {
  const { id } = await postStudy(app, spec);
  return waitFor(`study ${id} to end`, async () => {
    const study = await getJson<StudyResponse>(app, `/api/studies/${id}`);
    return isTerminalStudyState(study.state) ? study : null;
  }, timeoutMs, options);
}

/** The field issues of an error answer (`error.details` when it is a list of them). */
export function errorIssues(body: { error: { details?: FieldIssue[] | Record<string, unknown> } }): FieldIssue[] {
  const details = body.error.details;
  return Array.isArray(details) ? details : [];
}

/** The dashboard's ApiClient (web/src/shared/api-client.ts) driving the app itself: the real client against the real routes. */
export function clientFor(app: RequestTarget, options: Omit<ApiClientOptions, 'fetch' | 'baseUrl'> = {}): ApiClient {
  return new ApiClient({ ...options, fetch: async (input, init) => app.request(input, init) });
}

/**
 * Reads an event-stream answer with the dashboard's SseParser until `until` accepts a message, the
 * stream ends or `timeoutMs` passes; returns every message read, that one included.
 */
export async function readSse(res: Response, until: (m: SseMessage) => boolean, timeoutMs = 60_000): Promise<SseMessage[]> {
  if (!res.body) throw new Error('response has no body');
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  const messages: SseMessage[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<{ done: true; value: undefined }>((resolve) => {
    timer = setTimeout(() => resolve({ done: true, value: undefined }), timeoutMs);
  });
  try {
    for (;;) {
      const chunk = await Promise.race([reader.read(), timedOut]);
      if (chunk.done) return messages;
      for (const message of parser.push(decoder.decode(chunk.value, { stream: true }))) {
        messages.push(message);
        if (until(message)) return messages;
      }
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => {});
  }
}
