// <landscape-chart>: a finished loss landscape — the validation loss on the plane through a trained
// trial's weights, as shaded contours on a log scale (grid points where the loss was not finite
// are pink), with each projected trial's weights epoch by epoch as a path in its optimizer's
// colour: a dot per epoch, a ring at epoch 0, a filled dot at its final weights. The centre trial
// (the grid's origin) is drawn thicker. Drawn imperatively on a canvas from `setResult`.
import { LitElement, css, html, nothing } from 'lit';
import type { LandscapeResult, LandscapeTrajectory } from '../../../types/index.js';
import { clipToRect, dotPath, fillOutlined, strokeCased } from '../shared/canvas-marks.js';
import { ChartHostController, type ChartTheme } from '../shared/chart-host-controller.js';
import { optimizerColor } from '../shared/chart-colors.js';
import { PlotMapping, paintAxes, paintField, sizeCanvas, type DataBox } from '../shared/field-canvas.js';
import { OPTIMIZER_LABELS, formatLearningRate, formatNumber } from '../shared/format.js';

const MARGIN = { left: 46, right: 10, top: 8, bottom: 36 } as const;
const MAX_SIZE = 560;

export class LandscapeChart extends LitElement {
  static override styles = css`
    :host { display: block; min-width: 0; }
    .wrap { display: grid; gap: 0.6rem 1.2rem; grid-template-columns: minmax(0, 1fr); align-items: start; }
    @media (min-width: 900px) { .wrap { grid-template-columns: minmax(0, ${MAX_SIZE}px) minmax(14rem, 1fr); } }
    .box { width: 100%; min-width: 0; }
    canvas { display: block; }
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.35rem; font-size: 0.82rem; color: var(--ink-soft); }
    li .muted { color: var(--ink-faint); font-size: 0.78rem; }
    .swatch { display: inline-block; width: 0.75em; height: 0.75em; border-radius: 2px; margin-right: 0.35em; }
    code { font-size: 0.85em; }
  `;

  private result: LandscapeResult | null = null;
  private centreTrial: string | null = null;
  private cssSize = 0;
  private readonly chart = new ChartHostController(this, {
    box: '.box',
    onResize: (width) => {
      const size = Math.max(220, Math.min(MAX_SIZE, Math.floor(width)));
      if (size === this.cssSize) return;
      this.cssSize = size;
      this.draw();
    },
  });

  /** The landscape to draw; `centreTrial` is the trial whose weights are the origin. */
  setResult(result: LandscapeResult | null, centreTrial: string | null): void {
    this.result = result;
    this.centreTrial = centreTrial;
    this.draw();
    this.requestUpdate();
  }

  private box(result: LandscapeResult): DataBox {
    const { x, y } = result.axes;
    return { xMin: x[0] ?? -1, xMax: x[x.length - 1] ?? 1, yMin: y[0] ?? -1, yMax: y[y.length - 1] ?? 1 };
  }

  private axisLabels(result: LandscapeResult): { x: string; y: string } {
    if (result.directions === 'pca' && result.explainedVariance) {
      const [a, b] = result.explainedVariance;
      return { x: `PC1 (${Math.round(a * 100)}% of the path)`, y: `PC2 (${Math.round(b * 100)}%)` };
    }
    return { x: 'random direction 1 (filter-normalised)', y: 'direction 2' };
  }

  private draw(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    const result = this.result;
    if (!canvas || this.cssSize === 0) return;
    const ctx = sizeCanvas(canvas, this.cssSize, this.cssSize);
    const theme = this.chart.theme();
    ctx.fillStyle = theme.paper;
    ctx.fillRect(0, 0, this.cssSize, this.cssSize);
    if (!result) {
      this.dataset.trajectories = '0';
      return;
    }
    const map = new PlotMapping(this.box(result), {
      left: MARGIN.left,
      top: MARGIN.top,
      width: this.cssSize - MARGIN.left - MARGIN.right,
      height: this.cssSize - MARGIN.top - MARGIN.bottom,
    });
    paintField(ctx, { x: result.axes.x, y: result.axes.y, values: result.loss }, map, { scale: 'log', offset: 0, levels: 12 }, theme);
    paintAxes(ctx, map, this.axisLabels(result), theme);
    const { left, top, width, height } = map.frame;
    clipToRect(ctx, left, top, width, height);
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    // The centre trial last, so it is on top.
    const ordered = [...result.trajectories].sort((a, b) => Number(a.trialId === this.centreTrial) - Number(b.trialId === this.centreTrial));
    for (const t of ordered) this.drawTrajectory(ctx, map, t, t.trialId === this.centreTrial, theme);
    ctx.restore();
    // The origin: the centre trial's final weights.
    ctx.beginPath();
    ctx.moveTo(map.px(0) - 7, map.py(0));
    ctx.lineTo(map.px(0) + 7, map.py(0));
    ctx.moveTo(map.px(0), map.py(0) - 7);
    ctx.lineTo(map.px(0), map.py(0) + 7);
    ctx.strokeStyle = theme.ink;
    ctx.lineWidth = 1.5;
    ctx.stroke();
    this.dataset.trajectories = String(result.trajectories.length);
    this.dataset.grid = String(result.axes.x.length);
  }

  private drawTrajectory(ctx: CanvasRenderingContext2D, map: PlotMapping, t: LandscapeTrajectory, centre: boolean, theme: ChartTheme): void {
    const color = optimizerColor(t.optimizer);
    const path = new Path2D();
    t.points.forEach((p, k) => (k === 0 ? path.moveTo(map.px(p.x), map.py(p.y)) : path.lineTo(map.px(p.x), map.py(p.y))));
    strokeCased(ctx, { color, width: centre ? 2.75 : 2 }, { color: theme.casing, width: centre ? 5 : 4 }, path);
    t.points.forEach((p, k) => {
      dotPath(ctx, map.px(p.x), map.py(p.y), k === 0 ? 4 : 2.5);
      if (k === 0) fillOutlined(ctx, theme.paper, color, 2);
      else {
        ctx.fillStyle = color;
        ctx.fill();
      }
    });
    dotPath(ctx, map.px(t.final.x), map.py(t.final.y), 5);
    fillOutlined(ctx, color, theme.outline, 1.5);
  }

  protected override firstUpdated(): void {
    this.draw();
  }

  override render() {
    const r = this.result;
    return html`<div class="wrap">
      <div class="box"><canvas role="img" aria-label="Validation loss around the trial's weights, with each trial's weights projected epoch by epoch"></canvas></div>
      ${r
        ? html`<ul>
            ${r.trajectories.map((t) => {
              const last = t.points[t.points.length - 1];
              return html`<li data-trajectory=${t.trialId}>
                <span class="swatch" style="background:${optimizerColor(t.optimizer)}"></span><strong>${OPTIMIZER_LABELS[t.optimizer]}</strong>, lr ${formatLearningRate(t.learningRate)} <code>${t.trialId}</code>${t.trialId === this.centreTrial ? ' · centre' : nothing}
                <div class="muted">
                  ${t.points.length - 1} epochs${last?.valLoss != null ? html`, val loss ${formatNumber(last.valLoss)}` : nothing}${t.trialId === this.centreTrial
                    ? nothing
                    : html` · <span title="Distance of the final weights from this plane, relative to their distance from the centre: near 0% the drawn path is faithful, near 100% it is mostly a shadow">${Math.round(t.finalResidual * 100)}% off the plane</span>`}
                </div>
              </li>`;
            })}
            <li class="muted">○ epoch 0 · ● each epoch · large ● final weights · + the centre (val loss ${formatNumber(r.centre.loss)})</li>
            ${r.explainedVariance ? html`<li class="muted">The two directions hold ${Math.round((r.explainedVariance[0] + r.explainedVariance[1]) * 100)}% of the paths' variance.</li>` : nothing}
          </ul>`
        : nothing}
    </div>`;
  }
}

customElements.define('landscape-chart', LandscapeChart);

declare global {
  interface HTMLElementTagNameMap {
    'landscape-chart': LandscapeChart;
  }
}
