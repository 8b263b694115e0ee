// A reactive controller that tells a reader a table scrolls sideways. A wide table on a phone
// scrolls inside its `.table-wrap`, and nothing else says so; this controller watches every
// `.table-wrap` in its host's shadow root (its size, its table's size and its scroll position)
// and writes which edges hide more columns into `data-more` ("right", "left", "both"; absent when
// everything fits). The shared styles (element-styles.ts) fade the edges it names. Listeners and
// the observer live while the host is on the page.
import type { ReactiveController, ReactiveElement } from 'lit';

/** Which edges of a scroll box hide content: '' when it all fits. */
export type HiddenEdges = '' | 'left' | 'right' | 'both';

/** The edges hiding content, for a box `clientWidth` wide showing `scrollWidth` from `scrollLeft` (1 px of slack for rounding). */
export function hiddenEdges(scrollLeft: number, clientWidth: number, scrollWidth: number): HiddenEdges {
  const left = scrollLeft > 1;
  const right = scrollLeft + clientWidth < scrollWidth - 1;
  return left && right ? 'both' : left ? 'left' : right ? 'right' : '';
}

export class ScrollHintController implements ReactiveController {
  private readonly watched = new Set<HTMLElement>();
  private observer: ResizeObserver | null = null;
  private readonly onScroll = (e: Event) => this.mark(e.currentTarget as HTMLElement);

  constructor(private readonly host: ReactiveElement) {
    host.addController(this);
  }

  hostUpdated(): void {
    const root = this.host.renderRoot as ParentNode | undefined;
    const boxes = new Set(root?.querySelectorAll<HTMLElement>('.table-wrap') ?? []);
    for (const box of this.watched) if (!boxes.has(box)) this.unwatch(box);
    this.observer ??= new ResizeObserver((entries) => {
      for (const e of entries) this.mark((e.target.closest('.table-wrap') as HTMLElement | null) ?? (e.target as HTMLElement));
    });
    for (const box of boxes) {
      if (!this.watched.has(box)) {
        this.watched.add(box);
        box.addEventListener('scroll', this.onScroll, { passive: true });
        this.observer.observe(box);
        const table = box.querySelector('table');
        if (table) this.observer.observe(table);
      }
      this.mark(box);
    }
  }

  hostDisconnected(): void {
    for (const box of [...this.watched]) this.unwatch(box);
    this.observer?.disconnect();
    this.observer = null;
  }

  private unwatch(box: HTMLElement): void {
    box.removeEventListener('scroll', this.onScroll);
    this.watched.delete(box);
  }

  private mark(box: HTMLElement): void {
    const edges = hiddenEdges(box.scrollLeft, box.clientWidth, box.scrollWidth);
    if (edges) box.dataset.more = edges;
    else delete box.dataset.more;
  }
}
