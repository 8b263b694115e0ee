// <compare-page>: 2 to 4 studies on one page (/compare?ids=a,b), each in its own colour: the
// validation curve of each study's best trial, the best value so far against the epochs the
// whole study had trained (which study gets good fastest for its compute), and the best
// configurations side by side. Everything comes from the existing API (compare-load.ts) and is
// read once; "Reload" reads it again for studies still running. An id the API does not know is
// named on the page; the others are still compared.
import { LitElement, css, html, nothing } from 'lit';
import type { MetricName } from '../../../types/index.js';
import type { ApiClient } from '../shared/api-client.js';
import { STUDY_COLORS } from '../shared/chart-colors.js';
import { sharedStyles } from '../shared/element-styles.js';
import { METRIC_LABELS } from '../shared/format.js';
import { stateProperties } from '../shared/state-properties.js';
import { onLinkClick } from '../app/router.js';
import type { CompareLine } from './compare-chart.js';
import { bestSoFarByCumulativeEpochs, trialCurve } from './compare-data.js';
import type { ComparedColumn } from './compare-configs.js';
import { loadComparedStudy, type CompareLoad } from './compare-load.js';
import './compare-chart.js';
import './compare-configs.js';

/** The most studies one page compares (more lines than this stop being readable). */
export const MAX_COMPARED = 4;

export class ComparePage extends LitElement {
  static override properties = { studyIds: { attribute: false }, ...stateProperties('loads', 'loading', 'metric') };

  static override styles = [
    sharedStyles,
    css`
      :host { display: grid; gap: 1rem; }
      .head { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 0.4rem 1rem; align-items: center; }
      .head > p { grid-column: 1 / -1; margin: 0; }
      h1 { margin: 0.1rem 0 0; font-size: 1.25rem; }
      .legend { display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; font-size: 0.85rem; margin-top: 0.3rem; }
      .controls { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; font-size: 0.85rem; }
      .charts { display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); }
      @media (min-width: 1000px) { .charts { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
      .charts .card p { margin: 0.4rem 0 0; }
    `,
  ];

  studyIds: string[] = [];
  /** One load per compared id, in the order given; null before the first load. */
  loads: CompareLoad[] | null = null;
  loading = false;
  /** The metric the charts draw; null: the first study's objective. */
  metric: MetricName | null = null;
  private api: ApiClient | null = null;
  private generation = 0;

  set client(api: ApiClient) {
    this.api = api;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('studyIds')) void this.load();
  }

  private get compared(): string[] {
    return this.studyIds.slice(0, MAX_COMPARED);
  }

  private async load(): Promise<void> {
    const api = this.api;
    const ids = this.compared;
    if (!api || ids.length < 2) return;
    const generation = ++this.generation;
    this.loading = true;
    const loads = await Promise.all(ids.map((id) => loadComparedStudy(api, id)));
    if (generation !== this.generation) return;
    this.loads = loads;
    this.loading = false;
  }

  private columns(): ComparedColumn[] {
    const found = (this.loads ?? []).flatMap((l) => (l.ok ? [l.value] : []));
    return found.map((s, i) => ({ ...s, color: STUDY_COLORS[i % STUDY_COLORS.length]! }));
  }

  private lines(columns: readonly ComparedColumn[], metric: MetricName): { best: CompareLine[]; soFar: CompareLine[] } {
    const epochsOf = (c: ComparedColumn) => (trialId: string) => c.epochs.get(trialId) ?? [];
    const label = (c: ComparedColumn) => `${c.study.spec.name} (${c.id})`;
    return {
      best: columns.map((c) => {
        const bestId = c.study.best?.overall?.trialId;
        return { label: label(c), color: c.color, ...trialCurve(bestId ? epochsOf(c)(bestId) : [], metric) };
      }),
      soFar: columns.map((c) => ({ label: label(c), color: c.color, ...bestSoFarByCumulativeEpochs(c.trials, epochsOf(c), metric) })),
    };
  }

  override render() {
    if (this.compared.length < 2) {
      return html`<section class="card" @click=${onLinkClick}>
        <h1>Compare studies</h1>
        <p>Pick 2 to ${MAX_COMPARED} studies on <a href="/">the studies list</a> (the boxes beside their names), then “Compare”.</p>
      </section>`;
    }
    document.title = 'Compare studies · Optimizer playground';
    const columns = this.columns();
    const failed = (this.loads ?? []).flatMap((l) => (l.ok ? [] : [l]));
    const metric = this.metric ?? columns[0]?.study.spec.objective.metric ?? 'val_acc';
    const { best, soFar } = this.lines(columns, metric);
    const left = this.studyIds.slice(MAX_COMPARED);
    return html`
      <section class="card head" @click=${onLinkClick}>
        <div>
          <a class="back small" href="/">← All studies</a>
          <h1>Compare studies</h1>
          <div class="legend">
            ${columns.map((c) => html`<span data-legend=${c.id}><span class="swatch" style="background:${c.color}"></span><a href="/studies/${c.id}">${c.study.spec.name}</a> <span class="muted small">${c.id} · ${c.study.state}</span></span>`)}
          </div>
        </div>
        <div class="controls">
          <label>metric <select name="metric" @change=${(e: Event) => (this.metric = (e.target as HTMLSelectElement).value as MetricName)}>
            ${(['val_acc', 'val_loss'] as const).map((m) => html`<option value=${m} ?selected=${m === metric}>${METRIC_LABELS[m]}</option>`)}
          </select></label>
          <button name="reload" @click=${() => void this.load()} ?disabled=${this.loading}>${this.loading ? 'Loading…' : 'Reload'}</button>
        </div>
        ${failed.map((f) => html`<p class="error" data-missing=${f.id}>${f.missing ? html`No study <code>${f.id}</code>: it was not found (deleted, or a mistyped id).` : html`Study <code>${f.id}</code> could not be loaded: ${f.message}`}</p>`)}
        ${left.length ? html`<p class="muted small">At most ${MAX_COMPARED} studies at once: ${left.join(', ')} left out.</p>` : nothing}
      </section>
      ${!this.loads
        ? html`<section class="card"><p class="muted">Loading the studies and their trials…</p></section>`
        : html`
            <div class="charts">
              <section class="card">
                <h2>Best curves</h2>
                <compare-chart data-chart="best" .lines=${best} metric=${metric} x-label="epoch"></compare-chart>
                <p class="small muted">${METRIC_LABELS[metric]} per epoch of each study’s best trial (a promoted trial’s curve includes the stage it was promoted from).</p>
              </section>
              <section class="card">
                <h2>Best so far against cumulative epochs</h2>
                <compare-chart data-chart="so-far" .lines=${soFar} metric=${metric} x-label="epochs trained by the study" stepped></compare-chart>
                <p class="small muted">The best ${METRIC_LABELS[metric]} of any epoch so far, against the epochs the whole study had trained, in the order its trials finished them: which study gets good fastest for its compute.</p>
              </section>
            </div>
            <section class="card">
              <h2>Best configurations</h2>
              <compare-configs .columns=${columns}></compare-configs>
            </section>
          `}
    `;
  }
}

customElements.define('compare-page', ComparePage);

declare global {
  interface HTMLElementTagNameMap {
    'compare-page': ComparePage;
  }
}
