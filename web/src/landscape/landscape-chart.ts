// <landscape-chart>: a finished loss landscape — the validation loss on the plane through a trained
// trial's weights, as shaded contours on a log scale (grid points where the loss was not finite
// are pink), with each projected trial's weights epoch by epoch as a path in its optimizer's
// colour: a dot per epoch, a ring at epoch 0, a filled dot at its final weights. The centre trial
// (the grid's origin) is drawn thicker. Both axes have the same units (a step along PC1 is as long
// on screen as one along PC2), a colour scale gives the loss of each shade, and the legend says
// what "N% off the plane" means. Drawn imperatively on a canvas from `setResult`.
import { LitElement, css, html, nothing } from 'lit';
import type { LandscapeResult, LandscapeTrajectory } from '../../../types/index.js';
import { clipToRect, dotPath, fillOutlined, strokeCased } from '../shared/canvas-marks.js';
import { ChartHostController, type ChartTheme } from '../shared/chart-host-controller.js';
import { optimizerColor } from '../shared/chart-colors.js';
import { PlotMapping, UNKNOWN_CSS, equalUnits, fieldScale, paintAxes, paintField, rampGradient, sizeCanvas, type DataBox, type FieldStyle } from '../shared/field-canvas.js';
import { OPTIMIZER_LABELS, formatLearningRate, formatNumber } from '../shared/format.js';

const MARGIN = { left: 46, right: 10, top: 8, bottom: 36 } as const;
const MAX_SIZE = 560;
const SHADING: FieldStyle = { scale: 'log', offset: 0, levels: 12 };
/** What "N% off the plane" measures, in words (the legend's sentence and each percentage's tooltip). */
const OFF_PLANE =
  'the share of the trajectory the 2-D plane does not capture: how far its final weights lie from the plane, relative to their distance from the centre. Near 0% the path drawn is faithful; near 100% it is mostly a shadow.';

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
    .scale { margin-top: 0.4rem; font-size: 0.75rem; color: var(--ink-muted); max-width: 22rem; }
    .scale .bar { height: 0.6rem; border: 1px solid var(--line); border-radius: 2px; margin: 0.15rem 0 0; }
    .scale .ticks { position: relative; height: 1.1rem; font-variant-numeric: tabular-nums; }
    .scale .ticks span { position: absolute; top: 0.1rem; transform: translateX(-50%); white-space: nowrap; }
    .scale .ticks span:first-child { transform: none; }
    .scale .ticks span:last-child { transform: translateX(-100%); }
    .scale .nan { display: inline-block; width: 0.75em; height: 0.75em; border-radius: 2px; border: 1px solid var(--line); vertical-align: -0.1em; }
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
    const frameWidth = this.cssSize - MARGIN.left - MARGIN.right;
    // Equal units on both axes: the frame is as high as the plane's aspect asks (at most square).
    const fit = result ? equalUnits(this.box(result), frameWidth, frameWidth * 0.4, frameWidth) : { box: null, height: frameWidth };
    const cssHeight = Math.round(fit.height) + MARGIN.top + MARGIN.bottom;
    const ctx = sizeCanvas(canvas, this.cssSize, cssHeight);
    const theme = this.chart.theme();
    ctx.fillStyle = theme.paper;
    ctx.fillRect(0, 0, this.cssSize, cssHeight);
    if (!result || !fit.box) {
      this.dataset.trajectories = '0';
      return;
    }
    const map = new PlotMapping(fit.box, { left: MARGIN.left, top: MARGIN.top, width: frameWidth, height: Math.round(fit.height) });
    paintField(ctx, { x: result.axes.x, y: result.axes.y, values: result.loss }, map, SHADING, theme);
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
    // Pixels per unit along each axis (equal: the plot keeps a square data aspect).
    this.dataset.pxPerUnitX = String(map.frame.width / (map.box.xMax - map.box.xMin));
    this.dataset.pxPerUnitY = String(map.frame.height / (map.box.yMax - map.box.yMin));
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

  /** The colour scale: the ramp with the validation loss at five points along it, and the colour of a loss that is not finite. */
  private colorScale(r: LandscapeResult) {
    const ticks = fieldScale(r.loss, SHADING);
    if (!ticks) return nothing;
    return html`<div class="scale" data-color-scale=${ticks.map((t) => formatNumber(t.value)).join(',')}>
      validation loss (log scale)
      <div class="bar" style="background:${rampGradient()}"></div>
      <div class="ticks">${ticks.map((t) => html`<span style="left:${t.t * 100}%">${formatNumber(t.value)}</span>`)}</div>
      <span class="nan" style="background:${UNKNOWN_CSS}"></span> not finite (diverged)
    </div>`;
  }

  override render() {
    const r = this.result;
    return html`<div class="wrap">
      <div class="box"><canvas role="img" aria-label="Validation loss around the trial's weights, with each trial's weights projected epoch by epoch"></canvas>${r ? this.colorScale(r) : nothing}</div>
      ${r
        ? html`<ul>
            ${r.trajectories.map((t) => {
              const last = t.points[t.points.length - 1];
              return html`<li data-trajectory=${t.trialId}>
                <span class="swatch" style="background:${optimizerColor(t.optimizer)}"></span><strong>${OPTIMIZER_LABELS[t.optimizer]}</strong>, lr ${formatLearningRate(t.learningRate)} <code>${t.trialId}</code>${t.trialId === this.centreTrial ? ' · centre' : nothing}
                <div class="muted">
                  ${t.points.length - 1} epochs${last?.valLoss != null ? html`, val loss ${formatNumber(last.valLoss)}` : nothing}${t.trialId === this.centreTrial
                    ? nothing
                    : html` · <span class="off-plane" title=${`${Math.round(t.finalResidual * 100)}% off the plane: ${OFF_PLANE}`}>${Math.round(t.finalResidual * 100)}% off the plane</span>`}
                </div>
              </li>`;
            })}
            <li class="muted">○ epoch 0 · ● each epoch · large ● final weights · + the centre (val loss ${formatNumber(r.centre.loss)})</li>
            ${r.trajectories.some((t) => t.trialId !== this.centreTrial) ? html`<li class="muted" data-off-plane-note>“N% off the plane” is ${OFF_PLANE}</li>` : nothing}
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
