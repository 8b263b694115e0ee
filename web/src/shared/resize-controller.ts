// A reactive controller that watches the size of one element of its host's shadow DOM (a chart's
// box) and calls back with its content width and height: it starts observing once the element has
// been rendered and stops when the host leaves the page.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ResizeController implements ReactiveController {
  private observer: ResizeObserver | null = null;
  private observed: Element | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly target: () => Element | null,
    private readonly onResize: (width: number, height: number) => void,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const el = this.target();
    if (!el || el === this.observed) return;
    this.observer?.disconnect();
    this.observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (box) this.onResize(box.width, box.height);
    });
    this.observer.observe(el);
    this.observed = el;
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.observed = null;
  }
}
