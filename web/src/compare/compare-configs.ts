// <compare-configs>: the compared studies' best configurations side by side, one column per study
// (in its colour) and one row per field, so a difference in optimizer, learning rate or budget
// reads across a row.
import { LitElement, css, html, type TemplateResult } from 'lit';
import type { BestConfiguration } from '../../../types/index.js';
import { optimizerColor } from '../shared/chart-colors.js';
import { sharedStyles } from '../shared/element-styles.js';
import { METRIC_LABELS, OPTIMIZER_LABELS, TRIAL_STATE_LABELS, formatKnobs, formatLearningRate, formatMetric } from '../shared/format.js';
import type { ComparedStudy } from './compare-load.js';

/** A compared study and the colour its lines are drawn in. */
export interface ComparedColumn extends ComparedStudy {
  color: string;
}

type Row = [label: string, cell: (c: ComparedColumn, best: BestConfiguration) => TemplateResult | string];

const ROWS: Row[] = [
  ['Ranked by', (c) => `${METRIC_LABELS[c.study.spec.objective.metric]} (${c.study.spec.objective.mode})`],
  ['Best', (c, b) => formatMetric(c.study.spec.objective.metric, b.metric)],
  ['Optimizer', (_c, b) => html`<span class="swatch" style="background:${optimizerColor(b.config.optimizer)}"></span>${OPTIMIZER_LABELS[b.config.optimizer]}`],
  ['Learning rate', (_c, b) => formatLearningRate(b.config.learningRate)],
  ['Batch', (_c, b) => String(b.config.batchSize)],
  ['Knobs', (_c, b) => formatKnobs(b.config) || '—'],
  ['Epochs trained', (c, b) => `${b.epochsDone} of ${c.study.spec.stages[b.stage]?.epochs ?? '?'}`],
  ['Trial', (_c, b) => html`<code>${b.trialId}</code> (stage ${b.stage + 1})`],
  ['Test acc (held out)', (_c, b) => (b.test ? formatMetric('val_acc', b.test.acc) : '—')],
  ['Ended', (_c, b) => html`<span class="badge ${b.status}">${TRIAL_STATE_LABELS[b.status]}</span>`],
];

export class CompareConfigs extends LitElement {
  static override properties = { columns: { attribute: false } };

  static override styles = [
    sharedStyles,
    css`
      th .swatch { width: 0.9em; height: 0.9em; }
      th a { font-weight: 650; }
      td { min-width: 9rem; }
    `,
  ];

  columns: ComparedColumn[] = [];

  override render() {
    const cols = this.columns;
    return html`<div class="table-wrap">
      <table data-configs>
        <thead>
          <tr>
            <th class="key"></th>
            ${cols.map((c) => html`<th data-study=${c.id}><span class="swatch" style="background:${c.color}"></span><a href="/studies/${c.id}">${c.study.spec.name}</a>
              <div class="small muted">${c.id} · ${c.study.spec.dataset} · ${c.study.state}</div></th>`)}
          </tr>
        </thead>
        <tbody>
          ${ROWS.map(
            ([label, cell]) => html`<tr>
              <th class="key" scope="row">${label}</th>
              ${cols.map((c) => {
                const best = c.study.best?.overall;
                return html`<td data-study=${c.id}>${best ? cell(c, best) : html`<span class="muted">—</span>`}</td>`;
              })}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}

customElements.define('compare-configs', CompareConfigs);

declare global {
  interface HTMLElementTagNameMap {
    'compare-configs': CompareConfigs;
  }
}
