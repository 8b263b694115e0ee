// <surface-results>: the race's verdict per optimizer — final loss, how many steps it took to come
// within the tolerance of the minimum (or that it never did), and whether it diverged and at which
// step — with the settings it ran with, so a screenshot of the table says everything.
import { LitElement, css, html } from 'lit';
import type { SurfaceResult, SurfaceRun } from '../../../types/index.js';
import { SURFACE_OPTIMIZER_COLORS } from '../shared/chart-colors.js';
import { SURFACE_OPTIMIZER_LABELS, formatLearningRate, formatNumber } from '../shared/format.js';
import { sharedStyles } from '../shared/element-styles.js';
import { ScrollHintController } from '../shared/scroll-hint-controller.js';

/** The knobs a run used besides the learning rate, in words ("μ 0.9", "β₁ 0.9, β₂ 0.999"). */
function knobsText(run: SurfaceRun): string {
  const s = run.settings;
  const parts: string[] = [];
  if (s.momentum !== undefined && run.optimizer !== 'rmsprop') parts.push(`μ ${formatNumber(s.momentum)}`);
  if (s.rho !== undefined) parts.push(`ρ ${formatNumber(s.rho)}`);
  if (s.beta1 !== undefined) parts.push(`β₁ ${formatNumber(s.beta1)}`);
  if (s.beta2 !== undefined) parts.push(`β₂ ${formatNumber(s.beta2)}`);
  return parts.join(', ');
}

export class SurfaceResults extends LitElement {
  static override properties = { result: { attribute: false } };

  static override styles = [
    sharedStyles,
    css`
      td.settings { color: var(--ink-faint); }
      /* Two short lines rather than one long one, so all six columns fit a half-width card at 1366 px. */
      th.steps { white-space: normal; min-width: 5.5rem; }
      .verdict { white-space: nowrap; }
      .verdict .at { display: block; }
    `,
  ];

  result: SurfaceResult | null = null;
  private readonly scrollHint = new ScrollHintController(this);

  private row(run: SurfaceRun, result: SurfaceResult) {
    const minLoss = result.surface.minLoss;
    const last = run.loss.length - 1;
    return html`<tr data-run=${run.label} data-diverged=${run.diverged ? 'true' : 'false'}>
      <td class="key nowrap"><span class="swatch" style="background:${SURFACE_OPTIMIZER_COLORS[run.optimizer]}"></span>${run.label === run.optimizer ? SURFACE_OPTIMIZER_LABELS[run.optimizer] : run.label}</td>
      <td class="num">${formatLearningRate(run.settings.learningRate)}</td>
      <td class="settings small">${knobsText(run)}</td>
      <td class="num" data-final-loss=${String(run.finalLoss)}>${formatNumber(run.finalLoss)}</td>
      <td class="num">${minLoss === null ? html`<span class="muted" title="The saddle has no minimum">—</span>` : run.stepsToTolerance === null ? html`<span class="muted">not within ${last} steps</span>` : run.stepsToTolerance}</td>
      <td class="verdict">${run.diverged ? html`<span class="badge diverged">diverged</span><span class="at small muted">at step ${run.divergedAtStep}</span>` : html`<span class="badge completed">no</span>`}</td>
    </tr>`;
  }

  override render() {
    const result = this.result;
    if (!result) return html`<p class="muted">Computing…</p>`;
    const tol = result.request.tolerance;
    return html`<div class="table-wrap">
        <table>
          <thead><tr><th class="key">Optimizer</th><th class="num">LR</th><th>Knobs</th><th class="num">Final loss</th><th class="num steps">Steps to f* + ${formatNumber(tol)}</th><th>Diverged</th></tr></thead>
          <tbody>${result.runs.map((r) => this.row(r, result))}</tbody>
        </table>
      </div>
      ${result.surface.minLoss !== null
        ? html`<p class="small muted">f* = ${formatNumber(result.surface.minLoss)}; a run has converged at the first step where loss − f* &lt; ${formatNumber(tol)}. A run diverges when its loss leaves ±10⁶ or stops being a number.</p>`
        : html`<p class="small muted">x² − y² has no minimum: a run that escapes the saddle falls towards −∞ and stops ("diverges") once the loss passes −10⁶.</p>`}`;
  }
}

customElements.define('surface-results', SurfaceResults);

declare global {
  interface HTMLElementTagNameMap {
    'surface-results': SurfaceResults;
  }
}
