// The gate a surface race passes before it runs: zod checks the JSON of POST /api/surfaces (strict
// objects, so a misspelt key is an error), then the rules that need the whole request (knobs that
// do not apply to an optimizer, duplicate labels, the view box). Every problem becomes a FieldIssue
// naming the field and the rule, in the words of search/validation/ (as for a study spec); defaults
// are filled in; nothing throws. Pure (zod only), so the dashboard page can resolve a request
// exactly as the server does.
//
// Defaults and limits (SURFACE_LIMITS in search/limits.ts; also in the OpenAPI document):
//   surface     required: "rosenbrock" or { "kind": "quadratic", "condition": 10, "angle": 30 } …
//               quadratic condition in [1, 10⁶] (default 10), angle in degrees [−360, 360] (default 30)
//   noise       none; { "scale": s, "seed": 0 } adds s·N(0, I) to every gradient, s in [0, 1000]
//   start       the surface's start point (SURFACE_DEFAULTS); coordinates in [−1000, 1000]
//   steps       the surface's (200; Rosenbrock 2000, Beale 1000), at most 5000
//   tolerance   1e-3, in (0, 1000]
//   optimizers  all five (sgd, momentum, nesterov, rmsprop, adam) with the surface's learning rates
//               and the product's knob defaults (search/defaults.ts); at most 8 runs; labels unique
//   view        the surface's view box; grid 0 (none), else 2 to 201 points per side
import { z } from 'zod';
import type { FieldIssue, SurfaceKind, SurfaceOptimizerName, SurfaceOptimizerSpec, SurfaceRequest, SurfaceSpec, SurfaceViewBox } from '../types/index.js';
import { SURFACE_KINDS, SURFACE_OPTIMIZERS } from '../types/index.js';
import { OPTIMIZER_KNOB_DEFAULTS } from '../search/defaults.js';
import { LIMITS, SURFACE_LIMITS } from '../search/limits.js';
import { fieldIssuesFromZod, unreadableIssue, valueHint, within, type IssueWording } from '../search/validation/index.js';
import { QUADRATIC_DEFAULTS, SURFACE_DEFAULTS } from './surfaces.js';

/** Re-exported from search/limits.ts: surfaces/index.ts, the API and the surfaces page read it from here. */
export { SURFACE_LIMITS };

export const SURFACE_REQUEST_DEFAULTS = { tolerance: 1e-3, grid: 0 } as const;

export type SurfaceValidation = { ok: true; request: SurfaceRequest } | { ok: false; issues: FieldIssue[] };

const coordinate = within(SURFACE_LIMITS.coordinate);

const surfaceObject = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('quadratic'),
    condition: within(SURFACE_LIMITS.condition).default(QUADRATIC_DEFAULTS.condition),
    angle: within(SURFACE_LIMITS.angle).default(QUADRATIC_DEFAULTS.angle),
  }),
  z.strictObject({ kind: z.literal('saddle') }),
  z.strictObject({ kind: z.literal('rosenbrock') }),
  z.strictObject({ kind: z.literal('beale') }),
  z.strictObject({ kind: z.literal('himmelblau') }),
]);

const optimizerSchema = z.strictObject({
  optimizer: z.enum(SURFACE_OPTIMIZERS),
  label: z.string().trim().min(1).max(SURFACE_LIMITS.labelMaxLength).optional(),
  learningRate: within(LIMITS.learningRate).optional(),
  momentum: within(LIMITS.decay).optional(),
  rho: within(LIMITS.decay).optional(),
  epsilon: within(LIMITS.epsilon).optional(),
  beta1: within(LIMITS.decay).optional(),
  beta2: within(LIMITS.decay).optional(),
});

/** The body of POST /api/surfaces; exported for documentation (z.toJSONSchema) as well. */
export const surfaceRequestSchema = z.strictObject({
  surface: z.union([z.enum(SURFACE_KINDS), surfaceObject]),
  noise: z.strictObject({ scale: within(SURFACE_LIMITS.noiseScale), seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0) }).nullable().optional(),
  start: z.tuple([coordinate, coordinate]).optional(),
  steps: z.number().int().min(SURFACE_LIMITS.steps.min).max(SURFACE_LIMITS.steps.max).optional(),
  tolerance: within(SURFACE_LIMITS.tolerance).default(SURFACE_REQUEST_DEFAULTS.tolerance),
  optimizers: z.array(optimizerSchema).min(1).max(SURFACE_LIMITS.maxOptimizers).optional(),
  view: z.strictObject({ xMin: coordinate, xMax: coordinate, yMin: coordinate, yMax: coordinate }).optional(),
  grid: z
    .number()
    .int()
    .min(0)
    .max(SURFACE_LIMITS.grid.max)
    .refine((n) => n === 0 || n >= SURFACE_LIMITS.grid.min, { message: `must be 0 (no grid) or at least ${SURFACE_LIMITS.grid.min}` })
    .default(SURFACE_REQUEST_DEFAULTS.grid),
});

/** One run of a race as a request writes it: the optimizer, and any knob or label it sets. */
type SurfaceOptimizerInput = { optimizer: SurfaceOptimizerName; label?: string; learningRate?: number; momentum?: number; rho?: number; epsilon?: number; beta1?: number; beta2?: number };

/** The knobs each race optimizer has (Nesterov is momentum with the look-ahead). */
const KNOBS: { readonly [O in SurfaceOptimizerName]: ReadonlyArray<'momentum' | 'rho' | 'epsilon' | 'beta1' | 'beta2'> } = {
  sgd: [],
  momentum: ['momentum'],
  nesterov: ['momentum'],
  rmsprop: ['rho', 'epsilon', 'momentum'],
  adam: ['beta1', 'beta2', 'epsilon'],
};

const productName = (o: SurfaceOptimizerName) => (o === 'nesterov' ? 'momentum' : o);

/** One optimizer of a race, every knob that applies filled in from search/defaults.ts. */
export function resolveSurfaceOptimizer(input: SurfaceOptimizerInput, surface: SurfaceKind): SurfaceOptimizerSpec {
  const o = input.optimizer;
  const defaults = OPTIMIZER_KNOB_DEFAULTS[productName(o)];
  const out: SurfaceOptimizerSpec = { label: input.label ?? o, optimizer: o, learningRate: input.learningRate ?? SURFACE_DEFAULTS[surface].learningRates[o] };
  for (const knob of KNOBS[o]) {
    const value = input[knob] ?? defaults[knob];
    if (typeof value === 'number') out[knob] = value;
  }
  return out;
}

/** Every optimizer with the surface's default learning rate: the default race. */
export function defaultRace(surface: SurfaceKind): SurfaceOptimizerSpec[] {
  return SURFACE_OPTIMIZERS.map((optimizer) => resolveSurfaceOptimizer({ optimizer }, surface));
}

/** The request's wording: the shared toolkit's, with its own words for `surface` and an empty list. */
const WORDING: IssueWording = {
  subject: 'the request',
  special: (iss, { path, field, got }) => {
    if (iss.code === 'invalid_union' && path === 'surface') {
      if (iss.input === undefined) return 'surface is required';
      return `surface must be one of ${SURFACE_KINDS.join(', ')}, or an object such as { "kind": "quadratic", "condition": 10, "angle": 30 }, ${got}${valueHint(iss.input, SURFACE_KINDS)}`;
    }
    // "at least 1 entries", as this API has always answered for an empty list (clients and tests match it).
    if (iss.code === 'too_small' && iss.origin === 'array') return `${field} must have at least ${Number(iss.minimum)} entries, ${got}`;
    return undefined;
  },
};

/** Every run resolved: a knob its optimizer does not have and a label used twice are issues. */
function resolveRace(runs: ReadonlyArray<SurfaceOptimizerInput>, surface: SurfaceKind, issues: FieldIssue[]): SurfaceOptimizerSpec[] {
  const optimizers: SurfaceOptimizerSpec[] = [];
  runs.forEach((o, i) => {
    for (const knob of ['momentum', 'rho', 'epsilon', 'beta1', 'beta2'] as const) {
      if (Object.hasOwn(o, knob) && !KNOBS[o.optimizer].includes(knob)) {
        const owners = SURFACE_OPTIMIZERS.filter((name) => KNOBS[name].includes(knob));
        issues.push({ path: `optimizers[${i}].${knob}`, message: `optimizers[${i}].${knob} applies only to ${owners.join(', ')}, not ${o.optimizer}` });
      }
    }
    const resolved = resolveSurfaceOptimizer(o, surface);
    const earlier = optimizers.findIndex((p) => p.label === resolved.label);
    if (earlier >= 0) {
      issues.push({ path: `optimizers[${i}].label`, message: `optimizers[${i}].label ${JSON.stringify(resolved.label)} repeats optimizers[${earlier}]'s; give each run its own label` });
    }
    optimizers.push(resolved);
  });
  return optimizers;
}

/**
 * Validates a surface race from untrusted JSON. On success every default is filled in; on failure,
 * every problem found, each naming its field and rule. Never throws.
 */
export function validateSurfaceRequest(input: unknown): SurfaceValidation {
  let parsed: ReturnType<typeof surfaceRequestSchema.safeParse>;
  try {
    parsed = surfaceRequestSchema.safeParse(input, { reportInput: true });
  } catch (err) {
    return { ok: false, issues: [unreadableIssue(WORDING.subject, err)] };
  }
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.flatMap((iss) => fieldIssuesFromZod(iss, WORDING)).slice(0, LIMITS.maxIssues) };
  const r = parsed.data;
  const issues: FieldIssue[] = [];

  const surface: SurfaceSpec = typeof r.surface === 'string' ? (r.surface === 'quadratic' ? { kind: 'quadratic', ...QUADRATIC_DEFAULTS } : { kind: r.surface }) : r.surface;
  const defaults = SURFACE_DEFAULTS[surface.kind];

  const optimizers = resolveRace(r.optimizers ?? SURFACE_OPTIMIZERS.map((optimizer) => ({ optimizer })), surface.kind, issues);

  const view: SurfaceViewBox = r.view ?? { ...defaults.view };
  if (!(view.xMin < view.xMax)) issues.push({ path: 'view.xMin', message: `view.xMin must be < view.xMax, got ${view.xMin} and ${view.xMax}` });
  if (!(view.yMin < view.yMax)) issues.push({ path: 'view.yMin', message: `view.yMin must be < view.yMax, got ${view.yMin} and ${view.yMax}` });

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    request: {
      surface,
      noise: r.noise ?? null,
      start: r.start ? [r.start[0], r.start[1]] : [defaults.start[0], defaults.start[1]],
      steps: r.steps ?? defaults.steps,
      tolerance: r.tolerance,
      optimizers,
      view,
      grid: r.grid,
    },
  };
}
