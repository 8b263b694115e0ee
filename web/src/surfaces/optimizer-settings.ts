// <optimizer-settings>: one row per optimizer of the surface race — whether it runs, its learning
// rate on a log slider (1e-5 to 10, the StudySpec's range) and its own knobs (momentum, ρ, β₁, β₂;
// ε and the rest keep the product's defaults). Stateless like the setup form
// (surface-state-control.ts): it shows `state` and sends the whole next state in a `state-change`
// event.
import { css, html, nothing } from 'lit';
import type { SurfaceOptimizerName } from '../../../types/index.js';
import { SURFACE_OPTIMIZERS } from '../../../types/index.js';
import { SURFACE_OPTIMIZER_COLORS } from '../shared/chart-colors.js';
import { SURFACE_OPTIMIZER_LABELS } from '../shared/format.js';
import { fieldStyles, numberField, rangeField } from './range-fields.js';
import { SurfaceStateControl } from './surface-state-control.js';
import { PAGE_KNOBS, type OptimizerSetting, type PageKnob } from './surface-url-state.js';

export const LEARNING_RATE_SLIDER = { min: 1e-5, max: 10 } as const;

const KNOB_LABELS: Record<PageKnob, string> = { momentum: 'momentum μ', rho: 'decay ρ', beta1: 'β₁', beta2: 'β₂' };

export class OptimizerSettings extends SurfaceStateControl {
  static override styles = [
    fieldStyles,
    css`
      :host { display: grid; gap: 0.45rem; }
      .opt { display: grid; gap: 0.25rem; padding-bottom: 0.45rem; border-bottom: 1px solid var(--subtle); }
      .opt:last-child { border-bottom: 0; padding-bottom: 0; }
      .opt.off input[type='range'], .opt.off .knobs { opacity: 0.45; }
      .head { display: inline-flex; align-items: center; gap: 0.35rem; font-weight: 600; cursor: pointer; }
      .head input { margin: 0; }
      .swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px; flex: none; }
      .knobs { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; padding-left: 1.4rem; }
      .field:not(.short), .cols { grid-template-columns: 8rem minmax(0, 1fr) 5.6rem; }
      .cols { display: grid; gap: 0.5rem; font-size: 0.75rem; color: var(--ink-faint); }
      .cols span:nth-child(2) { display: flex; justify-content: space-between; }
      @media (max-width: 600px) { .field:not(.short), .cols { grid-template-columns: 7.4rem minmax(0, 1fr) 4.6rem; gap: 0.35rem; } .knobs { padding-left: 0; } }
    `,
  ];

  private patch(o: SurfaceOptimizerName, change: Partial<OptimizerSetting>, live = false): void {
    const s = this.state!;
    const state = { ...s, optimizers: { ...s.optimizers, [o]: { ...s.optimizers[o], ...change } } };
    this.send(state, live);
  }

  private row(o: SurfaceOptimizerName, setting: OptimizerSetting) {
    const knobs = PAGE_KNOBS[o] as readonly PageKnob[];
    return html`<div class="opt ${setting.enabled ? '' : 'off'}" data-optimizer=${o}>
      ${rangeField({
        name: `${o}-lr`,
        label: html`<label class="head" title="Race ${SURFACE_OPTIMIZER_LABELS[o]}">
          <input type="checkbox" name="${o}-enabled" .checked=${setting.enabled} @change=${(e: Event) => this.patch(o, { enabled: (e.target as HTMLInputElement).checked })} />
          <span class="swatch" style="background:${SURFACE_OPTIMIZER_COLORS[o]}"></span>${SURFACE_OPTIMIZER_LABELS[o]}
        </label>`,
        ariaLabel: `${SURFACE_OPTIMIZER_LABELS[o]} learning rate`,
        value: setting.learningRate,
        min: LEARNING_RATE_SLIDER.min,
        max: LEARNING_RATE_SLIDER.max,
        scale: 'log',
        onValue: (v, live) => this.patch(o, { learningRate: v }, live),
      })}
      ${knobs.length > 0
        ? html`<div class="knobs">
            ${knobs.map((k) =>
              numberField({
                name: `${o}-${k}`,
                label: KNOB_LABELS[k],
                value: setting.knobs[k] ?? 0,
                step: 0.01,
                min: 0,
                max: 0.9999,
                onValue: (v) => this.patch(o, { knobs: { ...setting.knobs, [k]: v } }),
              }),
            )}
          </div>`
        : nothing}
    </div>`;
  }

  override render() {
    const s = this.state;
    if (!s) return nothing;
    return html`<div class="cols" aria-hidden="true"><span></span><span><span>learning rate 10⁻⁵</span><span>10</span></span><span></span></div>
      ${SURFACE_OPTIMIZERS.map((o) => this.row(o, s.optimizers[o]))}`;
  }
}

customElements.define('optimizer-settings', OptimizerSettings);

declare global {
  interface HTMLElementTagNameMap {
    'optimizer-settings': OptimizerSettings;
  }
}
