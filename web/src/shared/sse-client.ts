// A Server-Sent Events client on fetch + ReadableStream, so the same code runs in the browser and
// in Node's tests (Node 20 has no EventSource). After a drop it reconnects itself and resumes
// after the last SSE `id` it saw — sent as the Last-Event-ID header, as EventSource does, and as
// `?lastEventId=` in the URL the caller builds (which survives proxies that drop the header);
// the server's stream ids make that gap-free.
// It stops for good on the caller's final message (`study-finished`), on a 4xx, or on close().

export interface SseMessage {
  /** The SSE `id` field, or null when the message had none (the server's hello and pings). */
  id: string | null;
  event: string;
  data: string;
}

export const SSE_STATES = {
  connecting: 'connecting',
  open: 'open',
  reconnecting: 'reconnecting',
  ended: 'ended',
  failed: 'failed',
  closed: 'closed',
} as const;
export type SseState = (typeof SSE_STATES)[keyof typeof SSE_STATES];

export interface ResumableSseOptions {
  /** The URL to (re)connect to, resuming after `lastEventId` when it is not null. */
  url: (lastEventId: string | null) => string;
  onMessage: (message: SseMessage) => void;
  onState?: (state: SseState, detail?: string) => void;
  /** True for the message after which the stream is complete: no reconnect follows it. */
  isFinal?: (message: SseMessage) => boolean;
  /** Asked when the server ends a stream cleanly before any final message: true means don't reconnect. */
  isComplete?: () => boolean;
  /** Start after this id (e.g. one kept from an earlier page). @defaultValue null */
  lastEventId?: string | null;
  /** Reconnect delay (doubling per failed try, up to maxRetryMs). @defaultValue the server's `retry:` field, else 1000 */
  retryMs?: number;
  /** @defaultValue 15000 */
  maxRetryMs?: number;
  /** A connection silent this long is presumed dead and replaced (the server pings every ~10 s). @defaultValue 30000 */
  idleTimeoutMs?: number;
  fetch?: typeof fetch;
}

/** Splits an SSE byte stream into messages, per the HTML spec's event-stream parsing rules. */
export class SseParser {
  private buffer = '';
  private id: string | null = null;
  private event = '';
  private data: string[] = [];
  private hasData = false;
  private afterCR = false;
  /** The last `retry:` value the server sent, in ms. */
  retryMs: number | null = null;

  /** Feeds decoded text; returns the messages it completed. */
  push(text: string): SseMessage[] {
    // A '\n' right after a '\r' that ended the previous chunk belongs to that line ending.
    if (this.afterCR && text.startsWith('\n')) text = text.slice(1);
    this.afterCR = false;
    this.buffer += text;
    const out: SseMessage[] = [];
    for (;;) {
      const nl = this.buffer.search(/\r\n|\r|\n/);
      if (nl < 0) break;
      const line = this.buffer.slice(0, nl);
      const crlf = this.buffer.startsWith('\r\n', nl);
      if (this.buffer[nl] === '\r' && !crlf && nl === this.buffer.length - 1) this.afterCR = true;
      this.buffer = this.buffer.slice(nl + (crlf ? 2 : 1));
      const m = this.line(line);
      if (m) out.push(m);
    }
    return out;
  }

  private line(line: string): SseMessage | null {
    if (line === '') {
      const message = this.hasData || this.event !== '' || this.id !== null ? { id: this.id, event: this.event || 'message', data: this.data.join('\n') } : null;
      this.id = null;
      this.event = '';
      this.data = [];
      this.hasData = false;
      return message;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'id':
        if (!value.includes('\0')) this.id = value;
        break;
      case 'event':
        this.event = value;
        break;
      case 'data':
        this.data.push(value);
        this.hasData = true;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      default:
        break;
    }
    return null;
  }
}

export class ResumableSseClient {
  private readonly options: ResumableSseOptions;
  private readonly fetchImpl: typeof fetch;
  private abort: AbortController | null = null;
  private stopped = false;
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private lastId: string | null;
  private stateValue: SseState = SSE_STATES.closed;
  /** Connections opened so far (the first one included). */
  connections = 0;

  constructor(options: ResumableSseOptions) {
    this.options = options;
    this.lastId = options.lastEventId ?? null;
    const f = options.fetch ?? globalThis.fetch;
    this.fetchImpl = (input, init) => f(input, init);
  }

  get lastEventId(): string | null {
    return this.lastId;
  }

  get state(): SseState {
    return this.stateValue;
  }

  /** Opens the stream; resolves when it has ended for good (final message, 4xx, or close()). */
  start(): Promise<void> {
    this.stopped = false;
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Closes the stream and stops reconnecting. */
  close(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.abort?.abort();
    this.wake?.();
    this.setState(SSE_STATES.closed);
  }

  /** Drops the current connection as a network failure would (the client then resumes by itself). */
  dropConnection(): void {
    this.abort?.abort();
  }

  private setState(state: SseState, detail?: string): void {
    this.stateValue = state;
    this.options.onState?.(state, detail);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }

  private async run(): Promise<void> {
    let serverRetry: number | null = null;
    // The caller's retryMs wins; without one the server's `retry:` field sets the delay, as in EventSource.
    const first = () => this.options.retryMs ?? serverRetry ?? 1000;
    const max = this.options.maxRetryMs ?? 15_000;
    let delay = first();
    while (!this.stopped) {
      this.setState(this.connections === 0 ? SSE_STATES.connecting : SSE_STATES.reconnecting);
      const outcome = await this.connectOnce();
      if (this.stopped) return;
      if (outcome.kind === 'final') {
        this.setState(SSE_STATES.ended);
        this.stopped = true;
        return;
      }
      if (outcome.kind === 'fatal') {
        this.setState(SSE_STATES.failed, outcome.detail);
        this.stopped = true;
        return;
      }
      if (outcome.kind === 'clean-end' && this.options.isComplete?.()) {
        this.setState(SSE_STATES.ended);
        this.stopped = true;
        return;
      }
      serverRetry = outcome.retryMs ?? serverRetry;
      // A connection that delivered events is retried after the first delay; failures in a row back off.
      delay = outcome.received ? first() : Math.min(max, Math.max(delay * 2, first()));
      this.setState(SSE_STATES.reconnecting, outcome.detail);
      await this.sleep(delay);
    }
  }

  private async connectOnce(): Promise<{ kind: 'final' | 'fatal' | 'clean-end' | 'dropped'; received: boolean; retryMs?: number | null; detail?: string }> {
    const abort = new AbortController();
    this.abort = abort;
    this.connections++;
    const parser = new SseParser();
    let received = false;
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const idleMs = this.options.idleTimeoutMs ?? 30_000;
    const armIdle = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => abort.abort(), idleMs);
    };
    try {
      armIdle();
      // The id goes in the URL (the caller's `url`) and, as EventSource would send it, in Last-Event-ID.
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (this.lastId !== null) headers['last-event-id'] = this.lastId;
      const res = await this.fetchImpl(this.options.url(this.lastId), {
        headers,
        cache: 'no-store',
        signal: abort.signal,
      });
      if (!res.ok || !res.body) {
        const text = await res.text().catch(() => '');
        const detail = `${res.status} ${text.slice(0, 200)}`.trim();
        // 4xx other than 429 will not get better by asking again.
        if (res.status >= 400 && res.status < 500 && res.status !== 429) return { kind: 'fatal', received, detail };
        return { kind: 'dropped', received, detail };
      }
      this.setState(SSE_STATES.open);
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        armIdle();
        for (const message of parser.push(decoder.decode(value, { stream: true }))) {
          if (this.stopped) return { kind: 'dropped', received };
          if (message.id !== null) {
            this.lastId = message.id;
            received = true;
          }
          this.options.onMessage(message);
          if (this.options.isFinal?.(message)) {
            abort.abort();
            return { kind: 'final', received };
          }
        }
      }
      return { kind: 'clean-end', received, retryMs: parser.retryMs };
    } catch (err) {
      return { kind: 'dropped', received, retryMs: parser.retryMs, detail: err instanceof Error ? err.message : String(err) };
    } finally {
      clearTimeout(idleTimer);
      if (this.abort === abort) this.abort = null;
    }
  }
}
