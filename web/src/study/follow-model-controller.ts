// The lifetime a model-driven chart shares: follow a StudyModel while the element is on the page
// and redraw on every emit. One reactive controller, so each chart element keeps only its drawing
// code (its box, size and uPlot belong to the chart host, shared/chart-host-controller.ts).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { StudyModel } from './study-model.js';

export class FollowModelController implements ReactiveController {
  private current: StudyModel | null = null;
  private unsubscribe: (() => void) | null = null;
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

  hostConnected(): void {
    this.connected = true;
    this.follow();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private follow(): void {
    if (this.current && !this.unsubscribe) this.unsubscribe = this.current.subscribe(() => this.onChange());
  }
}
