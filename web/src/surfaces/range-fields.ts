// The surfaces page's input rows, as template functions its two control elements share: a slider
// (on a log scale for learning rates, condition numbers and noise) beside a number box for an exact
// value. A slider reports while it is dragged (`live`, for instant feedback); a typed number when it
// is committed. Values that are not finite numbers are ignored.
import { css, html } from 'lit';
import { logPosition, logValue, roundSignificant } from './surface-url-state.js';

const SLIDER_STEPS = 1000;

export interface RangeFieldOptions {
  /** Names both inputs (`<name>` and `<name>-value`), for tests and forms. */
  name: string;
  /** Shown in the first column (text, or a template such as a checkbox with the optimizer's name). */
  label: unknown;
  /** What assistive technology calls the two inputs. */
  ariaLabel: string;
  value: number;
  min: number;
  max: number;
  /** `log`: positions are spread over log10(value). @defaultValue 'linear' */
  scale?: 'log' | 'linear';
  /** Slider step of a linear field. @defaultValue (max − min) / 1000 */
  step?: number;
  title?: string;
  onValue(value: number, live: boolean): void;
}

export function rangeField(o: RangeFieldOptions) {
  const log = o.scale === 'log';
  const position = log ? Math.round(logPosition(o.value, o.min, o.max) * SLIDER_STEPS) : o.value;
  const fromSlider = (e: Event, live: boolean) => {
    const raw = Number((e.target as HTMLInputElement).value);
    o.onValue(log ? logValue(raw / SLIDER_STEPS, o.min, o.max) : roundSignificant(raw, 6), live);
  };
  const fromBox = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const v = Number(input.value);
    if (input.value.trim() === '' || !Number.isFinite(v)) {
      input.value = String(o.value);
      return;
    }
    o.onValue(v, false);
  };
  return html`<div class="field" title=${o.title ?? ''}>
    <span class="name">${o.label}</span>
    <input
      type="range"
      name=${o.name}
      aria-label=${o.ariaLabel}
      min=${log ? 0 : o.min}
      max=${log ? SLIDER_STEPS : o.max}
      step=${log ? 1 : (o.step ?? (o.max - o.min) / 1000)}
      .value=${String(position)}
      @input=${(e: Event) => fromSlider(e, true)}
      @change=${(e: Event) => fromSlider(e, false)}
    />
    <input class="num" type="number" name="${o.name}-value" step="any" .value=${String(o.value)} @change=${fromBox} aria-label=${o.ariaLabel} />
  </div>`;
}

export function numberField(o: { name: string; label: unknown; value: number; step?: number | 'any'; min?: number; max?: number; title?: string; onValue(value: number): void }) {
  return html`<label class="field short" title=${o.title ?? ''}>
    <span class="name">${o.label}</span>
    <input
      class="num"
      type="number"
      name=${o.name}
      step=${o.step ?? 'any'}
      min=${o.min ?? ''}
      max=${o.max ?? ''}
      .value=${String(o.value)}
      @change=${(e: Event) => {
        const input = e.target as HTMLInputElement;
        const v = Number(input.value);
        if (input.value.trim() === '' || !Number.isFinite(v)) input.value = String(o.value);
        else o.onValue(v);
      }}
    />
  </label>`;
}

export const fieldStyles = css`
  .field { display: grid; grid-template-columns: 7.2rem minmax(0, 1fr) 5.6rem; gap: 0.5rem; align-items: center; font-size: 0.85rem; min-width: 0; }
  .field.short { grid-template-columns: 7.2rem 5.6rem; }
  .field .name { color: var(--ink-soft); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .field input[type='range'] { width: 100%; min-width: 0; margin: 0; accent-color: var(--accent); }
  input.num { font: inherit; font-size: 0.82rem; width: 100%; box-sizing: border-box; padding: 0.2rem 0.3rem; border: 1px solid var(--line-control); border-radius: 4px; font-variant-numeric: tabular-nums; }
  @media (max-width: 600px) {
    .field { grid-template-columns: 6rem minmax(0, 1fr) 4.6rem; gap: 0.35rem; }
    .field.short { grid-template-columns: 6.6rem 4.6rem; }
  }
`;
