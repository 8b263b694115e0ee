// <band-chart>: lines with bands, one per group of runs (uPlot bands between each group's lowest
// and highest run, its middle line drawn over them). The data come in through setData, not
// reactive properties; data-bands says how many bands are drawn (the browser tests read it).
import { LitElement, html } from 'lit';
import uPlot from 'uplot';
import { ChartHostController } from './chart-host-controller.js';
import { withAlpha } from './chart-colors.js';
import { formatNumber } from './format.js';
import { logSplits } from './log-splits.js';
import type { RunBand } from '../../../search/run-bands.js';
import { plotBoxStyles, uplotStyles } from './uplot-styles.js';

export interface BandGroup extends RunBand {
  label: string;
  color: string;
}

export interface BandChartData {
  x: number[];
  groups: BandGroup[];
  xLabel: string;
  yLabel: string;
  /** Log y axis (values must be > 0). */
  log?: boolean;
}

export class BandChart extends LitElement {
  static override styles = [uplotStyles, plotBoxStyles];

  private data: BandChartData | null = null;
  private readonly chart = new ChartHostController(this, { box: '.plot', plotHeight: (width) => (width < 480 ? 200 : 240), onResize: () => this.build() });

  setData(data: BandChartData | null): void {
    this.data = data;
    this.build();
  }

  private build(): void {
    this.chart.destroy();
    const data = this.data;
    this.dataset.bands = String(data?.groups.length ?? 0);
    if (!data || data.groups.length === 0) return;
    const log = data.log === true;
    // Columns: x, then per group high, low, mid; a band fills between each group's high and low.
    const columns: Array<Array<number | null>> = [data.x, ...data.groups.flatMap((g) => [g.high, g.low, g.mid])];
    const edge = (g: BandGroup, which: string): uPlot.Series => ({ label: `${g.label} ${which}`, stroke: withAlpha(g.color, 0.35), width: 0.5, points: { show: false } });
    this.chart.create(
      {
        legend: { show: false },
        padding: [8, 16, 0, 0],
        cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false } },
        scales: { x: { time: false }, y: log ? { distr: 3, log: 10 } : {} },
        axes: [
          // x is a count (epochs, steps): whole-number ticks only.
          { label: data.xLabel, labelSize: 18, size: 34, gap: 2, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] },
          {
            label: data.yLabel,
            labelSize: 18,
            size: 58,
            ...(log ? { splits: (u: uPlot) => logSplits(u.scales.y!.min ?? 1e-12, u.scales.y!.max ?? 10) } : {}),
            values: (_u, splits) => splits.map((v) => (v == null ? '' : formatNumber(v))),
          },
        ],
        series: [{}, ...data.groups.flatMap((g) => [edge(g, 'highest'), edge(g, 'lowest'), { label: g.label, stroke: g.color, width: 2, points: { show: false } }])],
        bands: data.groups.map((g, i) => ({ series: [1 + 3 * i, 2 + 3 * i] as [number, number], fill: withAlpha(g.color, 0.18) })),
      },
      columns as uPlot.AlignedData,
    );
  }

  override render() {
    return html`<div class="plot"></div>`;
  }
}

customElements.define('band-chart', BandChart);

declare global {
  interface HTMLElementTagNameMap {
    'band-chart': BandChart;
  }
}
