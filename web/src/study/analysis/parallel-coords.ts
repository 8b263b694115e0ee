// <parallel-coords>: every finished trial as one line across an axis per sampled dimension (log
// axes for log dimensions, evenly spaced categories for categorical ones) and the objective last,
// coloured by how good its objective is (chart-colors.ts OBJECTIVE_COLORS, worst pale, best dark and
// on top). Dragging along an axis brushes an interval of it; a click on an axis clears its brush.
// The trials whose lines pass every brush are the page's selection: the element says so with a
// `trials-brushed` event ({ trialIds } or null when nothing is brushed), and the study page narrows
// the curves and the trials table to them. Drawn on a canvas from the StudyModel; the chart host
// owns the box's width and reads the theme's colours.
import { LitElement, css, html, nothing } from 'lit';
import { clipToRect } from '../../shared/canvas-marks.js';
import { ChartHostController, type ChartTheme } from '../../shared/chart-host-controller.js';
import { objectiveColor, withAlpha } from '../../shared/chart-colors.js';
import { sizeCanvas } from '../../shared/field-canvas.js';
import { FollowModelController } from '../follow-model-controller.js';
import type { StudyModel } from '../study-model.js';
import { brushedTrialIds, buildParallelData, fracAt, unitsAt, type AxisBrush, type ParallelData } from './parallel-data.js';

const MARGIN = { left: 64, right: 28, top: 40, bottom: 14 } as const;
/** How far from an axis (CSS px) a drag still brushes it. */
const GRAB = 16;

export interface TrialsBrushedDetail {
  /** The trials inside every brush, or null when nothing is brushed. */
  trialIds: string[] | null;
}

export class ParallelCoords extends LitElement {
  static override styles = css`
    :host { display: block; position: relative; min-width: 0; }
    .box { width: 100%; min-width: 0; overflow-x: auto; }
    canvas { display: block; touch-action: none; cursor: crosshair; }
    .empty { padding: 2rem 0; text-align: center; color: var(--ink-faint); font-size: 0.9rem; }
  `;

  private readonly lifetime = new FollowModelController(this, () => this.rebuild());
  private data: ParallelData | null = null;
  private brushes: AxisBrush[] = [];
  private selected: string[] | null = null;
  private drag: { axis: number; from: number; to: number } | null = null;
  private cssWidth = 0;
  private readonly chart = new ChartHostController(this, {
    box: '.box',
    onResize: (width) => {
      this.cssWidth = Math.floor(width);
      this.draw();
    },
  });

  get model(): StudyModel | null {
    return this.lifetime.model;
  }

  set model(model: StudyModel | null) {
    this.lifetime.model = model;
  }

  /** Removes every brush (the selection becomes every trial again). */
  clearBrushes(): void {
    this.brushes = [];
    this.select();
  }

  /** Each axis in page coordinates: where a test (or a person) drags to brush it. */
  axisAnchors(): Array<{ key: string; x: number; top: number; bottom: number }> {
    const canvas = this.canvas;
    if (!canvas || !this.data) return [];
    const r = canvas.getBoundingClientRect();
    return this.data.axes.map((a, k) => ({ key: a.key, x: r.left + this.axisX(k), top: r.top + MARGIN.top, bottom: r.top + MARGIN.top + this.plotHeight() }));
  }

  protected override firstUpdated(): void {
    this.rebuild();
  }

  private plotHeight(): number {
    return (this.cssWidth < 480 ? 220 : 260) - MARGIN.top - MARGIN.bottom;
  }

  private width(): number {
    // Wide enough for about 72 px between axes; a narrower box scrolls.
    return Math.max(this.cssWidth, MARGIN.left + MARGIN.right + 72 * Math.max(1, (this.data?.axes.length ?? 2) - 1));
  }

  private axisX(k: number): number {
    const n = this.data?.axes.length ?? 1;
    return MARGIN.left + (n > 1 ? (k * (this.width() - MARGIN.left - MARGIN.right)) / (n - 1) : 0);
  }

  private yOf(frac: number): number {
    return MARGIN.top + (1 - frac) * this.plotHeight();
  }

  private rebuild(): void {
    const model = this.lifetime.model;
    if (!model) return;
    this.data = buildParallelData(model);
    this.dataset.axes = String(this.data.axes.length);
    this.dataset.lines = String(this.data.lines.length);
    this.select();
    this.requestUpdate();
  }

  /** Works out the selection from the brushes, redraws, and tells the page when it changed. */
  private select(): void {
    const ids = this.data ? brushedTrialIds(this.data, this.brushes) : null;
    this.dataset.selected = ids === null ? '' : String(ids.length);
    const changed = String(ids) !== String(this.selected) || (ids === null) !== (this.selected === null);
    this.selected = ids;
    this.draw();
    if (changed) this.dispatchEvent(new CustomEvent<TrialsBrushedDetail>('trials-brushed', { detail: { trialIds: ids }, bubbles: true, composed: true }));
  }

  /** The canvas, once rendered (a model may be set before the element is on the page). */
  private get canvas(): HTMLCanvasElement | null {
    return (this.renderRoot as ParentNode | undefined)?.querySelector('canvas') ?? null;
  }

  private draw(): void {
    const canvas = this.canvas;
    const data = this.data;
    if (!canvas || !data || this.cssWidth === 0) return;
    const width = this.width();
    const height = this.plotHeight() + MARGIN.top + MARGIN.bottom;
    const ctx = sizeCanvas(canvas, width, height);
    const theme = this.chart.theme();
    ctx.fillStyle = theme.paper;
    ctx.fillRect(0, 0, width, height);
    this.drawLines(ctx, data, theme);
    data.axes.forEach((_, k) => this.drawAxis(ctx, data, k, theme));
  }

  /** The lines, batched into one path per colour: the unselected ones faint first, then the selected by band, best last. */
  private drawLines(ctx: CanvasRenderingContext2D, data: ParallelData, theme: ChartTheme): void {
    const selected = this.selected ? new Set(this.selected) : null;
    const paths = new Map<string, Path2D>();
    const faint = withAlpha(theme.ink, 0.12);
    paths.set(faint, new Path2D());
    for (const line of data.lines) {
      const color = selected && !selected.has(line.trial.id) ? faint : objectiveColor(line.goodness);
      const path = paths.get(color) ?? paths.set(color, new Path2D()).get(color)!;
      let drawing = false;
      line.fracs.forEach((f, k) => {
        if (f === null) {
          drawing = false;
          return;
        }
        const x = this.axisX(k);
        const y = this.yOf(f);
        if (drawing) path.lineTo(x, y);
        else path.moveTo(x, y);
        drawing = true;
      });
    }
    clipToRect(ctx, 0, MARGIN.top - 2, this.width(), this.plotHeight() + 4);
    ctx.lineWidth = 1.4;
    ctx.lineJoin = 'round';
    for (const [color, path] of paths) {
      ctx.strokeStyle = color;
      ctx.stroke(path);
    }
    ctx.restore();
  }

  private drawAxis(ctx: CanvasRenderingContext2D, data: ParallelData, k: number, theme: ChartTheme): void {
    const axis = data.axes[k]!;
    const x = Math.round(this.axisX(k)) + 0.5;
    const top = MARGIN.top;
    const bottom = top + this.plotHeight();
    ctx.save();
    ctx.strokeStyle = theme.frame;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.fillStyle = theme.tickLabel;
    ctx.font = '10px system-ui, sans-serif';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of axis.ticks) {
      const y = Math.round(this.yOf(t.frac)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x - 3, y);
      ctx.lineTo(x, y);
      ctx.stroke();
      ctx.fillText(t.label, x - 5, y);
    }
    // The title, shrunk to fit between its neighbours.
    const room = data.axes.length > 1 ? (this.width() - MARGIN.left - MARGIN.right) / (data.axes.length - 1) - 6 : 200;
    ctx.fillStyle = theme.ink;
    ctx.textAlign = k === 0 ? 'left' : k === data.axes.length - 1 ? 'right' : 'center';
    ctx.textBaseline = 'bottom';
    ctx.font = '600 11px system-ui, sans-serif';
    const w = ctx.measureText(axis.title).width;
    if (w > room) ctx.font = `600 ${Math.max(8, Math.floor((11 * room) / w))}px system-ui, sans-serif`;
    ctx.fillText(axis.title, k === 0 ? x - 12 : k === data.axes.length - 1 ? x + 12 : x, top - 12);
    const brush = this.drag?.axis === k ? { lo: Math.min(this.drag.from, this.drag.to), hi: Math.max(this.drag.from, this.drag.to) } : this.brushFracs(k);
    if (brush) {
      const y0 = this.yOf(brush.hi);
      const y1 = this.yOf(brush.lo);
      ctx.fillStyle = withAlpha(theme.ink, 0.12);
      ctx.fillRect(x - 7, y0, 14, Math.max(2, y1 - y0));
      ctx.strokeStyle = withAlpha(theme.ink, 0.7);
      ctx.strokeRect(x - 7, y0, 14, Math.max(2, y1 - y0));
    }
    ctx.restore();
  }

  private brushFracs(k: number): { lo: number; hi: number } | null {
    const axis = this.data?.axes[k];
    const b = axis ? this.brushes.find((br) => br.key === axis.key) : undefined;
    return axis && b ? { lo: fracAt(axis, b.lo), hi: fracAt(axis, b.hi) } : null;
  }

  /** The axis under a pointer and the fraction of it at the pointer's height; null away from every axis. */
  private hit(e: PointerEvent): { axis: number; frac: number } | null {
    const canvas = e.currentTarget as HTMLCanvasElement;
    const r = canvas.getBoundingClientRect();
    const px = e.clientX - r.left;
    const frac = Math.min(1, Math.max(0, 1 - (e.clientY - r.top - MARGIN.top) / this.plotHeight()));
    const n = this.data?.axes.length ?? 0;
    for (let k = 0; k < n; k++) if (Math.abs(px - this.axisX(k)) <= GRAB) return { axis: k, frac };
    return null;
  }

  private onDown(e: PointerEvent): void {
    const h = this.hit(e);
    if (!h) return;
    (e.currentTarget as HTMLCanvasElement).setPointerCapture(e.pointerId);
    this.drag = { axis: h.axis, from: h.frac, to: h.frac };
    e.preventDefault();
  }

  private onMove(e: PointerEvent): void {
    if (!this.drag) return;
    const canvas = e.currentTarget as HTMLCanvasElement;
    const r = canvas.getBoundingClientRect();
    this.drag.to = Math.min(1, Math.max(0, 1 - (e.clientY - r.top - MARGIN.top) / this.plotHeight()));
    this.draw();
  }

  private onUp(): void {
    const drag = this.drag;
    this.drag = null;
    const axis = drag ? this.data?.axes[drag.axis] : undefined;
    if (!drag || !axis) return;
    this.brushes = this.brushes.filter((b) => b.key !== axis.key);
    // A drag of a few pixels is a click: it only clears the axis's brush.
    if (Math.abs(drag.to - drag.from) * this.plotHeight() >= 3) {
      this.brushes.push({ key: axis.key, lo: unitsAt(axis, Math.min(drag.from, drag.to)), hi: unitsAt(axis, Math.max(drag.from, drag.to)) });
    }
    this.select();
  }

  override render() {
    const data = this.data;
    return html`
      <div class="box"><canvas @pointerdown=${this.onDown} @pointermove=${this.onMove} @pointerup=${this.onUp} @pointercancel=${this.onUp}></canvas></div>
      ${data && data.lines.length === 0 ? html`<div class="empty">No trial has finished with a score yet.</div>` : nothing}
    `;
  }
}

customElements.define('parallel-coords', ParallelCoords);

declare global {
  interface HTMLElementTagNameMap {
    'parallel-coords': ParallelCoords;
  }
  interface HTMLElementEventMap {
    'trials-brushed': CustomEvent<TrialsBrushedDetail>;
  }
}
