// The dashboard's SSE client without a server: parsing per the event-stream rules, resuming after
// the last id when a connection drops, and giving up on answers that will not get better.
import { describe, expect, it } from 'vitest';
import { ResumableSseClient, SSE_STATES, SseParser, type SseMessage } from '../../web/src/shared/sse-client.js';

/** A fetch whose n-th call answers with the n-th script: chunks of text, then an end or an error. */
function scriptedFetch(scripts: Array<{ status?: number; chunks: string[]; end: 'close' | 'error' }>) {
  const urls: string[] = [];
  const fetchImpl = (async (input: RequestInfo | URL) => {
    urls.push(String(input));
    const script = scripts[urls.length - 1];
    if (!script) return new Response('gone', { status: 404 });
    if (script.status && script.status !== 200) return new Response('{"error":{"code":"x","message":"no"}}', { status: script.status });
    // One chunk per read, then the end (an error after queued chunks would discard them unread).
    const chunks = [...script.chunks];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const c = chunks.shift();
        if (c !== undefined) controller.enqueue(new TextEncoder().encode(c));
        else if (script.end === 'close') controller.close();
        else controller.error(new Error('socket hang up'));
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as typeof fetch;
  return { fetchImpl, urls };
}

describe('SseParser', () => {
  it('reads id, event and multi-line data, across chunk boundaries and any line ending', () => {
    const p = new SseParser();
    const out: SseMessage[] = [];
    for (const chunk of ['retry: 2000\r\n: a comment\r\nid: 1-0\r', '\nevent: epoch\ndata: {"a":', '1}\ndata: x\n', '\nevent: ping\ndata: {}\r\r']) out.push(...p.push(chunk));
    expect(out).toEqual([
      { id: '1-0', event: 'epoch', data: '{"a":1}\nx' },
      { id: null, event: 'ping', data: '{}' },
    ]);
    expect(p.retryMs).toBe(2000);
  });

  it('names a message without an event field "message" and ignores unknown fields', () => {
    const p = new SseParser();
    expect(p.push('foo: bar\ndata:no space\n\n')).toEqual([{ id: null, event: 'message', data: 'no space' }]);
  });
});

describe('ResumableSseClient', () => {
  it('resumes after the last id it saw when a connection drops, and stops at the final message', async () => {
    const { fetchImpl, urls } = scriptedFetch([
      { chunks: ['event: hello\ndata: {}\n\n', 'id: 1-0\nevent: epoch\ndata: 1\n\n', 'id: 2-0\nevent: epoch\ndata: 2\n\nid: 3-0\nevent: ep'], end: 'error' },
      { chunks: ['id: 3-0\nevent: epoch\ndata: 3\n\n'], end: 'close' },
      { chunks: ['id: 4-0\nevent: study-finished\ndata: {}\n\n', 'id: 5-0\nevent: never\ndata: {}\n\n'], end: 'close' },
    ]);
    const seen: SseMessage[] = [];
    const states: string[] = [];
    const client = new ResumableSseClient({
      url: (last) => `http://x/events${last ? `?lastEventId=${last}` : ''}`,
      onMessage: (m) => seen.push(m),
      onState: (s) => states.push(s),
      isFinal: (m) => m.event === 'study-finished',
      retryMs: 1,
      fetch: fetchImpl,
    });
    await client.start();
    expect(urls).toEqual(['http://x/events', 'http://x/events?lastEventId=2-0', 'http://x/events?lastEventId=3-0']);
    expect(seen.filter((m) => m.id).map((m) => m.id)).toEqual(['1-0', '2-0', '3-0', '4-0']);
    expect(client.state).toBe(SSE_STATES.ended);
    expect(states).toContain(SSE_STATES.reconnecting);
    expect(client.connections).toBe(3);
  });

  it('does not reconnect after a clean end once the caller says the stream is complete', async () => {
    const { fetchImpl, urls } = scriptedFetch([{ chunks: ['id: 7-0\nevent: study-state\ndata: {}\n\n'], end: 'close' }]);
    const client = new ResumableSseClient({ url: () => 'http://x/e', onMessage: () => {}, isComplete: () => true, retryMs: 1, fetch: fetchImpl });
    await client.start();
    expect(urls).toHaveLength(1);
    expect(client.state).toBe(SSE_STATES.ended);
  });

  it('gives up on a 404 instead of retrying, and retries a 503', async () => {
    const gone = scriptedFetch([{ status: 404, chunks: [], end: 'close' }]);
    const a = new ResumableSseClient({ url: () => 'http://x/e', onMessage: () => {}, retryMs: 1, fetch: gone.fetchImpl });
    await a.start();
    expect(a.state).toBe(SSE_STATES.failed);
    expect(gone.urls).toHaveLength(1);

    const busy = scriptedFetch([
      { status: 503, chunks: [], end: 'close' },
      { chunks: ['id: 1-0\nevent: study-finished\ndata: {}\n\n'], end: 'close' },
    ]);
    const b = new ResumableSseClient({ url: () => 'http://x/e', onMessage: () => {}, isFinal: (m) => m.event === 'study-finished', retryMs: 1, fetch: busy.fetchImpl });
    await b.start();
    expect(b.state).toBe(SSE_STATES.ended);
    expect(busy.urls).toHaveLength(2);
  });

  it('stops for good on close(), even while waiting to reconnect', async () => {
    const { fetchImpl, urls } = scriptedFetch([{ chunks: [], end: 'error' }]);
    const client = new ResumableSseClient({ url: () => 'http://x/e', onMessage: () => {}, retryMs: 10_000, fetch: fetchImpl });
    const done = client.start();
    await new Promise((r) => setTimeout(r, 20));
    client.close();
    await done;
    expect(client.state).toBe(SSE_STATES.closed);
    expect(urls).toHaveLength(1);
  });
});
