// What a process says while its Redis is away: one line when the first connection error comes
// (which URL, what to do), then at most one line every `everyMs` while it stays down, and one line
// when it is back. Every client of the process (ioredis, BullMQ workers, queues) reports here, so
// an outage is a few readable lines instead of one ECONNREFUSED per client per retry.
import type { EventEmitter } from 'node:events';

export interface RedisOutageOptions {
  url: string;
  log: (line: string) => void;
  /** @defaultValue 10000 */
  everyMs?: number;
  now?: () => number;
}

/** The URL as it may be printed: the password replaced by `***`. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

export class RedisOutage {
  private downSince: number | null = null;
  private lastLine = 0;
  private lastMessage = '';
  private readonly everyMs: number;
  private readonly now: () => number;
  readonly url: string;

  constructor(private readonly options: RedisOutageOptions) {
    this.everyMs = options.everyMs ?? 10_000;
    this.now = options.now ?? Date.now;
    this.url = redactRedisUrl(options.url);
  }

  get down(): boolean {
    return this.downSince !== null;
  }

  /** The last connection error's message, while down. */
  get reason(): string | null {
    return this.down ? this.lastMessage : null;
  }

  /** A connection error from any client of this process. */
  error(err: Error): void {
    const t = this.now();
    this.lastMessage = err.message;
    if (this.downSince === null) {
      this.downSince = t;
      this.lastLine = t;
      this.options.log(`Redis at ${this.url} is unreachable (${err.message}); retrying with backoff. Start Redis there or set REDIS_URL to one that runs.`);
      return;
    }
    if (t - this.lastLine >= this.everyMs) {
      this.lastLine = t;
      this.options.log(`Redis at ${this.url} still unreachable after ${Math.round((t - this.downSince) / 1000)} s (${err.message}); retrying`);
    }
  }

  /** A client (re)connected. */
  ready(): void {
    if (this.downSince === null) return;
    const s = Math.round((this.now() - this.downSince) / 1000);
    this.downSince = null;
    this.options.log(`Redis at ${this.url} is back after ${s} s; resuming`);
  }

  /** Routes an emitter's `error` (and, for ioredis clients, `ready`) events here. */
  watch(emitter: EventEmitter, { ready = false }: { ready?: boolean } = {}): void {
    emitter.on('error', (e: Error) => this.error(e));
    if (ready) emitter.on('ready', () => this.ready());
  }
}
