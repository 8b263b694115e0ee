// The palettes the charts and tables index by name: one colour per optimizer (so a trial's line,
// its point in the learning-rate view and its swatch in a table match), one per study on the compare
// page, the marker colours, and the contour plots' shading ramp. Chosen to stay distinguishable for
// the common colour-vision deficiencies (Okabe–Ito palette). Data, beside the theme's CSS custom
// properties (theme.css), which hold every other colour of the dashboard.
import type { OptimizerName, SurfaceOptimizerName } from '../../../types/index.js';

export const OPTIMIZER_COLORS: Record<OptimizerName, string> = {
  sgd: '#0072B2',
  momentum: '#009E73',
  rmsprop: '#E69F00',
  adam: '#CC79A7',
};

/** The surfaces page races Nesterov momentum as its own entry: vermilion, the palette's fifth. */
export const SURFACE_OPTIMIZER_COLORS: Record<SurfaceOptimizerName, string> = { ...OPTIMIZER_COLORS, nesterov: '#D55E00' };

/** The compare page's studies, in the order picked: blue, vermilion, bluish green, reddish purple. */
export const STUDY_COLORS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7'] as const;

export const UNKNOWN_COLOR = '#888888';

export const MARKER_COLORS = {
  stop: '#222222',
  pruned: '#7B3294',
  diverged: '#D55E00',
  best: '#222222',
} as const;

/**
 * The contour plots' shading (shared/field-canvas.ts), low to high: near-white to a muted slate, so
 * the optimizers' colours stay the loudest thing on the plot; contour lines darken it further.
 */
export const FIELD_RAMP: ReadonlyArray<readonly [number, number, number]> = [
  [252, 253, 255],
  [226, 233, 242],
  [193, 204, 219],
  [150, 165, 186],
];

/**
 * The parallel coordinates' lines in six bands of how good their objective is, worst to best: pale
 * gold to deep blue, so the best trials are the darkest lines (drawn last, on top).
 */
export const OBJECTIVE_COLORS = ['#E8C35A', '#B5C48A', '#7DAFB0', '#4A8CC0', '#2A65A6', '#103A80'] as const;

/** The band colour for `goodness` (0 the worst objective drawn, 1 the best). */
export function objectiveColor(goodness: number): string {
  const k = Math.round(Math.min(1, Math.max(0, goodness)) * (OBJECTIVE_COLORS.length - 1));
  return OBJECTIVE_COLORS[k] ?? UNKNOWN_COLOR;
}

/** Grid points where the value is not finite (a loss that diverged): pink. */
export const FIELD_UNKNOWN_RGB = [235, 222, 222] as const;

/** `#RRGGBB` (or `#RGB`, as a minifier may write a theme colour) with an alpha, for canvas strokes. */
export function withAlpha(hex: string, alpha: number): string {
  const digits = hex.length === 4 ? [...hex.slice(1)].map((d) => d + d).join('') : hex.slice(1);
  const n = Number.parseInt(digits, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

export function optimizerColor(o: OptimizerName | null | undefined): string {
  return o ? OPTIMIZER_COLORS[o] : UNKNOWN_COLOR;
}
