// <surface-noise-spread>: the "repeat over N noise seeds" switch of a noisy race. Switched on, it
// races the page's setup once per noise seed (surfaces/noise-repeats.ts; in this browser, on the
// same cpu backend as the page's race) and draws each optimizer's loss curves as their median with
// a band from the lowest to the highest seed, and its steps-to-tolerance as the median with its
// range: whether one optimizer's win on a noisy bowl is luck. A newer setup replaces a spread
// being computed; data-state says computing or ready (the browser tests wait on it).
import { LitElement, css, html, nothing } from 'lit';
import { NOISE_REPEAT_LIMITS, noiseSeedRequests, runOptimizersAsync, summarizeNoiseSpread, validateSurfaceRequest, type NoiseSpread } from '../../../surfaces/index.js';
import { sharedStyles } from '../shared/element-styles.js';
import { SURFACE_OPTIMIZER_COLORS } from '../shared/chart-colors.js';
import { SURFACE_OPTIMIZER_LABELS } from '../shared/format.js';
import { stateProperties } from '../shared/state-properties.js';
import '../shared/band-chart.js';
import { useCpuBackend } from './surface-race-controller.js';

export class SurfaceNoiseSpread extends LitElement {
  static override properties = { body: { attribute: false }, ...stateProperties('enabled', 'seeds', 'spread', 'computing', 'error', 'log') };

  static override styles = [
    sharedStyles,
    css`
      .switch { display: flex; flex-wrap: wrap; gap: 0.4rem 0.8rem; align-items: center; font-size: 0.85rem; }
      .switch input[type='number'] { width: 4.5rem; }
      td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
      .note { font-size: 0.8rem; color: var(--ink-muted); }
    `,
  ];

  /** The page's race as a POST /api/surfaces body. */
  body: Record<string, unknown> | null = null;
  enabled = false;
  seeds: number = NOISE_REPEAT_LIMITS.default;
  spread: NoiseSpread[] = [];
  computing = false;
  error = '';
  log = true;
  private generation = 0;
  /** The setup the spread was last asked for: the page hands a new body object on every render. */
  private askedFor = '';

  // Before the render, so the properties compute() sets at once (computing, or an empty spread)
  // join this update instead of scheduling another after it (Lit's change-in-update warning).
  protected override willUpdate(): void {
    const key = `${this.enabled}|${this.seeds}|${JSON.stringify(this.body)}`;
    if (key !== this.askedFor) {
      this.askedFor = key;
      void this.compute();
    }
  }

  protected override updated(): void {
    this.dataset.state = this.computing ? 'computing' : this.enabled ? 'ready' : 'off';
  }

  private async compute(): Promise<void> {
    const generation = ++this.generation;
    const checked = this.body ? validateSurfaceRequest(this.body) : null;
    if (!this.enabled || !checked?.ok || !checked.request.noise) {
      [this.spread, this.computing] = [[], false];
      return;
    }
    this.computing = true;
    try {
      await useCpuBackend();
      const results = [];
      for (const request of noiseSeedRequests(checked.request, this.seeds)) {
        results.push(await runOptimizersAsync(request, 500));
        if (generation !== this.generation) return;
      }
      [this.spread, this.log, this.error] = [summarizeNoiseSpread(results), results[0]!.surface.minLoss !== null, ''];
      this.querySpreadChart()?.setData({
        x: Array.from({ length: this.spread[0]?.loss.mid.length ?? 0 }, (_, k) => k),
        groups: this.spread.map((s) => ({ label: s.label, color: SURFACE_OPTIMIZER_COLORS[s.optimizer], ...s.loss })),
        xLabel: 'step',
        yLabel: this.log ? 'loss − f* (log)' : 'loss',
        log: this.log,
      });
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (generation === this.generation) this.computing = false;
    }
  }

  private querySpreadChart() {
    return this.renderRoot.querySelector('band-chart');
  }

  override render() {
    const noisy = (this.body as { noise?: unknown } | null)?.noise != null;
    if (!noisy) return html`<p class="muted">Switch on noisy gradients to repeat the race over several noise seeds.</p>`;
    return html`
      <div class="switch">
        <label><input type="checkbox" name="noise-repeats" .checked=${this.enabled} @change=${(e: Event) => (this.enabled = (e.target as HTMLInputElement).checked)} /> repeat over</label>
        <input type="number" name="noise-seeds" aria-label="noise seeds" min=${NOISE_REPEAT_LIMITS.min} max=${NOISE_REPEAT_LIMITS.max} step="1" .value=${String(this.seeds)} @change=${(e: Event) => {
          const v = Math.round(Number((e.target as HTMLInputElement).value));
          this.seeds = Math.min(NOISE_REPEAT_LIMITS.max, Math.max(NOISE_REPEAT_LIMITS.min, Number.isFinite(v) ? v : NOISE_REPEAT_LIMITS.default));
        }} />
        <span>noise seeds</span>
        ${this.computing ? html`<span class="badge running">computing…</span>` : nothing}
      </div>
      ${this.error ? html`<p class="error">${this.error}</p>` : nothing}
      <div ?hidden=${!this.enabled}>
        <band-chart></band-chart>
        <div class="table-wrap">
          <table>
            <thead><tr><th>optimizer</th><th class="num" title="Median over the seeds that reached the tolerance, with the fewest and most steps">steps to tolerance: median (range)</th><th class="num">converged</th><th class="num">diverged</th></tr></thead>
            <tbody>
              ${this.spread.map(
                (s) => html`<tr data-label=${s.label}>
                  <td><span class="swatch" style="background:${SURFACE_OPTIMIZER_COLORS[s.optimizer]}"></span>${SURFACE_OPTIMIZER_LABELS[s.optimizer]}${s.label !== s.optimizer ? ` (${s.label})` : ''}</td>
                  <td class="num" data-steps>${s.stepsToTolerance ? `${s.stepsToTolerance.median} (${s.stepsToTolerance.min} – ${s.stepsToTolerance.max})` : 'never'}</td>
                  <td class="num">${s.converged} of ${s.seeds}</td>
                  <td class="num">${s.diverged}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
        <p class="note">Lines: the median over the seeds of loss − f* at each step; bands: the lowest to the highest seed. Seed 1 is the race above; the others derive from its noise seed. Overlapping bands and ranges mean the order of the optimizers can change with the noise.</p>
      </div>
    `;
  }
}

customElements.define('surface-noise-spread', SurfaceNoiseSpread);

declare global {
  interface HTMLElementTagNameMap {
    'surface-noise-spread': SurfaceNoiseSpread;
  }
}
