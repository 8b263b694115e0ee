// <study-view>: the page of one study (/studies/<id>). It owns the study's live feed (through a
// reactive controller) and lays out what a viewer asks of it: how each trial is doing (curves,
// table), which stopped early and why (markers, reasons), the best configurations, where the
// good learning rates lie (lr view), stage progress and the workers; for studies that kept their
// weights, the loss landscape around a trained trial (for the others, a note on how to keep
// them). Its view settings (train curves, log y, only the best trial of each optimizer) live in
// the URL.
import { LitElement, css, html, nothing } from 'lit';
import type { OptimizerName } from '../../../types/index.js';
import { OPTIMIZERS } from '../../../types/index.js';
import type { ApiClient } from '../shared/api-client.js';
import { TERMINAL_STUDY_STATES } from '../shared/api-client.js';
import { MARKER_COLORS, OPTIMIZER_COLORS } from '../shared/chart-colors.js';
import { METRIC_LABELS, OPTIMIZER_LABELS } from '../shared/format.js';
import { navigate, onLinkClick, openInEditor, routeUrl } from '../app/router.js';
import { sharedStyles } from '../shared/element-styles.js';
import { FEED_STATES } from './study-feed.js';
import { StudyStreamController } from './study-stream-controller.js';
import { cloneSpec } from './rerun-spec.js';
import './best-configs.js';
import './comparison-card.js';
import './curves-chart.js';
import '../landscape/landscape-panel.js';
import './lr-chart.js';
import './stage-progress.js';
import './trials-table.js';
import './workers-panel.js';
import './analysis/study-analysis.js';

const FEED_LABELS = {
  [FEED_STATES.loading]: 'loading…',
  [FEED_STATES.live]: 'live',
  [FEED_STATES.reconnecting]: 'reconnecting…',
  [FEED_STATES.ended]: 'finished',
  [FEED_STATES.failed]: 'not available',
  [FEED_STATES.closed]: 'closed',
} as const;

export class StudyView extends LitElement {
  static override properties = {
    studyId: { type: String, attribute: 'study-id' },
    showTrain: { type: Boolean, attribute: 'show-train' },
    logY: { type: Boolean, attribute: 'log-y' },
    bestOnly: { type: Boolean, attribute: 'best-only' },
    cancelling: { state: true },
    deleting: { state: true },
    brushed: { state: true },
  };

  static override styles = [
    sharedStyles,
    css`
      :host { display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); }
      .head { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; align-items: center; justify-content: space-between; }
      .head h1 { margin: 0; font-size: 1.25rem; }
      .title { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
      .meta { font-size: 0.85rem; color: var(--ink-muted); }
      .back { font-size: 0.85rem; }
      .head .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; }
      .row2 { display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); }
      @media (min-width: 1000px) { .row2 { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); align-items: start; } }
      .curves header { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; align-items: baseline; justify-content: space-between; }
      .curves header h2 { margin: 0; }
      .toggles { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; font-size: 0.85rem; }
      .toggles label { display: inline-flex; gap: 0.3rem; align-items: center; cursor: pointer; }
      .charts { display: grid; gap: 0.5rem 1rem; grid-template-columns: minmax(0, 1fr); margin-top: 0.5rem; }
      @media (min-width: 1000px) { .charts { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
      .legend { display: flex; flex-wrap: wrap; gap: 0.2rem 0.9rem; font-size: 0.8rem; color: var(--ink-muted); margin-top: 0.4rem; }
      .legend .sym { display: inline-block; width: 1em; text-align: center; font-weight: 700; }
      .stack { display: grid; gap: 1rem; align-content: start; }
      .error-box { padding: 0.6rem 0.8rem; background: var(--error-paper); border-radius: 6px; color: var(--error-ink); }
    `,
  ];

  studyId = '';
  showTrain = false;
  logY = false;
  bestOnly = false;
  cancelling = false;
  deleting = false;
  /** The trials the parallel coordinates' brushes select (null: no brush); the curves and the table show only these. */
  brushed: readonly string[] | null = null;
  private api: ApiClient | null = null;
  private readonly stream = new StudyStreamController(this, () => this.api);

  set client(api: ApiClient) {
    this.api = api;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('studyId')) this.stream.setStudy(this.studyId || null);
  }

  protected override updated(): void {
    const name = this.stream.model.study?.spec.name;
    if (name) document.title = `${name} · Optimizer playground`;
  }

  private setView(patch: { showTrain?: boolean; logY?: boolean; bestOnly?: boolean }): void {
    navigate(
      routeUrl({ view: 'study', studyId: this.studyId, showTrain: patch.showTrain ?? this.showTrain, logY: patch.logY ?? this.logY, bestOnly: patch.bestOnly ?? this.bestOnly }),
      true,
    );
  }

  private async deleteStudy(): Promise<void> {
    if (!this.api || this.deleting) return;
    if (!confirm(`Delete study ${this.studyId} with its trials and kept weights? This cannot be undone.`)) return;
    this.deleting = true;
    try {
      await this.api.deleteStudy(this.studyId);
      navigate('/');
    } catch (err) {
      alert(`Could not delete: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.deleting = false;
    }
  }

  private async cancel(): Promise<void> {
    if (!this.api || this.cancelling) return;
    if (!confirm(`Cancel study ${this.studyId}? Queued trials will not run and running ones stop after their current batch; finished results stay.`)) return;
    this.cancelling = true;
    try {
      await this.api.cancelStudy(this.studyId);
    } catch (err) {
      alert(`Could not cancel: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.cancelling = false;
    }
  }

  override render() {
    const { model } = this.stream;
    const study = model.study;
    if (this.stream.state === FEED_STATES.failed && !study) {
      return html`<section class="card" @click=${onLinkClick}>
        <p class="error-box">Study <code>${this.studyId}</code> could not be loaded: ${this.stream.detail}</p>
        <p><a href="/">← All studies</a></p>
      </section>`;
    }
    if (!study) return html`<section class="card"><p class="muted">Loading study ${this.studyId}…</p></section>`;
    const objective = study.spec.objective;
    const es = study.spec.earlyStopping;
    const present = new Set<OptimizerName>([...model.trials.values()].flatMap((t) => (t.config ? [t.config.optimizer] : [])));
    const terminal = TERMINAL_STUDY_STATES.includes(model.state);
    const counts = model.stageCounts();
    const done = counts.reduce((n, s) => n + s.finished, 0);
    const cancelled = counts.reduce((n, s) => n + s.cancelled, 0);
    const total = counts.reduce((n, s) => n + s.trialsPlanned, 0);
    const current = counts.filter((s) => s.recordState !== null).length;
    const badge = this.stream.badge;
    // "Best of each optimizer only": the per-optimizer winners side by side (the fair race's view).
    const best = this.bestOnly && model.best ? OPTIMIZERS.flatMap((o) => (model.best!.byOptimizer[o] ? [model.best!.byOptimizer[o]!.trialId] : [])) : null;
    const only = best && this.brushed ? best.filter((id) => this.brushed!.includes(id)) : (best ?? this.brushed);
    return html`
      <section class="card head" @click=${onLinkClick}>
        <div>
          <a class="back" href="/">← All studies</a>
          <div class="title">
            <h1>${study.spec.name}</h1>
            <span class="badge ${model.state}" data-study-state=${model.state}>${model.state}</span>
            ${badge ? html`<span class="badge ${badge}" data-feed-state=${badge} title=${this.stream.detail}>${FEED_LABELS[badge]}</span>` : nothing}
          </div>
          <div class="meta">
            <code>${study.id}</code> · ${study.spec.dataset} · ranked by ${METRIC_LABELS[objective.metric]} ·
            stage ${Math.max(1, current)} of ${counts.length}, ${done} of ${total} trials done${cancelled ? `, ${cancelled} cancelled` : ''} ·
            early stopping ${es.enabled ? html`on ${es.monitor}, patience ${es.patience}, min Δ ${es.minDelta}, warmup ${es.warmup}` : 'off'} · seed ${study.spec.seed}
          </div>
        </div>
        <div class="downloads small" title="One row per trial: config, best and final metrics, test metrics, why it ended">
          Download ${(['csv', 'json'] as const).map((f) => html`<a href=${this.api?.exportUrl(study.id, f) ?? '#'} download data-export=${f}>${f.toUpperCase()}</a> `)}
          · per epoch <a href=${this.api?.exportUrl(study.id, 'csv', true) ?? '#'} download data-export="csv-epochs">CSV</a>
        </div>
        <span class="actions">
          <button name="clone" @click=${() => openInEditor(cloneSpec(study.spec))} title="Open this study's spec in the new-study editor">Clone study</button>
          ${terminal
            ? html`<button class="delete" @click=${this.deleteStudy} ?disabled=${this.deleting}>${this.deleting ? 'Deleting…' : 'Delete study'}</button>`
            : html`<button class="cancel" @click=${this.cancel} ?disabled=${this.cancelling}>${this.cancelling ? 'Cancelling…' : 'Cancel study'}</button>`}
        </span>
        ${study.error ? html`<p class="error">${study.error}</p>` : nothing}
      </section>

      <section class="card curves">
        <header>
          <h2>Validation curves</h2>
          <div class="toggles">
            <label><input type="checkbox" name="train" .checked=${this.showTrain} @change=${(e: Event) => this.setView({ showTrain: (e.target as HTMLInputElement).checked })} /> train curves (dashed)</label>
            <label><input type="checkbox" name="logy" .checked=${this.logY} @change=${(e: Event) => this.setView({ logY: (e.target as HTMLInputElement).checked })} /> log y for loss</label>
            <label title="One curve per optimizer: its best trial"><input type="checkbox" name="best" .checked=${this.bestOnly} @change=${(e: Event) => this.setView({ bestOnly: (e.target as HTMLInputElement).checked })} /> best of each optimizer only</label>
          </div>
        </header>
        <div class="legend">
          ${OPTIMIZERS.filter((o) => present.has(o)).map((o) => html`<span><span class="swatch" style="background:${OPTIMIZER_COLORS[o]}"></span>${OPTIMIZER_LABELS[o]}</span>`)}
          <span><span class="sym" style="color:${MARKER_COLORS.stop}">×</span>stopped early</span>
          <span title="Stopped by the pruner for trailing its peers at the same epoch"><span class="sym" style="color:${MARKER_COLORS.pruned}">■</span>pruned</span>
          <span><span class="sym" style="color:${MARKER_COLORS.best}">●</span>best epoch</span>
          <span><span class="sym" style="color:${MARKER_COLORS.diverged}">▲</span>diverged</span>
          <span class="muted">hover a line for its config, a marker for why it stopped (click to pin)</span>
        </div>
        <div class="charts">
          <curves-chart metric="loss" heading="Val loss" .model=${model} .only=${only} ?show-train=${this.showTrain} ?log-y=${this.logY}></curves-chart>
          <curves-chart metric="acc" heading="Val accuracy" .model=${model} .only=${only} ?show-train=${this.showTrain}></curves-chart>
        </div>
      </section>

      <section class="card" @trials-brushed=${(e: CustomEvent<{ trialIds: string[] | null }>) => (this.brushed = e.detail.trialIds)}>
        <h2>Analysis</h2>
        <study-analysis study-id=${this.studyId} .client=${this.api!} .model=${model} .version=${model.version}></study-analysis>
      </section>

      ${study.spec.refine === 'per-optimizer' || (study.spec.repeats ?? 1) > 1
        ? html`<section class="card" data-card="comparison">
            <h2>Optimizer comparison</h2>
            <comparison-card study-id=${study.id} .version=${done} .client=${this.api} .model=${model}></comparison-card>
          </section>`
        : nothing}
      <section class="card">
        <h2>Best configurations</h2>
        <best-configs .best=${model.best} .spec=${study.spec} ?final=${model.bestIsFinal}></best-configs>
      </section>

      <div class="row2">
        <section class="card">
          <h2>Learning rate vs ${METRIC_LABELS[objective.metric]}</h2>
          <lr-chart .model=${model}></lr-chart>
          <p class="small muted">Each dot is a trial at its best epoch; the shaded bands are the stages' learning-rate ranges, narrowing from coarse to fine.</p>
        </section>
        <div class="stack">
          <section class="card">
            <h2>Stages</h2>
            <stage-progress .stages=${counts}></stage-progress>
          </section>
          <section class="card" @click=${onLinkClick}>
            <h2>Workers</h2>
            <workers-panel study-id=${this.studyId} .client=${this.api!}></workers-panel>
          </section>
        </div>
      </div>

      ${study.spec.keepWeights
        ? html`<section class="card">
            <h2>Loss landscape</h2>
            <landscape-panel study-id=${this.studyId} .client=${this.api!} .model=${model} .version=${model.version}></landscape-panel>
          </section>`
        : html`<section class="card" data-landscape-off>
            <h2>Loss landscape</h2>
            <p class="small muted">
              This study did not keep its trials' weights, so no loss landscape can be drawn around them. To draw one, create a study with
              <code>"keepWeights": true</code> in its spec (the quick demo and the optimizer race have it).
            </p>
          </section>`}

      <section class="card">
        <h2>Trials</h2>
        <trials-table .model=${model} .version=${model.version} .only=${this.brushed}></trials-table>
      </section>

    `;
  }
}

customElements.define('study-view', StudyView);

declare global {
  interface HTMLElementTagNameMap {
    'study-view': StudyView;
  }
}
