// <surface-setup-form>: what the race runs on — the surface (the quadratic bowl's condition number
// and rotation), gradient noise (scale and seed), the start point, the number of steps and the
// tolerance. It holds no state of its own: it shows `state` and sends the whole next state in a
// `state-change` event (surface-state-control.ts; `live` while a slider is being dragged).
import { css, html, nothing } from 'lit';
import type { SurfaceKind } from '../../../types/index.js';
import { SURFACE_KINDS } from '../../../types/index.js';
import { SURFACE_LIMITS } from '../../../surfaces/request-schema.js';
import { fieldStyles, numberField, rangeField } from './range-fields.js';
import { SurfaceStateControl } from './surface-state-control.js';
import { DEFAULT_NOISE, withSurface } from './surface-url-state.js';

export const SURFACE_LABELS: Record<SurfaceKind, string> = {
  quadratic: 'Quadratic bowl',
  saddle: 'Saddle x² − y²',
  rosenbrock: 'Rosenbrock',
  beale: 'Beale',
  himmelblau: 'Himmelblau',
};

export class SurfaceSetupForm extends SurfaceStateControl {
  static override styles = [
    fieldStyles,
    css`
      :host { display: grid; gap: 0.55rem; }
      .kinds { display: flex; flex-wrap: wrap; gap: 0.35rem; }
      .kinds button { font: inherit; font-size: 0.82rem; padding: 0.25rem 0.6rem; border-radius: 6px; border: 1px solid var(--line-control); background: var(--paper); color: var(--ink); cursor: pointer; }
      .kinds button[aria-pressed='true'] { background: var(--accent-soft); border-color: var(--accent); color: var(--accent-ink); font-weight: 600; }
      .row { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; align-items: center; }
      .check { display: inline-flex; gap: 0.35rem; align-items: center; font-size: 0.85rem; cursor: pointer; }
      .hint { font-size: 0.78rem; color: var(--ink-faint); }
    `,
  ];

  override render() {
    const s = this.state;
    if (!s) return nothing;
    const noise = s.noise;
    return html`
      <div class="kinds" role="group" aria-label="Surface">
        ${SURFACE_KINDS.map(
          (k) => html`<button type="button" data-surface=${k} aria-pressed=${k === s.surface ? 'true' : 'false'} @click=${() => k !== s.surface && this.send(withSurface(s, k), false, true)}>${SURFACE_LABELS[k]}</button>`,
        )}
      </div>
      ${s.surface === 'quadratic'
        ? html`${rangeField({
            name: 'condition',
            label: 'condition κ',
            ariaLabel: 'condition number',
            title: 'Ratio of the largest to the smallest curvature: the valley is √κ times longer than wide',
            value: s.condition,
            min: 1,
            max: 1e4,
            scale: 'log',
            onValue: (v, live) => this.send({ ...s, condition: v }, live),
          })}
          ${rangeField({ name: 'angle', label: 'rotation (°)', ariaLabel: 'rotation in degrees', value: s.angle, min: -90, max: 90, step: 1, onValue: (v, live) => this.send({ ...s, angle: v }, live) })}`
        : nothing}
      <div class="row">
        <label class="check"><input type="checkbox" name="noisy" .checked=${noise !== null} @change=${(e: Event) => this.send({ ...s, noise: (e.target as HTMLInputElement).checked ? { ...DEFAULT_NOISE } : null })} /> noisy gradients</label>
        <span class="hint">each step sees ∇f + scale·ε, ε ~ N(0, I), the same draws for every optimizer</span>
      </div>
      ${noise
        ? html`${rangeField({ name: 'noise', label: 'noise scale', ariaLabel: 'noise scale', value: noise.scale, min: 1e-3, max: 100, scale: 'log', onValue: (v, live) => this.send({ ...s, noise: { ...noise, scale: v } }, live) })}
          ${numberField({ name: 'seed', label: 'noise seed', value: noise.seed, step: 1, min: 0, onValue: (v) => this.send({ ...s, noise: { ...noise, seed: v } }) })}`
        : nothing}
      <div class="row">
        ${numberField({ name: 'start-x', label: 'start x', value: s.start[0], onValue: (v) => this.send({ ...s, start: [v, s.start[1]] }, false, true) })}
        ${numberField({ name: 'start-y', label: 'start y', value: s.start[1], onValue: (v) => this.send({ ...s, start: [s.start[0], v] }, false, true) })}
      </div>
      <div class="hint">or click the plot to start there</div>
      ${rangeField({ name: 'steps', label: 'steps', ariaLabel: 'steps', value: s.steps, min: 10, max: SURFACE_LIMITS.steps.max, scale: 'log', onValue: (v, live) => this.send({ ...s, steps: Math.round(v) }, live) })}
      ${numberField({
        name: 'tolerance',
        label: 'tolerance',
        title: 'A run has converged at the first step where loss − f* < tolerance',
        value: s.tolerance,
        min: 0,
        onValue: (v) => this.send({ ...s, tolerance: v }),
      })}
    `;
  }
}

customElements.define('surface-setup-form', SurfaceSetupForm);

declare global {
  interface HTMLElementTagNameMap {
    'surface-setup-form': SurfaceSetupForm;
  }
}
