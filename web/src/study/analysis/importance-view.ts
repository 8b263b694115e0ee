// <importance-view>: which dimensions explain the objective, as the API computes it
// (GET /api/studies/:id/importance, search/importance.ts): a bar per sampled dimension with its
// share of the objective's variance across a stage's finished trials, the share left to
// interactions, the API's sentence above them ("learning rate explains 71% of the variance of
// val_acc across the 24 finished trials of stage 1; …"), and what was left out and why. With fewer
// than 8 finished trials it shows the sentence that says so, and no bars. A study of several stages
// gets a stage picker (the first stage is the default: it samples the whole space at one budget).
import { LitElement, css, html, nothing } from 'lit';
import { FINISHED_TRIAL_STATES } from '../../../../types/index.js';
import type { ImportanceResponse } from '../../../../types/api.js';
import { DIMENSION_LABELS } from '../../../../search/search-dimensions.js';
import type { ApiClient } from '../../shared/api-client.js';
import { sharedStyles } from '../../shared/element-styles.js';
import type { StudyModel } from '../study-model.js';
import { ImportanceController } from './importance-controller.js';

const percent = (share: number) => `${Math.round(share * 100)}%`;

export class ImportanceView extends LitElement {
  static override properties = { studyId: { type: String, attribute: 'study-id' }, model: { attribute: false }, version: { type: Number }, stage: { state: true } };

  static override styles = [
    sharedStyles,
    css`
      :host { display: block; }
      .head { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; align-items: baseline; justify-content: space-between; }
      .summary { margin: 0.2rem 0 0.6rem; }
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.3rem; }
      li { display: grid; grid-template-columns: minmax(6rem, 9rem) minmax(0, 1fr) 3.2rem; gap: 0.6rem; align-items: center; font-size: 0.85rem; }
      .track { height: 0.9rem; background: var(--subtle); border-radius: 3px; overflow: hidden; }
      .bar { display: block; height: 100%; background: var(--accent); border-radius: 3px; }
      li.rest .bar { background: var(--line-control); }
      .pct { text-align: right; font-variant-numeric: tabular-nums; }
      .note { margin: 0.5rem 0 0; }
    `,
  ];

  studyId = '';
  model: StudyModel | null = null;
  /** The model's version: a new value may mean more finished trials, and so a new ask. */
  version = 0;
  stage = 0;
  private api: ApiClient | null = null;
  private readonly importance = new ImportanceController(this, () => this.api);

  set client(api: ApiClient) {
    this.api = api;
  }

  protected override willUpdate(): void {
    const finished = this.model?.trialList.filter((t) => t.stage === this.stage && FINISHED_TRIAL_STATES.includes(t.status)).length ?? 0;
    if (this.studyId) this.importance.want({ studyId: this.studyId, stage: this.stage, finished });
  }

  private stagePicker(r: ImportanceResponse) {
    if (r.stages < 2) return nothing;
    return html`<label class="small">stage
      <select name="importance-stage" @change=${(e: Event) => (this.stage = Number((e.target as HTMLSelectElement).value))}>
        ${Array.from({ length: r.stages }, (_, k) => html`<option value=${k} ?selected=${k === this.stage}>${k + 1}</option>`)}
      </select>
    </label>`;
  }

  private bars(r: ImportanceResponse) {
    if (r.status !== 'computed') return nothing;
    return html`<ul>
      ${r.importances.map(
        (d) => html`<li data-dimension=${d.dimension} title="${percent(d.importance)} ± ${percent(d.sd)} across the forest's ${r.trees} trees${d.scale === 'log' ? '; read in log10' : ''}">
          <span>${DIMENSION_LABELS[d.dimension]}${d.scale === 'log' ? html` <span class="muted small">(log)</span>` : nothing}</span>
          <span class="track"><span class="bar" style="width:${(d.importance * 100).toFixed(1)}%"></span></span>
          <span class="pct">${percent(d.importance)}</span>
        </li>`,
      )}
      ${r.interactions !== null
        ? html`<li class="rest" data-dimension="interactions" title="What no single dimension explains: how dimensions act together">
            <span class="muted">interactions</span>
            <span class="track"><span class="bar" style="width:${(r.interactions * 100).toFixed(1)}%"></span></span>
            <span class="pct muted">${percent(r.interactions)}</span>
          </li>`
        : nothing}
    </ul>`;
  }

  override render() {
    const r = this.importance.value;
    if (!r) return html`<p class="muted">${this.importance.error ? `Importance not available: ${this.importance.error}` : 'Working out which dimensions matter…'}</p>`;
    return html`
      <div class="head">
        <p class="summary" data-importance-status=${r.status}>${r.summary}</p>
        ${this.stagePicker(r)}
      </div>
      ${this.bars(r)}
      ${r.skipped.map((s) => html`<p class="small muted note">${DIMENSION_LABELS[s.dimension]}: ${s.reason}.</p>`)}
      <p class="small muted note">
        Functional ANOVA on a random forest of ${r.trees} trees fitted to stage ${r.stage + 1}'s finished trials with a finite ${r.objective.metric} (configuration → value at the best epoch);
        log dimensions are read in log10. A bar is the share of the variance its dimension explains on its own; at least ${r.minTrials} trials are needed.
      </p>
    `;
  }
}

customElements.define('importance-view', ImportanceView);

declare global {
  interface HTMLElementTagNameMap {
    'importance-view': ImportanceView;
  }
}
