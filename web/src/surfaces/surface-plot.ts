// <surface-plot>: the 2-D surface as shaded contours with each optimizer's trajectory drawn up to
// the current step (the page animates it), the start point, the known minima, and a ✕ where a run
// diverged. Clicking the plot picks a new start point (`start-pick` event); hovering shows the point
// and its loss. Drawn imperatively on a canvas: the race result and the step are set by methods,
// never through reactive properties. The background — f shaded per pixel, contour lines from f on a
// grid about as fine as the pixels (Rosenbrock's valley is narrower than a coarse grid's cells) — is
// painted once per surface and size, so dragging a learning rate redraws only the paths.
import { LitElement, css, html, nothing } from 'lit';
import type { SurfaceResult } from '../../../types/index.js';
import { contourGrid } from '../../../surfaces/run-optimizers.js';
import { createSurface } from '../../../surfaces/surfaces.js';
import { clipToRect, crossPath, dotPath, fillOutlined, strokeCased } from '../shared/canvas-marks.js';
import { ChartHostController, type ChartTheme } from '../shared/chart-host-controller.js';
import { SURFACE_OPTIMIZER_COLORS } from '../shared/chart-colors.js';
import { PlotMapping, paintAxes, paintField, sizeCanvas, type Frame } from '../shared/field-canvas.js';
import { formatNumber } from '../shared/format.js';

export interface StartPickDetail {
  x: number;
  y: number;
}

interface Hover {
  left: number;
  top: number;
  x: number;
  y: number;
  f: number;
}

const MARGIN = { left: 46, right: 10, top: 8, bottom: 36 } as const;
const MAX_SIZE = 520;

export class SurfacePlot extends LitElement {
  static override properties = { hover: { state: true } };

  static override styles = css`
    :host { display: block; position: relative; min-width: 0; }
    .box { width: 100%; }
    canvas { display: block; cursor: crosshair; touch-action: manipulation; }
    .tip { position: absolute; z-index: 2; pointer-events: none; padding: 0.25rem 0.45rem; background: var(--tip-paper); border: 1px solid var(--line-control); border-radius: 5px; font-size: 0.75rem; white-space: nowrap; color: var(--ink); font-variant-numeric: tabular-nums; }
  `;

  hover: Hover | null = null;
  private result: SurfaceResult | null = null;
  private f: ((x: number, y: number) => number) | null = null;
  private step = 0;
  private cssSize = 0;
  private map: PlotMapping | null = null;
  private background: HTMLCanvasElement | null = null;
  private backgroundKey = '';
  private drawnPoints: number[] = [];
  private readonly chart = new ChartHostController(this, { box: '.box', onResize: (width) => this.layout(width) });

  /** A new race to draw (its grid is the contour background), shown at `step`. */
  setResult(result: SurfaceResult | null, step: number): void {
    this.result = result;
    this.f = result ? createSurface(result.request.surface).f : null;
    this.step = step;
    this.draw();
  }

  /** Draws every trajectory up to step `step` (0 = the start point). */
  setStep(step: number): void {
    this.step = step;
    this.draw();
  }

  /** Points of each run (in result order) in the last drawing; for tests and the bench. */
  drawnTrajectories(): Array<{ label: string; optimizer: string; points: number; color: string }> {
    return (this.result?.runs ?? []).map((r, k) => ({ label: r.label, optimizer: r.optimizer, points: this.drawnPoints[k] ?? 0, color: SURFACE_OPTIMIZER_COLORS[r.optimizer] }));
  }

  /** Page coordinates of a data point (tests click there). */
  pagePoint(x: number, y: number): { x: number; y: number } | null {
    const canvas = this.canvas;
    if (!canvas || !this.map) return null;
    const r = canvas.getBoundingClientRect();
    return { x: r.left + this.map.px(x), y: r.top + this.map.py(y) };
  }

  private get canvas(): HTMLCanvasElement | null {
    return this.renderRoot.querySelector('canvas');
  }

  private layout(width: number): void {
    const size = Math.max(220, Math.min(MAX_SIZE, Math.floor(width)));
    if (size === this.cssSize) return;
    this.cssSize = size;
    this.draw();
  }

  private frame(): Frame {
    return { left: MARGIN.left, top: MARGIN.top, width: this.cssSize - MARGIN.left - MARGIN.right, height: this.cssSize - MARGIN.top - MARGIN.bottom };
  }

  /** The shaded contours, axes and minima, painted into an offscreen canvas. */
  private paintBackground(result: SurfaceResult, theme: ChartTheme): HTMLCanvasElement {
    const bg = document.createElement('canvas');
    const ctx = sizeCanvas(bg, this.cssSize, this.cssSize);
    const map = new PlotMapping(result.request.view, this.frame());
    ctx.fillStyle = theme.paper;
    ctx.fillRect(0, 0, this.cssSize, this.cssSize);
    const surface = createSurface(result.request.surface);
    const grid = contourGrid(surface, result.request.view, Math.round(map.frame.width / 1.5));
    const minLoss = result.surface.minLoss;
    paintField(ctx, grid, map, minLoss === null ? { scale: 'linear', offset: 0, f: surface.f } : { scale: 'log', offset: minLoss, f: surface.f }, theme);
    paintAxes(ctx, map, { x: 'x', y: 'y' }, theme);
    clipToRect(ctx, map.frame.left, map.frame.top, map.frame.width, map.frame.height);
    for (const [mx, my] of result.surface.minima) {
      const x = map.px(mx);
      const y = map.py(my);
      ctx.beginPath();
      ctx.moveTo(x, y - 6);
      ctx.lineTo(x + 5, y);
      ctx.lineTo(x, y + 6);
      ctx.lineTo(x - 5, y);
      ctx.closePath();
      fillOutlined(ctx, theme.paper, theme.ink, 1.5);
    }
    ctx.restore();
    return bg;
  }

  private draw(): void {
    const canvas = this.canvas;
    if (!canvas || this.cssSize === 0) return;
    const ctx = sizeCanvas(canvas, this.cssSize, this.cssSize);
    const theme = this.chart.theme();
    const result = this.result;
    ctx.clearRect(0, 0, this.cssSize, this.cssSize);
    this.drawnPoints = [];
    if (!result) {
      this.dataset.runs = '0';
      return;
    }
    const key = `${JSON.stringify(result.request.surface)}|${JSON.stringify(result.request.view)}|${this.cssSize}`;
    if (!this.background || key !== this.backgroundKey) {
      this.background = this.paintBackground(result, theme);
      this.backgroundKey = key;
    }
    ctx.drawImage(this.background, 0, 0, this.cssSize, this.cssSize);
    const map = new PlotMapping(result.request.view, this.frame());
    this.map = map;
    const { left, top, width, height } = map.frame;
    clipToRect(ctx, left, top, width, height);
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    // Each run up to the current step: a white casing under the colour so lines stay readable on contours.
    const heads: Array<{ x: number; y: number; color: string; diverged: boolean }> = [];
    for (const run of result.runs) {
      const n = Math.min(run.trajectory.length, this.step + 1);
      this.drawnPoints.push(n);
      if (n === 0) continue;
      const path = new Path2D();
      for (let k = 0; k < n; k++) {
        const p = run.trajectory[k]!;
        const x = map.px(p[0]);
        const y = map.py(p[1]);
        if (k === 0) path.moveTo(x, y);
        else path.lineTo(x, y);
      }
      const color = SURFACE_OPTIMIZER_COLORS[run.optimizer];
      strokeCased(ctx, { color, width: 2 }, { color: theme.casing, width: 4 }, path);
      const last = run.trajectory[n - 1]!;
      heads.push({ x: map.px(last[0]), y: map.py(last[1]), color, diverged: run.diverged && n === run.trajectory.length });
    }
    ctx.restore();
    // The heads on top of every line, kept inside the frame (a diverged run's last point is far out).
    for (const h of heads) {
      const x = Math.min(left + width - 4, Math.max(left + 4, h.x));
      const y = Math.min(top + height - 4, Math.max(top + 4, h.y));
      if (h.diverged) {
        crossPath(ctx, x, y, 5);
        strokeCased(ctx, { color: h.color, width: 2.5 }, { color: theme.outline, width: 4.5 });
      } else {
        dotPath(ctx, x, y, 4);
        fillOutlined(ctx, h.color, theme.outline, 1.5);
      }
    }
    const [sx, sy] = result.request.start;
    dotPath(ctx, map.px(sx), map.py(sy), 5.5);
    ctx.strokeStyle = theme.ink;
    ctx.lineWidth = 2;
    ctx.stroke();
    this.dataset.runs = String(result.runs.length);
    this.dataset.step = String(this.step);
  }

  private pointAt(e: PointerEvent | MouseEvent): { x: number; y: number; px: number; py: number } | null {
    const canvas = this.canvas;
    if (!canvas || !this.map) return null;
    const r = canvas.getBoundingClientRect();
    const px = e.clientX - r.left;
    const py = e.clientY - r.top;
    const p = this.map.toData(px, py);
    return p ? { x: p[0], y: p[1], px, py } : null;
  }

  private onClick(e: MouseEvent): void {
    const p = this.pointAt(e);
    if (!p) return;
    this.dispatchEvent(new CustomEvent<StartPickDetail>('start-pick', { detail: { x: p.x, y: p.y }, bubbles: true, composed: true }));
  }

  private onMove(e: PointerEvent): void {
    const p = this.pointAt(e);
    if (!p || !this.f || e.pointerType === 'touch') {
      this.hover = null;
      return;
    }
    const flip = p.px > this.cssSize * 0.6;
    this.hover = { left: flip ? p.px - 190 : p.px + 14, top: Math.max(0, p.py - 28), x: p.x, y: p.y, f: this.f(p.x, p.y) };
  }

  protected override firstUpdated(): void {
    this.draw();
  }

  override render() {
    const h = this.hover;
    return html`<div class="box">
        <canvas
          aria-label="Contours of the loss surface with each optimizer's trajectory; click to start the race there"
          role="img"
          @click=${this.onClick}
          @pointermove=${this.onMove}
          @pointerleave=${() => (this.hover = null)}
        ></canvas>
      </div>
      ${h ? html`<div class="tip" style="left:${h.left}px;top:${h.top}px">(${formatNumber(h.x)}, ${formatNumber(h.y)}) · f = ${formatNumber(h.f)} · click to start here</div>` : nothing}`;
  }
}

customElements.define('surface-plot', SurfacePlot);

declare global {
  interface HTMLElementTagNameMap {
    'surface-plot': SurfacePlot;
  }
}
