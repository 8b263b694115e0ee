// What the study page's two uPlot charts (<curves-chart>, <lr-chart>) share: a `model` property
// that follows a StudyModel (redraw on every emit, follow-model-controller.ts), a chart host that
// owns the uPlot in the `.plot` box (shared/chart-host-controller.ts), and a first draw once the box
// is rendered. Each chart keeps only `refresh()`, its uPlot options and its drawing code.
import { LitElement } from 'lit';
import type { ChartHostController } from '../shared/chart-host-controller.js';
import { FollowModelController } from './follow-model-controller.js';
import type { StudyModel } from './study-model.js';

export abstract class ModelChart extends LitElement {
  protected readonly lifetime = new FollowModelController(this, () => this.refresh());
  protected abstract readonly chart: ChartHostController;

  /** The study data to draw; the chart redraws whenever the model emits. */
  get model(): StudyModel | null {
    return this.lifetime.model;
  }

  set model(model: StudyModel | null) {
    this.lifetime.model = model;
  }

  /** Rebuilds what is drawn from the model and hands it to uPlot. */
  abstract refresh(): void;

  protected override firstUpdated(): void {
    this.refresh();
  }
}
