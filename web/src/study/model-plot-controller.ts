// The lifetime a model-driven chart shares: follow a StudyModel while connected (redraw on every
// emit), and watch the plot box for size changes once it exists. One reactive controller, so each
// chart element keeps only its drawing code.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { StudyModel } from './study-model.js';

export class ModelPlotController implements ReactiveController {
  private current: StudyModel | null = null;
  private unsubscribe: (() => void) | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private connected = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly onChange: () => void,
  ) {
    host.addController(this);
  }

  get model(): StudyModel | null {
    return this.current;
  }

  /** Follows `model` from now on (and stops following the previous one); redraws at once. */
  set model(model: StudyModel | null) {
    if (model === this.current) return;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.current = model;
    if (this.connected) this.follow();
    this.onChange();
  }

  /** Calls `onResize` whenever `box` changes size, until the host disconnects. */
  observeResize(box: HTMLElement, onResize: () => void): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = new ResizeObserver(onResize);
    this.resizeObserver.observe(box);
  }

  hostConnected(): void {
    this.connected = true;
    this.follow();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
  }

  private follow(): void {
    if (this.current && !this.unsubscribe) this.unsubscribe = this.current.subscribe(() => this.onChange());
  }
}
