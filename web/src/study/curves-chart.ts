// <curves-chart>: one metric (val loss or val accuracy) against epoch, one line per trial coloured
// by optimizer, with the early-stopping markers drawn on top: × where a trial stopped early, ■
// where the pruner stopped one, ▲ where one diverged, a dot at each finished trial's best epoch. Hovering a line shows the trial's
// config; hovering (or tapping) a marker shows the stop reason in words and numbers, a click pins it.
// uPlot is driven imperatively from the StudyModel: series data never enters Lit's reactive
// properties; a new batch of epochs is one setData(), and new trials rebuild the plot. uPlot keeps
// scales, axes and cursor; the lines are stroked here, one path per colour, because 500 separate
// strokes cost several frames on a software canvas (bench/dashboard-draw.ts measures it).
// `only` narrows the chart to some trials (the study page's "best of each optimizer" view).
import { css, html, nothing } from 'lit';
import uPlot from 'uplot';
import { ChartHostController, type ChartTheme } from '../shared/chart-host-controller.js';
import { MARKER_COLORS, optimizerColor, withAlpha } from '../shared/chart-colors.js';
import { CURVE_METRICS, MARKER_KINDS, buildCurveData, type CurveData, type CurveMarker, type CurveMetric } from './curves-data.js';
import { TRIAL_STATE_LABELS, formatConfig, formatKnobs, formatMetric, formatNumber } from '../shared/format.js';
import { logSplits } from '../shared/log-splits.js';
import { nearestHit } from '../shared/nearest-hit.js';
import { ModelChart } from './model-chart.js';
import { patienceText, type StudyModel, type TrialView } from './study-model.js';
import { chartTipStyles, uplotStyles } from '../shared/uplot-styles.js';

interface Tip {
  left: number;
  top: number;
  color: string;
  title: string;
  lines: string[];
  reason: string | null;
  pinned: boolean;
}

interface MarkerHit {
  /** CSS pixels inside the plotting area. */
  x: number;
  y: number;
  marker: CurveMarker;
}

const HIT_RADIUS = 12;

export class CurvesChart extends ModelChart {
  static override properties = {
    metric: { type: String },
    logY: { type: Boolean, attribute: 'log-y' },
    showTrain: { type: Boolean, attribute: 'show-train' },
    heading: { type: String },
    only: { attribute: false },
    tip: { state: true },
  };

  static override styles = [
    uplotStyles,
    chartTipStyles,
    css`
      :host { display: block; position: relative; min-width: 0; }
      h3 { margin: 0 0 0.25rem; font-size: 0.95rem; font-weight: 600; }
      .plot { position: relative; width: 100%; min-height: 180px; }
      .empty { position: absolute; inset: 40% 0 auto; text-align: center; color: var(--ink-faint); font-size: 0.9rem; pointer-events: none; }
      .uplot { font-family: inherit; }
    `,
  ];

  metric: CurveMetric = 'loss';
  logY = false;
  showTrain = false;
  heading = '';
  /** Trial ids to draw; null draws every trial. */
  only: readonly string[] | null = null;
  tip: Tip | null = null;

  /** Milliseconds the last refresh() took from data to pixels (for the bench). */
  lastDrawMs = 0;

  private data: CurveData | null = null;
  private builtKey = '';
  private hits: MarkerHit[] = [];
  private focused: number | null = null;
  private pinned: CurveMarker | null = null;
  protected readonly chart = new ChartHostController(this, { box: '.plot', plotHeight: (width) => (width < 480 ? 220 : 280), onResize: () => this.refresh() });
  private drawWaiters: Array<() => void> = [];

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    const onlyChanged = changed.has('only') && String(changed.get('only') ?? '') !== String(this.only ?? '');
    if (changed.has('metric') || changed.has('logY') || changed.has('showTrain') || onlyChanged) {
      this.builtKey = '';
      this.refresh();
    }
  }

  /** Resolves after the next time the plot is drawn. */
  nextDraw(): Promise<void> {
    return new Promise((resolve) => this.drawWaiters.push(resolve));
  }

  /** Rebuilds the columns from the model and hands them to uPlot (a rebuild when the set of trials changed). */
  override refresh(): void {
    const model = this.lifetime.model;
    // The box is there from the first render on (a model may be set before that).
    if (!model || !this.chart.box || !this.isConnected) return;
    const started = performance.now();
    const only = this.only ? new Set(this.only) : null;
    const trials = only ? model.trialList.filter((t) => only.has(t.id)) : model.trialList;
    const data = buildCurveData(trials, this.metric, { showTrain: this.showTrain, logY: this.logY });
    this.data = data;
    const key = `${model.structureVersion}|${data.series.length}|${this.metric}|${this.showTrain}|${this.logY}|${String(this.only ?? '')}`;
    if (!this.chart.plot || key !== this.builtKey) {
      this.chart.create(this.options(), data.columns as uPlot.AlignedData);
      this.builtKey = key;
      this.focused = null;
    } else {
      this.chart.plot.setData(data.columns as uPlot.AlignedData);
    }
    this.lastDrawMs = performance.now() - started;
    const valSeries = data.series.filter((s) => s.kind === 'val');
    this.dataset.series = String(valSeries.length);
    this.dataset.points = String(valSeries.reduce((n, s) => n + s.points, 0));
    this.dataset.stopMarkers = String(data.markers.filter((m) => m.kind === MARKER_KINDS.stop).length);
    this.dataset.divergedMarkers = String(data.markers.filter((m) => m.kind === MARKER_KINDS.diverged).length);
    this.dataset.prunedMarkers = String(data.markers.filter((m) => m.kind === MARKER_KINDS.pruned).length);
    if (this.pinned) this.showMarker(this.pinned, true);
    this.requestUpdate();
  }

  private options(): Omit<uPlot.Options, 'width' | 'height'> {
    const data = this.data!;
    const label = CURVE_METRICS[this.metric].label;
    const log = this.metric === 'loss' && this.logY;
    return {
      legend: { show: false },
      padding: [8, 12, 0, 0],
      cursor: {
        drag: { x: false, y: false, setScale: false },
        // Hover focus is this element's own (nearestSeries: distance to the drawn segments, not
        // just to the data points under the cursor).
        points: { show: false },
      },
      scales: {
        x: { time: false, range: () => [1, Math.max(2, this.data?.maxEpoch ?? 2)] },
        y: log
          ? { distr: 3, log: 10, range: (_u, min, max) => this.data?.yRange ?? [min > 0 ? min : 0.01, max > 0 ? max : 10] }
          : { range: (_u, min, max) => this.data?.yRange ?? [Math.min(0, min), Math.max(1, max)] },
      },
      axes: [
        { label: 'epoch', labelSize: 18, size: 36, gap: 2, incrs: [1, 2, 5, 10, 20, 50, 100], values: (_u, splits) => splits.map((v) => (v != null && Number.isInteger(v) ? String(v) : '')) },
        {
          label: `${this.metric === 'acc' ? 'val accuracy' : 'val loss'}${log ? ' (log)' : ''}`,
          labelSize: 18,
          size: 52,
          ...(log ? { splits: (u: uPlot) => logSplits(u.scales.y!.min ?? 0.01, u.scales.y!.max ?? 10) } : {}),
          values: (_u, splits) => splits.map((v) => (v == null ? '' : this.metric === 'acc' ? `${Math.round(v * 100)}%` : formatNumber(v))),
        },
      ],
      series: [
        {},
        // uPlot keeps the data, scales, axes, cursor and hover focus; the lines themselves are
        // drawn by drawCurves, batched into one path per colour (500 separate strokes cost
        // several frames on a software canvas).
        ...data.series.map((s, i): uPlot.Series => ({
          label: `${s.trial.id} ${s.kind} ${label}`,
          stroke: () => this.data?.series[i]?.color ?? s.color,
          paths: () => null,
          points: { show: false },
        })),
      ],
      hooks: {
        draw: [(u) => { this.drawCurves(u); this.drawMarkers(u); }],
        setCursor: [(u) => this.onCursor(u)],
        ready: [(u) => {
          u.over.addEventListener('click', (e) => this.onClick(e));
          u.over.addEventListener('mouseleave', () => {
            if (this.focused !== null) {
              this.focused = null;
              u.redraw(false, false);
            }
            if (!this.pinned) this.tip = null;
          });
        }],
      },
    };
  }

  /**
   * All curves, one Path2D per style (optimizer colour × val/train): a handful of strokes however
   * many trials. The hovered trial is drawn last, on top and thicker, the others dimmed.
   */
  private drawCurves(u: uPlot): void {
    const data = this.data;
    if (!data) return;
    const ctx = u.ctx;
    const dpr = uPlot.pxRatio;
    const { left, top, width, height } = u.bbox;
    const xs = data.columns[0]!;
    const px = xs.map((x) => u.valToPos(x!, 'x', true));
    const focused = this.focused !== null && this.focused > 0 ? this.focused - 1 : -1;
    const groups = new Map<string, { path: Path2D; dots: Path2D; color: string; train: boolean }>();
    const trace = (k: number, path: Path2D, dots: Path2D) => {
      const col = data.columns[k + 1]!;
      let pen = false;
      let alone = -1;
      for (let j = 0; j < col.length; j++) {
        const v = col[j];
        if (v === null || v === undefined) {
          pen = false;
          continue;
        }
        const x = px[j]!;
        const y = u.valToPos(v, 'y', true);
        if (pen) path.lineTo(x, y);
        else {
          path.moveTo(x, y);
          alone = j;
        }
        pen = true;
      }
      // A trial with one epoch so far has no line yet: it gets a dot.
      if (data.series[k]!.points === 1 && alone >= 0) {
        const y = u.valToPos(col[alone]!, 'y', true);
        dots.moveTo(px[alone]! + 2.5 * dpr, y);
        dots.arc(px[alone]!, y, 2.5 * dpr, 0, Math.PI * 2);
      }
    };
    data.series.forEach((s, k) => {
      if (k === focused) return;
      const key = `${s.color}|${s.kind}|${s.trial.status === 'diverged'}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { path: new Path2D(), dots: new Path2D(), color: strokeColor(s.color, s.kind, s.trial.status === 'diverged'), train: s.kind === 'train' }));
      trace(k, g.path, g.dots);
    });
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.lineJoin = 'round';
    ctx.globalAlpha = focused >= 0 ? 0.22 : 1;
    for (const g of groups.values()) {
      ctx.strokeStyle = g.color;
      ctx.lineWidth = (g.train ? 1 : 1.5) * dpr;
      ctx.setLineDash(g.train ? [5 * dpr, 4 * dpr] : []);
      ctx.stroke(g.path);
      ctx.fillStyle = g.color;
      ctx.fill(g.dots);
    }
    const f = data.series[focused];
    if (f) {
      const path = new Path2D();
      const dots = new Path2D();
      trace(focused, path, dots);
      ctx.globalAlpha = 1;
      ctx.strokeStyle = f.color;
      ctx.lineWidth = 2.5 * dpr;
      ctx.setLineDash(f.kind === 'train' ? [5 * dpr, 4 * dpr] : []);
      ctx.stroke(path);
      ctx.fillStyle = f.color;
      ctx.fill(dots);
    }
    ctx.restore();
  }

  private drawMarkers(u: uPlot): void {
    const data = this.data;
    this.hits = [];
    if (data) {
      const ctx = u.ctx;
      const dpr = uPlot.pxRatio;
      const { left, top, width, height } = u.bbox;
      const theme = this.chart.theme();
      ctx.save();
      ctx.beginPath();
      ctx.rect(left - 8 * dpr, top - 8 * dpr, width + 16 * dpr, height + 16 * dpr);
      ctx.clip();
      for (const m of data.markers) {
        const x = u.valToPos(m.epoch, 'x');
        const y = m.value === null ? 6 : u.valToPos(m.value, 'y');
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        this.hits.push({ x, y, marker: m });
        const cx = left + x * dpr;
        const cy = top + y * dpr;
        const color = optimizerColor(m.trial.config?.optimizer);
        drawMarker(ctx, m.kind, cx, cy, dpr, color, theme);
      }
      ctx.restore();
    }
    const waiters = this.drawWaiters;
    this.drawWaiters = [];
    for (const w of waiters) w();
  }

  private nearestMarker(x: number, y: number): CurveMarker | null {
    // Stop and divergence markers win over best-epoch dots at the same spot.
    return nearestHit(this.hits, x, y, HIT_RADIUS, (h) => (h.marker.kind === MARKER_KINDS.best ? 0 : 20))?.marker ?? null;
  }

  private onClick(e: MouseEvent): void {
    const u = this.chart.plot;
    if (!u) return;
    const r = u.over.getBoundingClientRect();
    const m = this.nearestMarker(e.clientX - r.left, e.clientY - r.top);
    if (m && this.pinned !== m) {
      this.pinned = m;
      this.showMarker(m, true);
    } else {
      this.pinned = null;
      this.updateTip();
    }
  }

  /** The series (index into data.series) whose drawn line passes nearest the point, within a few pixels. */
  private nearestSeries(u: uPlot, left: number, top: number): number | null {
    const data = this.data;
    if (!data) return null;
    const xs = data.columns[0]!;
    const at = u.posToVal(left, 'x');
    const j0 = Math.max(0, Math.floor(at) - 2);
    const j1 = Math.min(xs.length - 1, Math.ceil(at));
    const px = xs.map((x, j) => (j >= j0 && j <= j1 ? u.valToPos(x!, 'x') : 0));
    let best: number | null = null;
    let bestD = 8 * 8;
    data.series.forEach((_s, k) => {
      const col = data.columns[k + 1]!;
      for (let j = j0; j <= j1; j++) {
        const v = col[j];
        if (v === null || v === undefined) continue;
        const x = px[j]!;
        const y = u.valToPos(v, 'y');
        const w = j + 1 <= j1 ? col[j + 1] : null;
        let d: number;
        if (w === null || w === undefined) d = (x - left) ** 2 + (y - top) ** 2;
        else {
          const x2 = px[j + 1]!;
          const y2 = u.valToPos(w, 'y');
          const len = (x2 - x) ** 2 + (y2 - y) ** 2;
          const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((left - x) * (x2 - x) + (top - y) * (y2 - y)) / len));
          d = (x + t * (x2 - x) - left) ** 2 + (y + t * (y2 - y) - top) ** 2;
        }
        if (d < bestD) {
          bestD = d;
          best = k;
        }
      }
    });
    return best;
  }

  private onCursor(u: uPlot): void {
    const left = u.cursor.left ?? -10;
    const top = u.cursor.top ?? -10;
    const inside = left >= 0 && top >= 0;
    // A marker under the cursor focuses its trial's line; otherwise the nearest line does.
    const marker = inside ? this.nearestMarker(left, top) : null;
    const k = marker ? this.data!.series.findIndex((s) => s.trial === marker.trial && s.kind === 'val') : inside ? this.nearestSeries(u, left, top) : null;
    const focused = k === null || k < 0 ? null : k + 1;
    if (focused !== this.focused) {
      this.focused = focused;
      u.redraw(false, false);
    }
    this.updateTip();
  }

  private updateTip(): void {
    const u = this.chart.plot;
    if (!u || this.pinned) return;
    const left = u.cursor.left ?? -10;
    const top = u.cursor.top ?? -10;
    if (left < 0 || top < 0) {
      this.tip = null;
      return;
    }
    const m = this.nearestMarker(left, top);
    if (m) return this.showMarker(m, false);
    const s = this.focused !== null ? this.data?.series[this.focused - 1] : undefined;
    if (!s) {
      this.tip = null;
      return;
    }
    this.tip = this.place(left, top, trialTip(s.trial, s.kind === 'train' ? 'train curve' : null));
  }

  private showMarker(m: CurveMarker, pinned: boolean): void {
    const hit = this.hits.find((h) => h.marker.trial.id === m.trial.id && h.marker.kind === m.kind);
    if (!hit) return;
    this.tip = { ...this.place(hit.x, hit.y, markerTip(m, this.lifetime.model)), pinned };
  }

  /** A tip next to a point of the plotting area, kept inside the element. */
  private place(x: number, y: number, content: Omit<Tip, 'left' | 'top'>): Tip {
    return { ...content, ...this.chart.tipPosition(x, y) };
  }

  /** Where the markers are, in page coordinates (tests hover them; the bench counts them). */
  markerAnchors(): Array<{ kind: CurveMarker['kind']; trialId: string; x: number; y: number }> {
    const u = this.chart.plot;
    if (!u) return [];
    const r = u.over.getBoundingClientRect();
    return this.hits.map((h) => ({ kind: h.marker.kind, trialId: h.marker.trial.id, x: r.left + h.x, y: r.top + h.y }));
  }

  override render() {
    const empty = !this.data || this.data.series.every((s) => s.points === 0);
    const tip = this.tip;
    return html`
      ${this.heading ? html`<h3>${this.heading}</h3>` : nothing}
      <div class="plot" part="plot"></div>
      ${empty ? html`<div class="empty">Waiting for the first epoch…</div>` : nothing}
      ${tip
        ? html`<div class="tip ${tip.pinned ? 'pinned' : ''}" role="tooltip" style="left:${tip.left}px;top:${tip.top}px">
            <strong><span class="swatch" style="background:${tip.color}"></span>${tip.title}</strong>
            ${tip.lines.map((l) => html`<div class="muted">${l}</div>`)}
            ${tip.reason ? html`<div class="reason">${tip.reason}</div>` : nothing}
          </div>`
        : nothing}
    `;
  }
}

function strokeColor(color: string, kind: 'val' | 'train', diverged: boolean): string {
  if (kind === 'train') return withAlpha(color, 0.5);
  return withAlpha(color, diverged ? 0.55 : 0.85);
}

/** Fills the current path and outlines it (in white), so a marker stands out on any line. */
function fillOutlined(ctx: CanvasRenderingContext2D, color: string, outline: string, dpr: number): void {
  ctx.fillStyle = color;
  ctx.fill();
  ctx.strokeStyle = outline;
  ctx.lineWidth = 1.2 * dpr;
  ctx.stroke();
}

function drawMarker(ctx: CanvasRenderingContext2D, kind: CurveMarker['kind'], x: number, y: number, dpr: number, color: string, theme: ChartTheme): void {
  ctx.lineJoin = 'round';
  switch (kind) {
    case MARKER_KINDS.best:
      ctx.beginPath();
      ctx.arc(x, y, 3.5 * dpr, 0, Math.PI * 2);
      ctx.fillStyle = color;
      ctx.fill();
      ctx.lineWidth = 1.2 * dpr;
      ctx.strokeStyle = MARKER_COLORS.best;
      ctx.stroke();
      return;
    case MARKER_KINDS.stop: {
      const r = 5 * dpr;
      ctx.beginPath();
      ctx.moveTo(x - r, y - r);
      ctx.lineTo(x + r, y + r);
      ctx.moveTo(x + r, y - r);
      ctx.lineTo(x - r, y + r);
      ctx.strokeStyle = theme.markerCasing;
      ctx.lineWidth = 4.5 * dpr;
      ctx.stroke();
      ctx.strokeStyle = MARKER_COLORS.stop;
      ctx.lineWidth = 2 * dpr;
      ctx.stroke();
      return;
    }
    case MARKER_KINDS.pruned: {
      // A square: cut by the pruner (an early stop is a cross, a divergence a triangle).
      const r = 4.5 * dpr;
      ctx.beginPath();
      ctx.rect(x - r, y - r, 2 * r, 2 * r);
      fillOutlined(ctx, MARKER_COLORS.pruned, theme.outline, dpr);
      return;
    }
    case MARKER_KINDS.diverged: {
      const r = 6 * dpr;
      ctx.beginPath();
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y + r * 0.8);
      ctx.lineTo(x - r, y + r * 0.8);
      ctx.closePath();
      fillOutlined(ctx, MARKER_COLORS.diverged, theme.outline, dpr);
      return;
    }
    default: {
      const never: never = kind;
      void never;
    }
  }
}

function lastValues(t: TrialView): string | null {
  const last = t.epochs[t.epochs.length - 1];
  if (!last) return null;
  return `epoch ${last.epoch}: val loss ${last.valLoss === null ? 'not finite' : formatNumber(last.valLoss)}, val acc ${formatMetric('val_acc', last.valAcc)}`;
}

/** The hover text of a trial: its config, where it is, and how it is doing. */
function trialTip(t: TrialView, note: string | null): Omit<Tip, 'left' | 'top'> {
  const lines = [`stage ${t.stage + 1} · trial ${t.index + 1} · ${TRIAL_STATE_LABELS[t.status]}${note ? ` · ${note}` : ''}`];
  const knobs = t.config ? formatKnobs(t.config) : '';
  if (knobs) lines.push(knobs);
  const values = lastValues(t);
  if (values) lines.push(values);
  if (t.status === 'running') lines.push(patienceText(t));
  return {
    color: optimizerColor(t.config?.optimizer),
    title: t.config ? formatConfig(t.config) : `trial ${t.id}`,
    lines,
    reason: t.status !== 'running' && t.stopReason ? t.stopReason : null,
    pinned: false,
  };
}

/** The text of a stop, divergence or best-epoch marker: what happened, in words and numbers. */
function markerTip(m: CurveMarker, model: StudyModel | null): Omit<Tip, 'left' | 'top'> {
  const t = m.trial;
  const objective = model?.objective ?? { metric: 'val_acc' as const, mode: 'max' as const };
  const bestText = t.bestEpoch !== null ? `best epoch ${t.bestEpoch}${t.bestMetric !== null ? ` (${objective.metric} ${formatMetric(objective.metric, t.bestMetric)})` : ''}` : 'no best epoch';
  const head = t.config ? formatConfig(t.config) : `trial ${t.id}`;
  const color = optimizerColor(t.config?.optimizer);
  switch (m.kind) {
    case MARKER_KINDS.stop:
      return { color, title: `Stopped early after epoch ${m.epoch} of ${t.epochsPlanned}`, lines: [head, bestText], reason: t.stopReason ?? 'stopped early', pinned: false };
    case MARKER_KINDS.pruned:
      return { color, title: `Pruned after epoch ${m.epoch} of ${t.epochsPlanned}`, lines: [head, bestText], reason: t.stopReason ?? 'pruned: it trailed its peers', pinned: false };
    case MARKER_KINDS.diverged:
      return { color, title: `Diverged in epoch ${m.epoch}`, lines: [head, bestText], reason: t.stopReason ?? 'the loss stopped being a finite number', pinned: false };
    case MARKER_KINDS.best:
      return {
        color,
        title: `Best epoch ${m.epoch}`,
        lines: [head, `${TRIAL_STATE_LABELS[t.status]} after ${t.epochs.length} of ${t.epochsPlanned} epochs`],
        reason: t.stopReason,
        pinned: false,
      };
    default: {
      const never: never = m.kind;
      return never;
    }
  }
}

customElements.define('curves-chart', CurvesChart);

declare global {
  interface HTMLElementTagNameMap {
    'curves-chart': CurvesChart;
  }
}
