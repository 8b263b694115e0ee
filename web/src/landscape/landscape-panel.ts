// <landscape-panel>: the study page's loss-landscape card (studies created with keepWeights). Pick a
// finished trial (the best one by default), random or PCA directions, and whether the best trial of
// each optimizer is projected too; the button queues a landscape job, a progress bar follows its
// grid rows, and the finished landscape is drawn as contours with every trajectory.
import { LitElement, css, html, nothing } from 'lit';
import type { LandscapeDirections, TrialState } from '../../../types/index.js';
import type { ApiClient } from '../shared/api-client.js';
import { OPTIMIZER_LABELS, formatLearningRate, formatMetric } from '../shared/format.js';
import './landscape-chart.js';
import { LandscapeJobController } from './landscape-job-controller.js';
import { sharedStyles } from '../shared/element-styles.js';
import { stateProperties } from '../shared/state-properties.js';
import type { StudyModel, TrialView } from '../study/study-model.js';

/** Trials a landscape can be drawn around: finished with a usable result (the API's rule). */
const USABLE: readonly TrialState[] = ['completed', 'early-stopped', 'pruned'];
const GRID_SIZES = [11, 21, 31] as const;

export class LandscapePanel extends LitElement {
  static override properties = {
    studyId: { type: String, attribute: 'study-id' },
    model: { attribute: false },
    version: { type: Number },
    ...stateProperties('trialId', 'directions', 'withBest', 'grid'),
  };

  static override styles = [
    sharedStyles,
    css`
      form { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; font-size: 0.85rem; margin-bottom: 0.6rem; }
      select { font: inherit; font-size: 0.85rem; padding: 0.2rem 0.3rem; max-width: 100%; }
      label { display: inline-flex; gap: 0.3rem; align-items: center; }
      .progress { display: flex; gap: 0.6rem; align-items: center; font-size: 0.85rem; margin: 0.4rem 0 0.6rem; }
      progress { flex: 1; max-width: 24rem; height: 0.8rem; accent-color: var(--accent); }
      .intro { margin: 0 0 0.6rem; font-size: 0.85rem; color: var(--ink-muted); }
    `,
  ];

  studyId = '';
  model: StudyModel | null = null;
  version = 0;
  trialId = '';
  /** PCA by default: its plane holds the trajectories, where a random plane through them shows mostly their shadow. */
  directions: LandscapeDirections = 'pca';
  withBest = true;
  grid: (typeof GRID_SIZES)[number] = 21;
  private api: ApiClient | null = null;
  private readonly jobs = new LandscapeJobController(this, () => this.api);
  private drawnFor = '';

  set client(api: ApiClient) {
    this.api = api;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('studyId')) this.jobs.setStudy(this.studyId || null);
  }

  protected override updated(): void {
    const record = this.jobs.record;
    const key = record?.state === 'completed' && record.result ? record.id : '';
    if (key !== this.drawnFor) {
      this.drawnFor = key;
      this.renderRoot.querySelector('landscape-chart')?.setResult(key ? record!.result : null, record?.trialId ?? null);
    }
  }

  private usableTrials(): TrialView[] {
    return (this.model?.trialList ?? []).filter((t) => USABLE.includes(t.status) && t.config);
  }

  /** The chosen trial, else the best overall if usable, else the first usable one. */
  private selected(usable: TrialView[]): string {
    if (usable.some((t) => t.id === this.trialId)) return this.trialId;
    const best = this.model?.best?.overall?.trialId;
    return usable.find((t) => t.id === best)?.id ?? usable[0]?.id ?? '';
  }

  private submit(e: Event, trialId: string): void {
    e.preventDefault();
    if (!trialId) return;
    void this.jobs.request(trialId, { directions: this.directions, grid: this.grid, ...(this.withBest ? { trials: 'best-per-optimizer' as const } : {}) });
  }

  private trialLabel(t: TrialView): string {
    const metric = this.model!.objective.metric;
    return `${t.id} · ${OPTIMIZER_LABELS[t.config!.optimizer]}, lr ${formatLearningRate(t.config!.learningRate)} · ${formatMetric(metric, this.model!.rankedMetric(t))}`;
  }

  private progress() {
    const r = this.jobs.record;
    if (!r) return nothing;
    const { rowsDone, rows } = r.progress;
    switch (r.state) {
      case 'queued':
      case 'running':
        return html`<div class="progress" data-landscape-state=${r.state}>
          <span class="badge ${r.state}">${r.state}</span>
          <progress max=${rows} .value=${rowsDone} aria-label="Landscape rows evaluated"></progress>
          <span>${rowsDone} of ${rows} grid rows · around <code>${r.trialId}</code>, ${r.request.directions} directions</span>
        </div>`;
      case 'failed':
        return html`<p class="error" data-landscape-state="failed">The landscape around ${r.trialId} failed: ${r.error ?? 'no reason given'}</p>`;
      case 'completed':
        return html`<p class="small muted" data-landscape-state="completed">
          Around <code>${r.trialId}</code>, ${r.request.directions} directions, ${rows}×${rows} grid of ${r.result?.valSamples ?? '?'} validation images
          (${r.result ? `${Math.round(r.result.seconds)} s on ${r.result.backend}` : ''}).
        </p>`;
      default: {
        const never: never = r.state;
        return never;
      }
    }
  }

  override render() {
    const usable = this.usableTrials();
    const trialId = this.selected(usable);
    const busy = this.jobs.requesting || this.jobs.record?.state === 'queued' || this.jobs.record?.state === 'running';
    return html`
      <p class="intro">
        The validation loss on a plane through a trained trial's weights (Li et al., 2018), with the trials' weights after every epoch projected onto it.
      </p>
      ${usable.length === 0
        ? html`<p class="muted small">A landscape needs a completed, early-stopped or pruned trial; none has finished yet.</p>`
        : html`<form @submit=${(e: Event) => this.submit(e, trialId)}>
            <label>Around
              <select name="trial" @change=${(e: Event) => (this.trialId = (e.target as HTMLSelectElement).value)}>
                ${usable.map((t) => html`<option value=${t.id} ?selected=${t.id === trialId}>${this.trialLabel(t)}</option>`)}
              </select>
            </label>
            <span role="radiogroup" aria-label="Directions">
              ${(['random', 'pca'] as const).map(
                (d) => html`<label><input type="radio" name="directions" value=${d} .checked=${this.directions === d} @change=${() => (this.directions = d)} />${d === 'random' ? 'random directions' : 'PCA of the path'}</label> `,
              )}
            </span>
            <label><input type="checkbox" name="with-best" .checked=${this.withBest} @change=${(e: Event) => (this.withBest = (e.target as HTMLInputElement).checked)} /> best trial of each optimizer too</label>
            <label>grid
              <select name="grid" @change=${(e: Event) => (this.grid = Number((e.target as HTMLSelectElement).value) as (typeof GRID_SIZES)[number])}>
                ${GRID_SIZES.map((n) => html`<option value=${n} ?selected=${n === this.grid}>${n}×${n}</option>`)}
              </select>
            </label>
            <button class="primary" type="submit" name="draw-landscape" ?disabled=${busy || !trialId}>${this.jobs.requesting ? 'Asking…' : 'Draw landscape'}</button>
          </form>`}
      ${this.jobs.error ? html`<p class="error" role="alert">${this.jobs.error}</p>` : nothing}
      ${this.progress()}
      <div class="chart" ?hidden=${this.jobs.record?.state !== 'completed'}><landscape-chart></landscape-chart></div>
    `;
  }
}

customElements.define('landscape-panel', LandscapePanel);

declare global {
  interface HTMLElementTagNameMap {
    'landscape-panel': LandscapePanel;
  }
}
