// <compare-chart>: one line per study on a shared x axis — the compare page's best curves (val
// metric per epoch of each study's best trial) and its best-so-far against cumulative epochs
// (drawn as steps: the best changes only when an epoch beats it). A uPlot owned by a
// ChartHostController; the lines take the studies' colours (shared/chart-colors.ts STUDY_COLORS),
// the axes the theme's (shared/theme.css, through the host). Hovering reads every line's value at
// that x in uPlot's legend.
import { css, html, LitElement, nothing } from 'lit';
import uPlot from 'uplot';
import type { MetricName } from '../../../types/index.js';
import { ChartHostController } from '../shared/chart-host-controller.js';
import { formatMetric } from '../shared/format.js';
import { plotBoxStyles, uplotStyles } from '../shared/uplot-styles.js';
import { alignSeries, type Series } from './compare-data.js';

/** Tick spacings of the x axis, which counts whole epochs: 1, 2, 5, 10, 20, 50, … */
const EPOCH_STEPS = Array.from({ length: 18 }, (_, i) => [1, 2, 5][i % 3]! * 10 ** Math.floor(i / 3));

/** One study's line. */
export interface CompareLine extends Series {
  label: string;
  color: string;
}

export class CompareChart extends LitElement {
  static override properties = { lines: { attribute: false }, metric: { type: String }, xLabel: { type: String, attribute: 'x-label' }, stepped: { type: Boolean } };

  static override styles = [
    uplotStyles,
    plotBoxStyles,
    css`
      .u-legend { font-size: 0.8rem; color: var(--ink-muted); }
    `,
  ];

  lines: CompareLine[] = [];
  metric: MetricName = 'val_acc';
  xLabel = 'epoch';
  stepped = false;
  private readonly chart = new ChartHostController(this, { box: '.plot', plotHeight: (width) => (width < 480 ? 220 : 280), onResize: () => this.draw() });

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('lines') || changed.has('metric') || changed.has('stepped')) this.draw();
  }

  private draw(): void {
    if (!this.chart.box || !this.isConnected) return;
    this.dataset.series = String(this.lines.filter((l) => l.x.length > 0).length);
    this.dataset.points = String(this.lines.reduce((n, l) => n + l.y.filter((v) => v !== null).length, 0));
    this.chart.create(this.options(), alignSeries(this.lines) as uPlot.AlignedData);
  }

  private options(): Omit<uPlot.Options, 'width' | 'height'> {
    const theme = this.chart.theme();
    const metric = this.metric;
    const axis = { stroke: theme.tickLabel, labelSize: 18 };
    const paths = this.stepped ? uPlot.paths.stepped!({ align: 1 }) : undefined;
    return {
      legend: { show: true, live: true },
      padding: [14, 12, 0, 0],
      cursor: { drag: { x: false, y: false, setScale: false }, y: false },
      scales: { x: { time: false } },
      axes: [
        { ...axis, label: this.xLabel, size: 36, incrs: EPOCH_STEPS },
        { ...axis, label: metric === 'val_loss' ? 'val loss' : 'val accuracy', size: 56, values: (_u, splits) => splits.map((v) => (v == null ? '' : formatMetric(metric, v))) },
      ],
      series: [
        { label: this.xLabel },
        ...this.lines.map((l): uPlot.Series => ({ label: l.label, stroke: l.color, width: 2, spanGaps: this.stepped, ...(paths ? { paths } : {}), points: { show: false }, value: (_u, v) => formatMetric(metric, v) })),
      ],
    };
  }

  override render() {
    const empty = this.lines.every((l) => l.x.length === 0);
    return html`<div class="plot" part="plot"></div>${empty ? html`<div class="empty">No epoch trained yet.</div>` : nothing}`;
  }
}

customElements.define('compare-chart', CompareChart);

declare global {
  interface HTMLElementTagNameMap {
    'compare-chart': CompareChart;
  }
}
