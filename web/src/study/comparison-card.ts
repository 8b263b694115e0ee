// <comparison-card>: the optimizer race's verdict on the study page (GET /api/studies/:id/comparison).
// Each optimizer's best configuration of the compared stage as mean ± 95 % t-interval over its
// paired seeds, its seeds' values, the verdict per pair in words, and its validation curve as the
// mean of its repeats with a band from the lowest to the highest repeat. Reloaded whenever
// `version` changes (the study page passes the count of finished trials).
import { LitElement, css, html, nothing } from 'lit';
import type { ComparisonResponse } from '../../../types/api.js';
import type { ApiClient } from '../shared/api-client.js';
import { sharedStyles } from '../shared/element-styles.js';
import { OPTIMIZER_COLORS } from '../shared/chart-colors.js';
import { formatLearningRate, METRIC_LABELS, OPTIMIZER_LABELS } from '../shared/format.js';
import { formatMeanInterval, metricDecimals } from '../../../search/comparison.js';
import { stateProperties } from '../shared/state-properties.js';
import { runBand } from '../../../search/run-bands.js';
import type { BandChartData } from '../shared/band-chart.js';
import { metricOf, type StudyModel } from './study-model.js';
import '../shared/band-chart.js';

/** Values as the verdict writes them (0.981: accuracy with 3 decimals, loss with 4). */
const valueText = (c: ComparisonResponse, v: number | null) => (v === null ? '—' : v.toFixed(metricDecimals(c.objective.metric)));

/** Each compared optimizer's repeats, epoch by epoch, as a mean line with the repeats' range. */
export function comparisonBands(c: ComparisonResponse, model: StudyModel): BandChartData {
  const metric = c.objective.metric;
  const series = c.optimizers.map((o) => o.trialIds.map((id) => model.trials.get(id)?.epochs ?? []));
  const epochs = Math.max(0, ...series.flat().map((h) => h.length));
  const groups = c.optimizers.map((o, i) => {
    const runs = series[i]!.map((h) => h.map((m) => metricOf(m, metric)));
    return { label: OPTIMIZER_LABELS[o.optimizer], color: OPTIMIZER_COLORS[o.optimizer], ...runBand(runs, epochs, 'mean') };
  });
  return { x: Array.from({ length: epochs }, (_, k) => k + 1), groups, xLabel: 'epoch', yLabel: METRIC_LABELS[metric] };
}

export class ComparisonCard extends LitElement {
  static override properties = {
    studyId: { type: String, attribute: 'study-id' },
    version: { type: Number },
    ...stateProperties('comparison', 'error'),
  };

  static override styles = [
    sharedStyles,
    css`
      .verdicts { margin: 0.5rem 0; padding-left: 1.2rem; }
      .verdicts li { margin: 0.25rem 0; }
      .verdicts li.clear { font-weight: 600; }
      .note { font-size: 0.85rem; color: var(--ink-muted); }
      td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
      .swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px; margin-right: 0.3em; vertical-align: -0.05em; }
    `,
  ];

  studyId = '';
  version = 0;
  comparison: ComparisonResponse | null = null;
  error: string | null = null;
  model: StudyModel | null = null;
  private api: ApiClient | null = null;
  private loading: Promise<void> | null = null;

  set client(api: ApiClient | null) {
    this.api = api;
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('studyId') || changed.has('version')) void this.load();
    const chart = this.renderRoot.querySelector('band-chart');
    if (chart && this.comparison && this.model) chart.setData(comparisonBands(this.comparison, this.model));
  }

  private async load(): Promise<void> {
    if (!this.api || !this.studyId || this.loading) return;
    const id = this.studyId;
    this.loading = (async () => {
      try {
        const c = await this.api!.getComparison(id);
        if (id === this.studyId) [this.comparison, this.error] = [c, null];
      } catch (err) {
        this.error = err instanceof Error ? err.message : String(err);
      } finally {
        this.loading = null;
      }
    })();
    await this.loading;
  }

  override render() {
    const c = this.comparison;
    if (this.error) return html`<p class="error">Comparison not available: ${this.error}</p>`;
    if (!c || c.optimizers.length === 0) return html`<p class="muted">No configuration has a result yet.</p>`;
    const stage = c.stage === null ? '' : `stage ${c.stage + 1}${c.confirm ? ' (confirm: fresh seeds)' : ''}`;
    return html`
      <p class="note" data-comparison-stage=${String(c.stage)}>
        ${stage} · ${c.repeats} paired seed${c.repeats === 1 ? '' : 's'} per configuration · ranked by the ${c.objective.aggregate} of ${METRIC_LABELS[c.objective.metric]}${c.final ? '' : ' · so far'}
      </p>
      <ul class="verdicts">
        ${c.pairs.map((p) => html`<li class=${p.better ? 'clear' : 'unclear'} data-verdict=${p.better ?? 'none'}>${p.verdict}</li>`)}
        ${c.pairs.length === 0 ? html`<li class="muted">One optimizer only: nothing to compare it with.</li>` : nothing}
      </ul>
      <div class="table-wrap">
        <table>
          <thead><tr><th>optimizer</th><th>learning rate</th><th title="mean ± half-width of the 95 % Student-t interval over the repeats">mean ± 95 % CI</th><th>per seed</th></tr></thead>
          <tbody>
            ${c.optimizers.map(
              (o) => html`<tr data-optimizer=${o.optimizer}>
                <td><span class="swatch" style="background:${OPTIMIZER_COLORS[o.optimizer]}"></span>${OPTIMIZER_LABELS[o.optimizer]}</td>
                <td class="num">${formatLearningRate(o.config.learningRate)}</td>
                <td class="num">${o.interval ? formatMeanInterval(o.interval, c.objective.metric) : '—'}</td>
                <td class="num">${o.values.map((v) => valueText(c, v)).join(' · ')}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <band-chart></band-chart>
      <p class="note">
        Lines: each optimizer's mean ${METRIC_LABELS[c.objective.metric]} over its repeats, epoch by epoch; bands: from its lowest to its highest repeat.
        Intervals: ${c.interval}. ${c.note.charAt(0).toUpperCase()}${c.note.slice(1)}.
      </p>
    `;
  }
}

customElements.define('comparison-card', ComparisonCard);

declare global {
  interface HTMLElementTagNameMap {
    'comparison-card': ComparisonCard;
  }
}
