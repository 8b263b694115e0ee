// The surfaces page's whole setup lives in the URL (`/surfaces?s=rosenbrock&adam.lr=0.02…`), so a
// teacher can share an exact race. Every parameter is in the one table below; only values that
// differ from the surface's defaults are written, and a value that cannot be read falls back to its
// default. Pure: no DOM, so the Node tests drive it. `toSurfaceRequest` turns the state into the
// JSON body of POST /api/surfaces, which the page validates and runs with the server's own code.
import type { SurfaceKind, SurfaceOptimizerName } from '../../../types/index.js';
import { SURFACE_KINDS, SURFACE_OPTIMIZERS } from '../../../types/index.js';
import { OPTIMIZER_KNOB_DEFAULTS } from '../../../search/defaults.js';
import { QUADRATIC_DEFAULTS, SURFACE_DEFAULTS } from '../../../surfaces/surfaces.js';

/** The knobs the page offers per optimizer besides the learning rate (the rest keep the product's defaults). */
export const PAGE_KNOBS = {
  sgd: [],
  momentum: ['momentum'],
  nesterov: ['momentum'],
  rmsprop: ['rho'],
  adam: ['beta1', 'beta2'],
} as const satisfies { readonly [O in SurfaceOptimizerName]: ReadonlyArray<'momentum' | 'rho' | 'beta1' | 'beta2'> };
export type PageKnob = (typeof PAGE_KNOBS)[SurfaceOptimizerName][number];

export interface OptimizerSetting {
  enabled: boolean;
  learningRate: number;
  /** Only the knobs PAGE_KNOBS lists for the optimizer are read. */
  knobs: Partial<Record<PageKnob, number>>;
}

export interface SurfacePageState {
  surface: SurfaceKind;
  /** Quadratic bowl only. */
  condition: number;
  angle: number;
  /** Gradient noise; null = exact gradients. */
  noise: { scale: number; seed: number } | null;
  start: [number, number];
  steps: number;
  tolerance: number;
  optimizers: Record<SurfaceOptimizerName, OptimizerSetting>;
}

export const DEFAULT_SURFACE: SurfaceKind = 'quadratic';
export const DEFAULT_TOLERANCE = 1e-3;
export const DEFAULT_NOISE = { scale: 0.5, seed: 0 } as const;

/**
 * Every URL parameter: `s` surface, `cond` and `angle` (quadratic), `noise` scale and `seed`,
 * `x` and `y` start, `steps`, `tol` tolerance, `off` (optimizers left out, comma-separated), and per
 * optimizer `<name>.lr`, `<name>.momentum`, `rmsprop.rho`, `adam.beta1`, `adam.beta2`.
 */
export const URL_KEYS = {
  surface: 's',
  condition: 'cond',
  angle: 'angle',
  noise: 'noise',
  seed: 'seed',
  x: 'x',
  y: 'y',
  steps: 'steps',
  tolerance: 'tol',
  off: 'off',
} as const;

export const optimizerKey = (o: SurfaceOptimizerName, knob: 'lr' | PageKnob) => `${o}.${knob}`;

const productName = (o: SurfaceOptimizerName) => (o === 'nesterov' ? 'momentum' : o);

function knobDefault(o: SurfaceOptimizerName, knob: PageKnob): number {
  const v = (OPTIMIZER_KNOB_DEFAULTS[productName(o)] as Partial<Record<PageKnob, number>>)[knob];
  if (v === undefined) throw new Error(`search/defaults.ts has no default ${knob} for ${o}`);
  return v;
}

function defaultOptimizers(kind: SurfaceKind): Record<SurfaceOptimizerName, OptimizerSetting> {
  const out = {} as Record<SurfaceOptimizerName, OptimizerSetting>;
  for (const o of SURFACE_OPTIMIZERS) {
    const knobs: Partial<Record<PageKnob, number>> = {};
    for (const k of PAGE_KNOBS[o]) knobs[k] = knobDefault(o, k);
    out[o] = { enabled: true, learningRate: SURFACE_DEFAULTS[kind].learningRates[o], knobs };
  }
  return out;
}

export function defaultState(kind: SurfaceKind = DEFAULT_SURFACE): SurfacePageState {
  const d = SURFACE_DEFAULTS[kind];
  return {
    surface: kind,
    condition: QUADRATIC_DEFAULTS.condition,
    angle: QUADRATIC_DEFAULTS.angle,
    noise: null,
    start: [d.start[0], d.start[1]],
    steps: d.steps,
    tolerance: DEFAULT_TOLERANCE,
    optimizers: defaultOptimizers(kind),
  };
}

/** Another surface: its own start, steps and learning rates; the other choices are kept. */
export function withSurface(state: SurfacePageState, kind: SurfaceKind): SurfacePageState {
  const fresh = defaultState(kind);
  const optimizers = { ...fresh.optimizers };
  for (const o of SURFACE_OPTIMIZERS) optimizers[o] = { ...fresh.optimizers[o], enabled: state.optimizers[o].enabled, knobs: { ...state.optimizers[o].knobs } };
  return { ...fresh, condition: state.condition, angle: state.angle, noise: state.noise, tolerance: state.tolerance, optimizers };
}

const readNumber = (q: URLSearchParams, key: string): number | null => {
  const raw = q.get(key);
  if (raw === null || raw.trim() === '') return null;
  const v = Number(raw);
  return Number.isFinite(v) ? v : null;
};

/** The page state a query string describes (defaults for what it leaves out or cannot be read). */
export function parseSurfaceQuery(search: string): SurfacePageState {
  const q = new URLSearchParams(search);
  const named = q.get(URL_KEYS.surface);
  const kind = SURFACE_KINDS.find((k) => k === named) ?? DEFAULT_SURFACE;
  const state = defaultState(kind);
  state.condition = readNumber(q, URL_KEYS.condition) ?? state.condition;
  state.angle = readNumber(q, URL_KEYS.angle) ?? state.angle;
  const scale = readNumber(q, URL_KEYS.noise);
  if (scale !== null && scale > 0) state.noise = { scale, seed: readNumber(q, URL_KEYS.seed) ?? DEFAULT_NOISE.seed };
  state.start = [readNumber(q, URL_KEYS.x) ?? state.start[0], readNumber(q, URL_KEYS.y) ?? state.start[1]];
  state.steps = readNumber(q, URL_KEYS.steps) ?? state.steps;
  state.tolerance = readNumber(q, URL_KEYS.tolerance) ?? state.tolerance;
  const off = new Set((q.get(URL_KEYS.off) ?? '').split(',').map((s) => s.trim()));
  for (const o of SURFACE_OPTIMIZERS) {
    const s = state.optimizers[o];
    s.enabled = !off.has(o);
    s.learningRate = readNumber(q, optimizerKey(o, 'lr')) ?? s.learningRate;
    for (const k of PAGE_KNOBS[o]) s.knobs[k] = readNumber(q, optimizerKey(o, k)) ?? s.knobs[k];
  }
  return state;
}

/** The query string (with its `?`, or '' when everything is a default) that parses back to `state`. */
export function surfaceQuery(state: SurfacePageState): string {
  const d = defaultState(state.surface);
  const q = new URLSearchParams();
  const put = (key: string, v: number, dv: number) => {
    if (v !== dv) q.set(key, String(v));
  };
  if (state.surface !== DEFAULT_SURFACE) q.set(URL_KEYS.surface, state.surface);
  if (state.surface === 'quadratic') {
    put(URL_KEYS.condition, state.condition, d.condition);
    put(URL_KEYS.angle, state.angle, d.angle);
  }
  if (state.noise) {
    q.set(URL_KEYS.noise, String(state.noise.scale));
    put(URL_KEYS.seed, state.noise.seed, DEFAULT_NOISE.seed);
  }
  put(URL_KEYS.x, state.start[0], d.start[0]);
  put(URL_KEYS.y, state.start[1], d.start[1]);
  put(URL_KEYS.steps, state.steps, d.steps);
  put(URL_KEYS.tolerance, state.tolerance, d.tolerance);
  const off = SURFACE_OPTIMIZERS.filter((o) => !state.optimizers[o].enabled);
  if (off.length > 0) q.set(URL_KEYS.off, off.join(','));
  for (const o of SURFACE_OPTIMIZERS) {
    const s = state.optimizers[o];
    put(optimizerKey(o, 'lr'), s.learningRate, d.optimizers[o].learningRate);
    for (const k of PAGE_KNOBS[o]) put(optimizerKey(o, k), s.knobs[k] ?? knobDefault(o, k), d.optimizers[o].knobs[k] ?? knobDefault(o, k));
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

/**
 * The JSON body of POST /api/surfaces for this state: every enabled optimizer, its rate and knobs
 * spelt out. No contour grid is asked for: the page shades and contours f itself, finer.
 */
export function toSurfaceRequest(state: SurfacePageState): Record<string, unknown> {
  const optimizers = SURFACE_OPTIMIZERS.filter((o) => state.optimizers[o].enabled).map((o) => {
    const s = state.optimizers[o];
    const entry: Record<string, unknown> = { optimizer: o, learningRate: s.learningRate };
    for (const k of PAGE_KNOBS[o]) entry[k] = s.knobs[k] ?? knobDefault(o, k);
    return entry;
  });
  return {
    surface: state.surface === 'quadratic' ? { kind: 'quadratic', condition: state.condition, angle: state.angle } : state.surface,
    ...(state.noise ? { noise: { scale: state.noise.scale, seed: state.noise.seed } } : {}),
    start: [state.start[0], state.start[1]],
    steps: state.steps,
    tolerance: state.tolerance,
    // An empty list would mean "all five" to the API; the page sends what is ticked (the validator
    // then says at least one is needed).
    optimizers,
  };
}

/** `v` to `digits` significant digits (slider values and clicked points stay short in the URL). */
export function roundSignificant(v: number, digits = 3): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  return Number(v.toPrecision(digits));
}

/** A log slider's position in [0, 1] for `v` in [min, max] (both > 0), clamped. */
export function logPosition(v: number, min: number, max: number): number {
  if (!(v > 0)) return 0;
  const t = (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
  return Math.min(1, Math.max(0, t));
}

/** The value at position `t` in [0, 1] of a log slider over [min, max], to 3 significant digits. */
export function logValue(t: number, min: number, max: number): number {
  return roundSignificant(10 ** (Math.log10(min) + t * (Math.log10(max) - Math.log10(min))));
}
