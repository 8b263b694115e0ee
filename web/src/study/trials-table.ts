// <trials-table>: every trial of the study with its config, state, epochs and — the part viewers
// look for — the patience counter of a running trial ("2 of 3 epochs without improvement") or the
// reason a finished one stopped, in the worker's words and numbers. Each trial is labelled as a
// person counts ("Stage 1 #9") with the API's id under it (`s0-t08`, what the landscape and export
// name); on a phone that label and the state stay at the left while the rest scrolls.
import { LitElement, css, html, nothing } from 'lit';
import type { MetricName } from '../../../types/index.js';
import { optimizerColor } from '../shared/chart-colors.js';
import { METRIC_LABELS, OPTIMIZER_LABELS, trialStateLabel, formatLearningRate, formatMetric, formatNumber } from '../shared/format.js';
import { patienceText, type StudyModel, type TrialView } from './study-model.js';
import { sharedStyles } from '../shared/element-styles.js';
import { ScrollHintController } from '../shared/scroll-hint-controller.js';

export class TrialsTable extends LitElement {
  static override properties = { model: { attribute: false }, version: { type: Number }, only: { attribute: false } };

  static override styles = [
    sharedStyles,
    css`
      .table-wrap { max-height: 28rem; overflow: auto; --key-width: 5.6rem; }
      thead th { position: sticky; top: 0; z-index: 1; }
      thead th.key { z-index: 3; }
      .trial-id { display: block; color: var(--ink-faint); font-size: 0.75rem; }
      @media (max-width: 720px) {
        th.key, td.key { width: var(--key-width); min-width: var(--key-width); max-width: var(--key-width); box-sizing: border-box; }
        th.key.second, td.key.second { left: var(--key-width); width: auto; min-width: 0; max-width: none; }
      }
      td.why { min-width: 14rem; max-width: 30rem; }
      .meter { display: inline-flex; gap: 2px; vertical-align: middle; margin-right: 0.35rem; }
      .meter i { width: 8px; height: 8px; border-radius: 2px; background: var(--line); }
      .meter i.on { background: var(--patience-used); }
    `,
  ];

  model: StudyModel | null = null;
  /** The model's version: a new value re-renders the rows. */
  version = 0;
  /** Trial ids to list (the parallel coordinates' brushed selection); null lists every trial. */
  only: readonly string[] | null = null;
  private readonly scrollHint = new ScrollHintController(this);

  private why(t: TrialView) {
    if (t.status === 'running') {
      if (t.epochs.length === 0) {
        return html`<span class="muted">${t.promotedFrom ? `epoch ${t.promotedFrom.epoch + 1} training (continues ${t.promotedFrom.trialId})…` : 'first epoch training…'}</span>`;
      }
      return html`<span class="meter" aria-hidden="true">${Array.from({ length: t.patience }, (_, i) => html`<i class=${i < t.epochsSinceBest ? 'on' : ''}></i>`)}</span>${patienceText(t)}`;
    }
    return t.stopReason ? html`${t.stopReason}` : nothing;
  }

  private row(t: TrialView, metric: MetricName) {
    const last = t.epochs[t.epochs.length - 1];
    // A promoted trial counts its parent's epochs too: it is one training, continued.
    const done = last?.epoch ?? t.promotedFrom?.epoch ?? 0;
    const from = t.promotedFrom;
    return html`<tr data-trial=${t.id} data-status=${t.status}>
      <td class="key nowrap" data-trial-label>
        Stage ${t.stage + 1} #${t.index + 1}${from ? html`<span class="muted small" data-promoted-from=${from.trialId} title="promoted: continues ${from.trialId} after its epoch ${from.epoch}"> ↳</span>` : nothing}
        <code class="trial-id" title="The API's id of this trial">${t.id}</code>
      </td>
      <td class="key second"><span class="badge ${t.status}">${trialStateLabel(t.status, done, t.epochsPlanned)}</span></td>
      <td class="nowrap">${t.config ? html`<span class="swatch" style="background:${optimizerColor(t.config.optimizer)}"></span>${OPTIMIZER_LABELS[t.config.optimizer]}` : '…'}</td>
      <td class="num">${t.config ? formatLearningRate(t.config.learningRate) : ''}</td>
      <td class="num">${t.config?.batchSize ?? ''}</td>
      <td class="num">${done} / ${t.epochsPlanned}</td>
      <td class="num">${last ? (last.valLoss === null ? 'NaN' : formatNumber(last.valLoss)) : '—'}</td>
      <td class="num">${formatMetric(metric, this.model!.rankedMetric(t))}${t.bestEpoch !== null ? html` <span class="muted small">@${t.bestEpoch}</span>` : nothing}</td>
      <td class="why small">${this.why(t)}</td>
    </tr>`;
  }

  override render() {
    const model = this.model;
    if (!model || model.trials.size === 0) return html`<p class="muted">No trials yet.</p>`;
    const metric = model.objective.metric;
    return html`<div class="table-wrap">
      <table>
        <thead><tr><th class="key">Trial</th><th class="key second">State</th><th>Optimizer</th><th class="num">LR</th><th class="num">Batch</th><th class="num">Epochs</th><th class="num">Last val loss</th><th class="num">Best ${METRIC_LABELS[metric]}</th><th>Patience / why it ended</th></tr></thead>
        <tbody>${(this.only ? model.trialList.filter((t) => this.only!.includes(t.id)) : model.trialList).map((t) => this.row(t, metric))}</tbody>
      </table>
    </div>`;
  }
}

customElements.define('trials-table', TrialsTable);

declare global {
  interface HTMLElementTagNameMap {
    'trials-table': TrialsTable;
  }
}
