// <best-configs>: the best configuration overall and per optimizer, with its metric, epochs and
// how it ended; "Copy JSON" copies a StudySpec that re-runs that configuration (rerun-spec.ts) and
// "Re-run" opens it in the new-study editor.
import { LitElement, css, html, nothing } from 'lit';
import type { BestConfiguration, BestSummary, OptimizerName, StudySpec } from '../../../types/index.js';
import { OPTIMIZERS } from '../../../types/index.js';
import { optimizerColor } from '../shared/chart-colors.js';
import { METRIC_LABELS, OPTIMIZER_LABELS, trialStateLabel, formatKnobs, formatLearningRate, formatMetric } from '../shared/format.js';
import { sharedStyles } from '../shared/element-styles.js';
import { ScrollHintController } from '../shared/scroll-hint-controller.js';
import { openInEditor } from '../app/router.js';
import { rerunSpec } from './rerun-spec.js';
import { repeatsText } from './interval-text.js';

/** Copies text, with the old execCommand path where the Clipboard API is unavailable (plain http). */
async function copyText(text: string, anchor: HTMLElement): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the textarea path
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  anchor.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  return ok;
}

export class BestConfigs extends LitElement {
  static override properties = { best: { attribute: false }, spec: { attribute: false }, final: { type: Boolean }, copied: { state: true } };

  static override styles = [
    sharedStyles,
    css`
      td.reason { min-width: 16rem; max-width: 36rem; }
      tr.overall td { background: var(--paper-highlight); font-weight: 600; }
      tr.overall td.reason, tr.overall td .muted { font-weight: normal; }
      .knobs { font-weight: normal; white-space: normal; max-width: 14rem; }
      button.copy, button.rerun { padding: 0.15rem 0.5rem; font-size: 0.78rem; white-space: nowrap; }
    `,
  ];

  best: BestSummary | null = null;
  /** The study's spec, which the re-run specs are derived from; without it "Copy JSON" copies the bare config. */
  spec: StudySpec | null = null;
  final = false;
  copied: string | null = null;
  private readonly scrollHint = new ScrollHintController(this);
  private copiedTimer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.copiedTimer);
  }

  private rerun(b: BestConfiguration): StudySpec | null {
    // A configuration with repeats names its first run, which trained with its first seed.
    return this.spec ? rerunSpec(this.spec, { trialId: b.trialId, stage: b.stage, config: b.config, seed: b.repeats?.seeds[0] }) : null;
  }

  private async copy(row: string, b: BestConfiguration): Promise<void> {
    const ok = await copyText(JSON.stringify(this.rerun(b) ?? b.config, null, 2), this.renderRoot as unknown as HTMLElement);
    this.copied = ok ? row : null;
    clearTimeout(this.copiedTimer);
    this.copiedTimer = setTimeout(() => (this.copied = null), 2000);
    this.dispatchEvent(new CustomEvent('config-copied', { detail: { config: b.config, ok }, bubbles: true, composed: true }));
  }

  private row(key: string, scope: string, b: BestConfiguration) {
    const metric = this.best!.objective.metric;
    const knobs = formatKnobs(b.config);
    return html`<tr class=${key === 'overall' ? 'overall' : ''} data-row=${key}>
      <td class="key nowrap">${scope}</td>
      <td class="nowrap"><span class="swatch" style="background:${optimizerColor(b.config.optimizer)}"></span>${OPTIMIZER_LABELS[b.config.optimizer]}
        ${knobs ? html`<div class="small muted knobs">${knobs}</div>` : nothing}</td>
      <td class="num">${formatLearningRate(b.config.learningRate)}</td>
      <td class="num">${b.config.batchSize}</td>
      <td class="num">${formatMetric(metric, b.metric)}${b.repeats ? html`<div class="small muted" data-interval>${repeatsText(b.repeats, metric)}</div>` : nothing}</td>
      <td class="num">${b.epochsDone}</td>
      <td class="num muted" data-test-acc>${b.test ? formatMetric('val_acc', b.test.acc) : '—'}</td>
      <td class="reason"><span class="badge ${b.status}">${trialStateLabel(b.status, b.epochsDone, this.spec?.stages[b.stage]?.epochs)}</span>
        ${b.stopReason ? html`<div class="small muted">${b.stopReason}</div>` : nothing}</td>
      <td class="nowrap"><button class="copy" @click=${() => void this.copy(key, b)} title="Copy a study spec that re-runs this configuration, as JSON">${this.copied === key ? 'Copied ✓' : 'Copy JSON'}</button>
        ${this.spec ? html`<button class="rerun" name="rerun" @click=${() => openInEditor(this.rerun(b))} title="Open a study that re-runs this configuration in the editor">Re-run</button>` : nothing}</td>
    </tr>`;
  }

  override render() {
    const best = this.best;
    if (!best || !best.overall) return html`<p class="muted">No trial has finished with a score yet.</p>`;
    const per = OPTIMIZERS.map((o): [OptimizerName, BestConfiguration | undefined] => [o, best.byOptimizer[o]]).filter(
      (e): e is [OptimizerName, BestConfiguration] => e[1] !== undefined,
    );
    return html`
      <p class="small muted">Ranked by ${METRIC_LABELS[best.objective.metric]} (${best.objective.mode === 'max' ? 'higher' : 'lower'} is better)${this.final ? '' : ', so far'}.</p>
      <div class="table-wrap">
        <table>
          <thead><tr><th class="key"></th><th>Optimizer</th><th class="num">LR</th><th class="num">Batch</th><th class="num">${METRIC_LABELS[best.objective.metric]}</th><th class="num">Epochs</th><th class="num" title="Accuracy of the final weights on the held-out test set: reported, never used for ranking">test acc (held out)</th><th>Ended</th><th></th></tr></thead>
          <tbody>
            ${this.row('overall', 'Overall', best.overall)}
            ${per.map(([o, b]) => this.row(o, `Best ${OPTIMIZER_LABELS[o]}`, b))}
          </tbody>
        </table>
      </div>
    `;
  }
}

customElements.define('best-configs', BestConfigs);

declare global {
  interface HTMLElementTagNameMap {
    'best-configs': BestConfigs;
  }
}
