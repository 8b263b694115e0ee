// <stage-progress>: one bar per stage of the coarse-to-fine search, with its trials × epochs, the
// learning-rate range it samples (narrower stage after stage) and how many trials are done; trials
// a cancel stopped are counted apart ("5 of 8 done · 3 cancelled"), never as done.
import { LitElement, css, html } from 'lit';
import type { Distribution } from '../../../types/index.js';
import { formatLearningRate } from '../shared/format.js';
import { describeStageCounts, type StageCounts } from './study-model.js';
import { sharedStyles } from '../shared/element-styles.js';

function describeLr(d: Distribution | undefined): string {
  if (!d) return '';
  switch (d.type) {
    case 'log-uniform':
    case 'uniform':
    case 'int':
    case 'log-int':
      return `lr ${formatLearningRate(d.min)} – ${formatLearningRate(d.max)} (${d.type})`;
    case 'categorical':
      return `lr ∈ {${d.values.map((v) => (typeof v === 'number' ? formatLearningRate(v) : String(v))).join(', ')}}`;
    case 'fixed':
      return `lr ${typeof d.value === 'number' ? formatLearningRate(d.value) : String(d.value)}`;
    default: {
      const never: never = d;
      return never;
    }
  }
}

export class StageProgress extends LitElement {
  static override properties = { stages: { attribute: false } };

  static override styles = [
    sharedStyles,
    css`
      ol { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.55rem; }
      .line { display: flex; flex-wrap: wrap; gap: 0.2rem 0.6rem; align-items: baseline; font-size: 0.85rem; }
      .name { font-weight: 600; }
      .bar { position: relative; height: 8px; border-radius: 4px; background: var(--subtle); overflow: hidden; margin-top: 0.25rem; }
      .bar .done { position: absolute; inset: 0 auto 0 0; background: var(--progress-done); }
      .bar .cancelled { position: absolute; top: 0; bottom: 0; background: var(--progress-cancelled); }
      .bar .run { position: absolute; top: 0; bottom: 0; background: var(--progress-running); }
      .pending { opacity: 0.6; }
    `,
  ];

  stages: StageCounts[] = [];

  override render() {
    return html`<ol>
      ${this.stages.map((s) => {
        const pct = (n: number) => (100 * n) / Math.max(1, s.trialsPlanned);
        const unplanned = s.state === 'cancelled' ? 'never started: the study was cancelled' : `range set when stage ${s.index} finishes`;
        return html`<li class=${s.state === 'pending' ? 'pending' : ''} data-stage=${s.index} data-stage-state=${s.state}>
          <div class="line">
            <span class="name">Stage ${s.index + 1}</span>
            <span class="muted">${s.trialsPlanned} trials × ${s.epochs} epochs</span>
            ${s.space ? html`<span class="muted">${describeLr(s.space.learningRate)}</span>` : html`<span class="muted">${unplanned}</span>`}
            <span class="counts">${describeStageCounts(s)}</span>
            <span class="badge ${s.state}">${s.state}</span>
          </div>
          <div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax=${s.trialsPlanned} aria-valuenow=${s.finished}>
            <span class="done" style="width:${pct(s.finished)}%"></span>
            <span class="cancelled" style="left:${pct(s.finished)}%;width:${pct(s.cancelled)}%"></span>
            <span class="run" style="left:${pct(s.finished + s.cancelled)}%;width:${pct(s.running)}%"></span>
          </div>
        </li>`;
      })}
    </ol>`;
  }
}

customElements.define('stage-progress', StageProgress);

declare global {
  interface HTMLElementTagNameMap {
    'stage-progress': StageProgress;
  }
}
