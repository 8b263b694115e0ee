// <study-analysis>: the study page's two analysis views side by side — which dimensions explain the
// objective (<importance-view>, from the API) and every finished trial across the sampled
// dimensions (<parallel-coords>), with the colour key and the selection a brush makes. The
// `trials-brushed` event of the parallel coordinates passes through to the page, which narrows the
// curves and the trials table; "Show all" clears the brushes.
import { LitElement, css, html, nothing } from 'lit';
import { OBJECTIVE_COLORS } from '../../shared/chart-colors.js';
import type { ApiClient } from '../../shared/api-client.js';
import { sharedStyles } from '../../shared/element-styles.js';
import { METRIC_LABELS } from '../../shared/format.js';
import type { StudyModel } from '../study-model.js';
import './importance-view.js';
import './parallel-coords.js';

export class StudyAnalysis extends LitElement {
  static override properties = { studyId: { type: String, attribute: 'study-id' }, model: { attribute: false }, version: { type: Number }, selected: { state: true } };

  static override styles = [
    sharedStyles,
    css`
      :host { display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); }
      @media (min-width: 1100px) { :host { grid-template-columns: minmax(18rem, 1fr) minmax(0, 2fr); align-items: start; } }
      h3 { margin: 0 0 0.3rem; font-size: 0.95rem; font-weight: 600; }
      .key { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; align-items: center; font-size: 0.8rem; color: var(--ink-muted); margin-top: 0.4rem; }
      .ramp { display: inline-flex; gap: 1px; vertical-align: middle; margin: 0 0.3rem; }
      .ramp i { width: 0.9rem; height: 0.6rem; }
      button.link { padding: 0.1rem 0.5rem; font-size: 0.8rem; }
    `,
  ];

  studyId = '';
  model: StudyModel | null = null;
  version = 0;
  /** How many trials the brushes select; null when nothing is brushed. */
  selected: number | null = null;
  private api: ApiClient | null = null;

  set client(api: ApiClient) {
    this.api = api;
  }

  private onBrushed(e: CustomEvent<{ trialIds: string[] | null }>): void {
    this.selected = e.detail.trialIds?.length ?? null;
  }

  override render() {
    const metric = this.model?.objective.metric ?? 'val_acc';
    const better = this.model?.objective.mode === 'min' ? 'lower' : 'higher';
    return html`
      <div>
        <h3>What explains ${METRIC_LABELS[metric]}</h3>
        <importance-view study-id=${this.studyId} .client=${this.api!} .model=${this.model} .version=${this.version}></importance-view>
      </div>
      <div @trials-brushed=${this.onBrushed}>
        <h3>Every finished trial across the sampled dimensions</h3>
        <parallel-coords .model=${this.model}></parallel-coords>
        <div class="key">
          <span>${METRIC_LABELS[metric]}: worse<span class="ramp" aria-hidden="true">${OBJECTIVE_COLORS.map((c) => html`<i style="background:${c}"></i>`)}</span>better (${better})</span>
          <span class="muted">drag along an axis to select trials; click an axis to clear its selection</span>
          ${this.selected !== null
            ? html`<span data-brush-selection>${this.selected} trial${this.selected === 1 ? '' : 's'} selected: the curves and the table show only these</span>
                <button class="link" name="clear-brushes" @click=${() => this.renderRoot.querySelector('parallel-coords')?.clearBrushes()}>Show all</button>`
            : nothing}
        </div>
      </div>
    `;
  }
}

customElements.define('study-analysis', StudyAnalysis);

declare global {
  interface HTMLElementTagNameMap {
    'study-analysis': StudyAnalysis;
  }
}
