// <study-list-view>: the studies, newest first, with state, progress per stage and the best
// metric so far (polled), boxes to pick 2 to 4 of them for the compare page, and the form that
// starts a new one.
import { LitElement, css, html, nothing } from 'lit';
import type { ApiClient, StudySummary } from '../shared/api-client.js';
import { optimizerColor } from '../shared/chart-colors.js';
import { METRIC_LABELS, OPTIMIZER_LABELS, formatLearningRate, formatMetric } from '../shared/format.js';
import { PollController } from '../shared/poll-controller.js';
import { navigate, onLinkClick, routeUrl } from '../app/router.js';
import { stateProperties } from '../shared/state-properties.js';
import { MAX_COMPARED } from '../compare/compare-page.js';
import { sharedStyles } from '../shared/element-styles.js';
import { ScrollHintController } from '../shared/scroll-hint-controller.js';
import './create/study-create-form.js';

export class StudyListView extends LitElement {
  static override properties = stateProperties('picked');

  static override styles = [
    sharedStyles,
    css`
      :host { display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); }
      @media (min-width: 1100px) { :host { grid-template-columns: minmax(0, 1fr) minmax(0, 1.25fr); align-items: start; } }
      .progress { display: flex; flex-wrap: wrap; gap: 0.25rem 0.6rem; }
      .progress span { white-space: nowrap; }
      td.name a { font-weight: 600; }
      td.name .muted { display: block; }
      td.name input { margin: 0 0.4rem 0 0; vertical-align: -0.1em; }
      @media (max-width: 600px) { .dataset { display: none; } }
    `,
  ];

  /** Studies ticked for the compare page, in the order ticked. */
  picked: string[] = [];
  private api: ApiClient | null = null;
  private readonly scrollHint = new ScrollHintController(this);
  private readonly poll = new PollController<{ studies: StudySummary[]; total: number }>(
    this,
    () => (this.api ? this.api.listStudies() : Promise.resolve({ studies: [], total: 0 })),
    3000,
  );

  set client(api: ApiClient) {
    if (api === this.api) return;
    this.api = api;
    this.poll.refresh();
  }

  private pick(id: string, on: boolean): void {
    this.picked = on ? [...this.picked.filter((p) => p !== id), id] : this.picked.filter((p) => p !== id);
  }

  private row(s: StudySummary) {
    const best = s.best?.overall ?? null;
    return html`<tr data-study=${s.id}>
      <td class="key name"><input type="checkbox" name="compare" value=${s.id} title="Pick for comparing" .checked=${this.picked.includes(s.id)} @change=${(e: Event) => this.pick(s.id, (e.target as HTMLInputElement).checked)} /><a href="/studies/${s.id}">${s.name}</a><span class="muted small">${s.id} · ${new Date(s.createdAt).toLocaleString()}</span></td>
      <td class="dataset">${s.dataset}</td>
      <td><span class="badge ${s.state}">${s.state}</span></td>
      <td><div class="progress">${s.progress.map((p) => html`<span>stage ${p.index + 1}: ${p.finished}/${p.trials}${p.cancelled ? ` (${p.cancelled} cancelled)` : ''}</span>`)}</div>
        <span class="muted small">${s.trialsFinished} of ${s.trialsTotal} trials done</span></td>
      <td>${best
        ? html`${formatMetric(s.objective.metric, best.metric)} <span class="muted small">${METRIC_LABELS[s.objective.metric]}</span>
            <div class="small"><span class="swatch" style="background:${optimizerColor(best.config.optimizer)}"></span>${OPTIMIZER_LABELS[best.config.optimizer]}, lr ${formatLearningRate(best.config.learningRate)}</div>`
        : html`<span class="muted">—</span>`}</td>
    </tr>`;
  }

  override render() {
    const list = this.poll.value;
    return html`
      <section class="card">
        <h2>Studies</h2>
        ${this.poll.error ? html`<p class="error">Could not load the studies: ${this.poll.error}</p>` : nothing}
        ${!list
          ? html`<p class="muted">Loading…</p>`
          : list.studies.length === 0
            ? html`<p class="muted">No study yet: start one with the form (the quick demo takes about half a minute).</p>`
            : html`<div class="table-wrap" @click=${onLinkClick}>
                <table>
                  <thead><tr><th class="key">Study</th><th class="dataset">Dataset</th><th>State</th><th>Progress</th><th>Best so far</th></tr></thead>
                  <tbody>${list.studies.map((s) => this.row(s))}</tbody>
                </table>
              </div>
              <p class="compare small"><button name="compare" ?disabled=${this.picked.length < 2 || this.picked.length > MAX_COMPARED} @click=${() => navigate(routeUrl({ view: 'compare', studyIds: this.picked }))}>Compare${this.picked.length ? ` ${this.picked.length}` : ''}</button>
                <span class="muted">tick 2 to ${MAX_COMPARED} studies to see their best curves and configurations side by side</span></p>
              ${list.total > list.studies.length ? html`<p class="muted small">Showing the newest ${list.studies.length} of ${list.total}.</p>` : nothing}`}
      </section>
      <section class="card">
        <h2>New study</h2>
        <study-create-form .client=${this.api!}></study-create-form>
      </section>
    `;
  }
}

customElements.define('study-list-view', StudyListView);

declare global {
  interface HTMLElementTagNameMap {
    'study-list-view': StudyListView;
  }
}
