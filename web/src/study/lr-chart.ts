// <lr-chart>: the learning-rate view. Each trial's objective (at its best epoch) against its
// learning rate on a log x axis, one colour per optimizer, over bands that shade each stage's
// learning-rate range, so where the good rates lie and how the coarse-to-fine search narrowed
// onto them is visible at a glance; a stage that refined per optimizer shades each optimizer's own
// range, lightly, in its colour. Trials that diverged without a score sit on the bottom edge
// as ▲. Drawn with uPlot from the StudyModel, outside Lit's reactive properties.
import { css, html, nothing } from 'lit';
import uPlot from 'uplot';
import { dashedVerticals, fillOutlined, trianglePath } from '../shared/canvas-marks.js';
import { ChartHostController } from '../shared/chart-host-controller.js';
import { MARKER_COLORS, OPTIMIZER_COLORS, optimizerColor, withAlpha } from '../shared/chart-colors.js';
import { OPTIMIZER_LABELS, trialStateLabel, formatConfig, formatLearningRate, formatMetric, METRIC_LABELS } from '../shared/format.js';
import { buildLrData, type LrData } from './lr-data.js';
import { logSplits } from '../shared/log-splits.js';
import { nearestHit } from '../shared/nearest-hit.js';
import { ModelChart } from './model-chart.js';
import { drawLrIntervals, lrIntervals } from './lr-intervals.js';
import type { TrialView } from './study-model.js';
import { chartTipStyles, uplotStyles } from '../shared/uplot-styles.js';

interface Tip {
  left: number;
  top: number;
  trials: TrialView[];
}

interface PointHit {
  x: number;
  y: number;
  trials: TrialView[];
}

export class LrChart extends ModelChart {
  static override properties = { tip: { state: true } };

  static override styles = [
    uplotStyles,
    chartTipStyles,
    css`
      :host { display: block; position: relative; min-width: 0; }
      .plot { position: relative; width: 100%; min-height: 200px; }
      .empty { position: absolute; inset: 40% 0 auto; text-align: center; color: var(--ink-faint); font-size: 0.9rem; pointer-events: none; }
      .uplot { font-family: inherit; }
      .bands-note { margin: 0.3rem 0 0; font-size: 0.8rem; color: var(--ink-faint); }
    `,
  ];

  tip: Tip | null = null;
  private data: LrData | null = null;
  private builtKey = '';
  private hits: PointHit[] = [];
  protected readonly chart = new ChartHostController(this, { box: '.plot', plotHeight: (width) => (width < 480 ? 220 : 260), onResize: () => this.refresh() });

  override refresh(): void {
    const model = this.lifetime.model;
    // The box is there from the first render on (a model may be set before that).
    if (!model || !this.chart.box || !this.isConnected) return;
    const data = buildLrData(model);
    this.data = data;
    const key = `${data.optimizers.join(',')}|${model.objective.metric}`;
    if (!this.chart.plot || key !== this.builtKey) {
      this.chart.create(this.options(data), data.columns as uPlot.AlignedData);
      this.builtKey = key;
    } else {
      this.chart.plot.setData(data.columns as uPlot.AlignedData);
    }
    this.dataset.points = String(data.trialsAt.reduce((n, ts) => n + ts.length, 0));
    this.dataset.stages = String(new Set(data.ranges.map((r) => r.stage)).size);
    this.dataset.bands = data.ranges.map((r) => `${r.stage}:${r.optimizer ?? 'all'}`).join(',');
    this.requestUpdate();
  }

  private options(data: LrData): Omit<uPlot.Options, 'width' | 'height'> {
    const metric = this.lifetime.model?.objective.metric ?? 'val_acc';
    const theme = this.chart.theme();
    return {
      legend: { show: false },
      padding: [14, 12, 0, 0],
      cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false }, x: false, y: false },
      scales: {
        x: { time: false, distr: 3, log: 10, range: () => this.data?.xRange ?? [1e-5, 1e-1] },
        y: { range: (_u, min, max) => this.data?.yRange ?? [Math.min(0, min), Math.max(1, max)] },
      },
      axes: [
        {
          label: 'learning rate (log)',
          labelSize: 18,
          size: 36,
          // Ticks and grid at the powers of ten only: the 2…9 ticks of a log axis crowd a narrow chart.
          splits: (u) => logSplits(u.scales.x!.min ?? 1e-6, u.scales.x!.max ?? 1),
          values: (_u, splits) => splits.map((v) => (v == null ? '' : formatLearningRate(v))),
        },
        {
          label: `${METRIC_LABELS[metric]} at best epoch`,
          labelSize: 18,
          size: 52,
          values: (_u, splits) => splits.map((v) => (v == null ? '' : metric === 'val_acc' ? `${Math.round(v * 100)}%` : String(Number(v.toPrecision(3))))),
        },
      ],
      series: [
        {},
        ...data.optimizers.map((o): uPlot.Series => ({
          label: o,
          stroke: OPTIMIZER_COLORS[o],
          fill: withAlpha(OPTIMIZER_COLORS[o], 0.85),
          paths: () => null,
          points: { show: true, size: 10, width: 1, stroke: theme.outline, fill: withAlpha(OPTIMIZER_COLORS[o], 0.9) },
        })),
      ],
      hooks: {
        drawClear: [(u) => this.drawStageRanges(u)],
        draw: [(u) => this.drawOverlay(u)],
        setCursor: [(u) => this.updateTip(u)],
        ready: [(u) => u.over.addEventListener('mouseleave', () => { this.tip = null; })],
      },
    };
  }

  /**
   * Each stage's range as a band, nested bands darker: stage 1 wide and pale, later stages narrower;
   * a per-optimizer stage's bands in their optimizers' colours.
   */
  private drawStageRanges(u: uPlot): void {
    const data = this.data;
    if (!data) return;
    const { ctx, dpr, bbox, theme } = this.chart.drawing(u);
    const { top, height } = bbox;
    ctx.save();
    ctx.font = `${11 * dpr}px system-ui, sans-serif`;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    data.ranges.forEach((r, row) => {
      const band = r.optimizer ? OPTIMIZER_COLORS[r.optimizer] : theme.stageBand;
      const x0 = u.valToPos(r.min, 'x', true);
      const x1 = u.valToPos(r.max, 'x', true);
      ctx.fillStyle = withAlpha(band, r.optimizer ? 0.07 : 0.09);
      ctx.fillRect(x0, top, x1 - x0, height);
      dashedVerticals(ctx, [x0, x1], top, height, withAlpha(band, 0.45), dpr);
      ctx.fillStyle = withAlpha(band, 0.9);
      // Labels stack down band by band so nested or overlapping bands' labels never overlap.
      ctx.fillText(`stage ${r.stage + 1}${r.optimizer ? ` · ${OPTIMIZER_LABELS[r.optimizer]}` : ''}`, Math.max(x0, bbox.left) + 3 * dpr, top + (2 + row * 13) * dpr);
    });
    ctx.restore();
  }

  /** The unscored (diverged) trials on the bottom edge, and the hit list for hovering. */
  private drawOverlay(u: uPlot): void {
    const data = this.data;
    this.hits = [];
    if (!data) return;
    // Configurations trained on several seeds: mean ± 95 % t-interval over their runs (lr-intervals.ts).
    const intervals = this.lifetime.model ? lrIntervals(this.lifetime.model) : [];
    this.dataset.intervals = String(intervals.length);
    drawLrIntervals(u, intervals, this.chart.theme().casing, uPlot.pxRatio);
    const ctx = u.ctx;
    const dpr = uPlot.pxRatio;
    const { left, top, height } = u.bbox;
    data.trialsAt.forEach((trials, i) => {
      const x = u.valToPos(data.columns[0]![i]!, 'x');
      data.optimizers.forEach((o, k) => {
        const v = data.columns[k + 1]![i];
        if (v === null || v === undefined) return;
        this.hits.push({ x, y: u.valToPos(v, 'y'), trials: trials.filter((t) => t.config?.optimizer === o) });
      });
    });
    ctx.save();
    for (const t of data.unscored) {
      const x = u.valToPos(t.config!.learningRate, 'x');
      const y = height / dpr - 6;
      this.hits.push({ x, y, trials: [t] });
      const cx = left + x * dpr;
      const cy = top + y * dpr;
      trianglePath(ctx, cx, cy, 5 * dpr);
      fillOutlined(ctx, MARKER_COLORS.diverged, optimizerColor(t.config?.optimizer), 1.5 * dpr);
    }
    ctx.restore();
  }

  private updateTip(u: uPlot): void {
    const left = u.cursor.left ?? -10;
    const top = u.cursor.top ?? -10;
    if (left < 0 || top < 0) {
      this.tip = null;
      return;
    }
    const best = nearestHit(this.hits, left, top, 12);
    this.tip = best ? { ...this.chart.tipPosition(best.x, best.y), trials: best.trials } : null;
  }

  override render() {
    const model = this.lifetime.model;
    const empty = !this.data || (this.data.trialsAt.length === 0 && this.data.unscored.length === 0);
    const tip = this.tip;
    const metric = model?.objective.metric ?? 'val_acc';
    return html`
      <div class="plot" part="plot"></div>
      ${empty ? html`<div class="empty">No trial has a score yet.</div>` : nothing}
      ${this.data?.ranges.some((r) => r.optimizer)
        ? html`<p class="bands-note" data-bands-note>Stages that refined per optimizer shade each optimizer's own learning-rate range, in its colour.</p>`
        : nothing}
      ${tip && model
        ? html`<div class="tip" role="tooltip" style="left:${tip.left}px;top:${tip.top}px">
            ${tip.trials.map(
              (t) => html`<div>
                <strong><span class="swatch" style="background:${optimizerColor(t.config?.optimizer)}"></span>${t.config ? formatConfig(t.config) : t.id}</strong>
                <div class="muted">stage ${t.stage + 1} · ${trialStateLabel(t.status, t.epochs.length, t.epochsPlanned)} · ${METRIC_LABELS[metric]} ${formatMetric(metric, model.rankedMetric(t))}</div>
              </div>`,
            )}
          </div>`
        : nothing}
    `;
  }
}

customElements.define('lr-chart', LrChart);

declare global {
  interface HTMLElementTagNameMap {
    'lr-chart': LrChart;
  }
}
