// The colours the charts and tables share: one per optimizer (so a trial's line, its point in the
// learning-rate view and its swatch in a table match), plus the marker colours. Chosen to stay
// distinguishable for the common colour-vision deficiencies (Okabe–Ito palette).
import type { OptimizerName, SurfaceOptimizerName } from '../../../types/index.js';

export const OPTIMIZER_COLORS: Record<OptimizerName, string> = {
  sgd: '#0072B2',
  momentum: '#009E73',
  rmsprop: '#E69F00',
  adam: '#CC79A7',
};

/** The surfaces page races Nesterov momentum as its own entry: vermilion, the palette's fifth. */
export const SURFACE_OPTIMIZER_COLORS: Record<SurfaceOptimizerName, string> = { ...OPTIMIZER_COLORS, nesterov: '#D55E00' };

export const UNKNOWN_COLOR = '#888888';

export const MARKER_COLORS = {
  stop: '#222222',
  pruned: '#7B3294',
  diverged: '#D55E00',
  best: '#222222',
} as const;

/** `#RRGGBB` with an alpha, for canvas strokes. */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

export function optimizerColor(o: OptimizerName | null | undefined): string {
  return o ? OPTIMIZER_COLORS[o] : UNKNOWN_COLOR;
}
