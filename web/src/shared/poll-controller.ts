// A reactive controller that polls an async source while its host is connected (the studies
// list, the workers panel): one request at a time, the latest value or error kept for render,
// the timer stopped when the host leaves the page.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class PollController<T> implements ReactiveController {
  value: T | undefined = undefined;
  error: string | null = null;
  private readonly host: ReactiveControllerHost;
  private readonly load: () => Promise<T>;
  private readonly intervalMs: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private active = false;
  private inFlight = false;

  constructor(host: ReactiveControllerHost, load: () => Promise<T>, intervalMs: number) {
    this.host = host;
    this.load = load;
    this.intervalMs = intervalMs;
    host.addController(this);
  }

  hostConnected(): void {
    this.active = true;
    void this.tick();
  }

  hostDisconnected(): void {
    this.active = false;
    clearTimeout(this.timer);
  }

  /** Polls now (e.g. right after the user changed something). */
  refresh(): void {
    clearTimeout(this.timer);
    void this.tick();
  }

  private async tick(): Promise<void> {
    if (!this.active || this.inFlight) return;
    this.inFlight = true;
    try {
      this.value = await this.load();
      this.error = null;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.inFlight = false;
    }
    if (!this.active) return;
    this.host.requestUpdate();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), this.intervalMs);
  }
}
