// <surface-loss-chart>: loss against step for each optimizer of a surface race, on a log y axis as
// loss − f* (how far from the minimum; floored at 1e-12, where float32 parameters stop improving),
// or the raw loss on a linear axis for the saddle, which has no minimum. A vertical line and a dot
// per run mark the step the trajectories are drawn to. uPlot is driven imperatively: the result
// and step arrive through methods, not reactive properties.
import { LitElement, css, html } from 'lit';
import uPlot from 'uplot';
import type { SurfaceResult } from '../../../types/index.js';
import { dashedVerticals, dotPath, fillOutlined } from '../shared/canvas-marks.js';
import { ChartHostController } from '../shared/chart-host-controller.js';
import { SURFACE_OPTIMIZER_COLORS, withAlpha } from '../shared/chart-colors.js';
import { formatNumber } from '../shared/format.js';
import { logSplits } from '../shared/log-splits.js';
import { uplotStyles } from '../shared/uplot-styles.js';

/** Below this, loss − f* is drawn at the floor (f at float32 parameters is rarely closer). */
export const GAP_FLOOR = 1e-12;

/** The columns uPlot draws: steps, then one column per run (null after a run stops). */
export function lossColumns(result: SurfaceResult): { columns: Array<Array<number | null>>; log: boolean } {
  const minLoss = result.surface.minLoss;
  const log = minLoss !== null;
  const last = Math.max(0, ...result.runs.map((r) => r.loss.length - 1));
  const steps = Array.from({ length: last + 1 }, (_, k) => k);
  const columns: Array<Array<number | null>> = [steps];
  for (const run of result.runs) {
    columns.push(steps.map((k) => {
      const v = run.loss[k];
      if (v === undefined) return null;
      return log ? Math.max(GAP_FLOOR, v - minLoss) : v;
    }));
  }
  return { columns, log };
}

/** A log-axis tick: powers of ten as 1e-4 … 1e3 (1, 10, 100 written out), others as formatNumber does. */
function powerLabel(v: number): string {
  const e = Math.log10(v);
  if (Math.abs(e - Math.round(e)) > 1e-9) return formatNumber(v);
  const k = Math.round(e);
  return k >= 0 && k <= 3 ? String(10 ** k) : `1e${k}`;
}

export class SurfaceLossChart extends LitElement {
  static override styles = [
    uplotStyles,
    css`
      :host { display: block; min-width: 0; }
      .plot { width: 100%; min-height: 200px; }
      .uplot { font-family: inherit; }
    `,
  ];

  private result: SurfaceResult | null = null;
  private columns: Array<Array<number | null>> = [];
  private log = true;
  private step = 0;
  private readonly chart = new ChartHostController(this, { box: '.plot', plotHeight: (width) => (width < 480 ? 220 : 260), onResize: () => this.build() });

  setResult(result: SurfaceResult | null, step: number): void {
    this.result = result;
    this.step = step;
    const built = result ? lossColumns(result) : { columns: [], log: true };
    this.columns = built.columns;
    this.log = built.log;
    this.build();
  }

  setStep(step: number): void {
    this.step = step;
    this.chart.plot?.redraw(false, false);
  }

  private build(): void {
    this.chart.destroy();
    const result = this.result;
    this.dataset.series = String(result?.runs.length ?? 0);
    if (!result) return;
    const log = this.log;
    this.chart.create({
      legend: { show: false },
      padding: [8, 22, 0, 0],
      cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false } },
      scales: {
        x: { time: false },
        y: log ? { distr: 3, log: 10 } : {},
      },
      axes: [
        { label: 'step', labelSize: 18, size: 36, gap: 2 },
        {
          label: log ? 'loss − f* (log)' : 'loss',
          labelSize: 18,
          size: 58,
          ...(log ? { splits: (u: uPlot) => logSplits(u.scales.y!.min ?? GAP_FLOOR, u.scales.y!.max ?? 10) } : {}),
          values: (_u, splits) => splits.map((v) => (v == null ? '' : log ? powerLabel(v) : formatNumber(v))),
        },
      ],
      series: [
        {},
        ...result.runs.map((r): uPlot.Series => ({ label: r.label, stroke: SURFACE_OPTIMIZER_COLORS[r.optimizer], width: 1.75, points: { show: false } })),
      ],
      hooks: { draw: [(u) => this.drawStep(u)] },
    }, this.columns as uPlot.AlignedData);
  }

  /** The current step: a vertical line, and a dot on each run that has reached it. */
  private drawStep(u: uPlot): void {
    const result = this.result;
    if (!result) return;
    const { ctx, dpr, bbox, theme } = this.chart.drawing(u);
    ctx.save();
    dashedVerticals(ctx, [u.valToPos(this.step, 'x', true)], bbox.top, bbox.height, withAlpha(theme.ink, 0.45), dpr);
    result.runs.forEach((run, k) => {
      const v = this.columns[k + 1]?.[Math.min(this.step, run.loss.length - 1)];
      if (v == null) return;
      const px = u.valToPos(Math.min(this.step, run.loss.length - 1), 'x', true);
      const py = u.valToPos(v, 'y', true);
      if (!Number.isFinite(py)) return;
      dotPath(ctx, px, py, 3.5 * dpr);
      fillOutlined(ctx, SURFACE_OPTIMIZER_COLORS[run.optimizer], theme.outline, 1.2 * dpr);
    });
    ctx.restore();
    this.dataset.step = String(this.step);
  }

  override render() {
    return html`<div class="plot"></div>`;
  }
}

customElements.define('surface-loss-chart', SurfaceLossChart);

declare global {
  interface HTMLElementTagNameMap {
    'surface-loss-chart': SurfaceLossChart;
  }
}
