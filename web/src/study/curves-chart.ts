// <curves-chart>: one metric (val loss or val accuracy) against epoch, one line per trial coloured
// by optimizer, with the early-stopping markers drawn on top (curves-markers.ts): × where a trial
// stopped early, ■ where the pruner stopped one, ▲ where one diverged, a dot at each finished
// trial's best epoch. Hovering a line shows the trial's config; hovering (or tapping) a marker
// shows the stop reason in words and numbers (curves-tips.ts), a click pins it. uPlot is driven
// imperatively from the StudyModel: series data never enters Lit's reactive properties; a new
// batch of epochs is one setData(), and new trials rebuild the plot. uPlot keeps scales, axes and
// cursor; the lines are stroked by curves-paths.ts, one path per colour. `only` narrows the chart
// to some trials (the study page's "best of each optimizer" view).
import { css, html, nothing } from 'lit';
import uPlot from 'uplot';
import { ChartHostController } from '../shared/chart-host-controller.js';
import { formatNumber } from '../shared/format.js';
import { logSplits } from '../shared/log-splits.js';
import { nearestHit } from '../shared/nearest-hit.js';
import { chartTipStyles, uplotStyles } from '../shared/uplot-styles.js';
import { drawCurveMarkers, type MarkerHit } from './curves-markers.js';
import { CURVE_METRICS, MARKER_KINDS, buildCurveData, type CurveData, type CurveMarker, type CurveMetric } from './curves-data.js';
import { drawCurves, nearestSeries } from './curves-paths.js';
import { markerTip, trialTip, type TipContent } from './curves-tips.js';
import { ModelChart } from './model-chart.js';

interface Tip extends TipContent {
  left: number;
  top: number;
  pinned: boolean;
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
        draw: [(u) => this.draw(u)],
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

  /** The lines, then the markers over them; then whoever waits for a drawing (nextDraw) is told. */
  private draw(u: uPlot): void {
    const data = this.data;
    this.hits = [];
    if (data) {
      drawCurves(u, data, this.focused !== null && this.focused > 0 ? this.focused - 1 : null);
      this.hits = drawCurveMarkers(u, data.markers, this.chart.theme());
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

  private onCursor(u: uPlot): void {
    const left = u.cursor.left ?? -10;
    const top = u.cursor.top ?? -10;
    const inside = left >= 0 && top >= 0;
    // A marker under the cursor focuses its trial's line; otherwise the nearest line does.
    const marker = inside ? this.nearestMarker(left, top) : null;
    const k = marker ? this.data!.series.findIndex((s) => s.trial === marker.trial && s.kind === 'val') : inside && this.data ? nearestSeries(u, this.data, left, top) : null;
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
  private place(x: number, y: number, content: TipContent): Tip {
    return { ...content, ...this.chart.tipPosition(x, y), pinned: false };
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

customElements.define('curves-chart', CurvesChart);

declare global {
  interface HTMLElementTagNameMap {
    'curves-chart': CurvesChart;
  }
}
