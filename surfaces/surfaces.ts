// The 2-D loss surfaces students race optimizers on: each is f(x, y) and its gradient ∇f written
// out by hand (tests/surfaces/surfaces.test.ts checks every ∇f against central finite differences),
// with its known minima, a view box and a start point that show the surface's difficulty.
// Pure float64 maths: no tfjs, no I/O, so the API and the dashboard page compute the same numbers.
import type { SurfaceInfo, SurfaceKind, SurfaceOptimizerName, SurfaceSpec, SurfaceViewBox } from '../types/index.js';

export type Point = readonly [number, number];

export interface Surface {
  info: SurfaceInfo;
  /** f(x, y). */
  f(x: number, y: number): number;
  /** ∇f(x, y) = [∂f/∂x, ∂f/∂y]. */
  grad(x: number, y: number): [number, number];
}

/** Per surface: where the plot looks, where the race starts, and learning rates that make a fair race there. */
export interface SurfaceDefaults {
  view: SurfaceViewBox;
  start: [number, number];
  /** Default number of updates: enough for the default rates to get near a minimum (or off the saddle). */
  steps: number;
  /** The default learning rate of each optimizer on this surface (hand-tuned to converge, not to win). */
  learningRates: Record<SurfaceOptimizerName, number>;
}

/** Default quadratic bowl: condition number 10, axes rotated by 30°. */
export const QUADRATIC_DEFAULTS = { condition: 10, angle: 30 } as const;

/**
 * The quadratic bowl f = ½(λ₁u² + λ₂v²), with (u, v) the coordinates along axes rotated by `angle`
 * degrees: u = x·cos a + y·sin a, v = −x·sin a + y·cos a. The largest curvature is λ₁ = 1 and the
 * smallest λ₂ = 1/condition, so plain gradient descent is stable for learning rates below 2 and
 * crawls along v at rate (1 − η/condition) per step. In x, y: f = ½·θᵀAθ with A = R·diag(λ₁, λ₂)·Rᵀ.
 */
export function quadraticMatrix(condition: number, angleDegrees: number): { a: number; b: number; c: number } {
  const t = (angleDegrees * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const l1 = 1;
  const l2 = 1 / condition;
  // A = [[a, b], [b, c]]
  return { a: l1 * cos * cos + l2 * sin * sin, b: (l1 - l2) * cos * sin, c: l1 * sin * sin + l2 * cos * cos };
}

function quadratic(condition: number, angle: number): Surface {
  const { a, b, c } = quadraticMatrix(condition, angle);
  return {
    info: {
      kind: 'quadratic',
      name: `quadratic bowl (condition ${condition}, rotated ${angle}°)`,
      formula: '½(u² + v²/condition), (u, v) = (x, y) rotated by −angle',
      minima: [[0, 0]],
      minLoss: 0,
    },
    f: (x, y) => 0.5 * (a * x * x + 2 * b * x * y + c * y * y),
    grad: (x, y) => [a * x + b * y, b * x + c * y],
  };
}

const SADDLE: Surface = {
  info: { kind: 'saddle', name: 'saddle', formula: 'x² − y²', minima: [], minLoss: null },
  f: (x, y) => x * x - y * y,
  grad: (x, y) => [2 * x, -2 * y],
};

/** Rosenbrock's banana valley, a = 1, b = 100: f = (1 − x)² + 100(y − x²)², minimum 0 at (1, 1). */
const ROSENBROCK: Surface = {
  info: { kind: 'rosenbrock', name: 'Rosenbrock', formula: '(1 − x)² + 100·(y − x²)²', minima: [[1, 1]], minLoss: 0 },
  f: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  grad: (x, y) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
};

/** Beale: f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², minimum 0 at (3, 0.5). */
const BEALE: Surface = {
  info: { kind: 'beale', name: 'Beale', formula: '(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²', minima: [[3, 0.5]], minLoss: 0 },
  f: (x, y) => (1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2 + (2.625 - x + x * y ** 3) ** 2,
  grad: (x, y) => {
    const t1 = 1.5 - x + x * y;
    const t2 = 2.25 - x + x * y * y;
    const t3 = 2.625 - x + x * y ** 3;
    return [
      2 * t1 * (y - 1) + 2 * t2 * (y * y - 1) + 2 * t3 * (y ** 3 - 1),
      2 * t1 * x + 2 * t2 * 2 * x * y + 2 * t3 * 3 * x * y * y,
    ];
  },
};

/** Himmelblau: f = (x² + y − 11)² + (x + y² − 7)², four minima of value 0. */
const HIMMELBLAU: Surface = {
  info: {
    kind: 'himmelblau',
    name: 'Himmelblau',
    formula: '(x² + y − 11)² + (x + y² − 7)²',
    minima: [
      [3, 2],
      [-2.805118, 3.131312],
      [-3.77931, -3.283186],
      [3.584428, -1.848126],
    ],
    minLoss: 0,
  },
  f: (x, y) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
  grad: (x, y) => {
    const p = x * x + y - 11;
    const q = x + y * y - 7;
    return [4 * x * p + 2 * q, 2 * p + 4 * y * q];
  },
};

/** The surface a spec names. */
export function createSurface(spec: SurfaceSpec): Surface {
  switch (spec.kind) {
    case 'quadratic':
      return quadratic(spec.condition, spec.angle);
    case 'saddle':
      return SADDLE;
    case 'rosenbrock':
      return ROSENBROCK;
    case 'beale':
      return BEALE;
    case 'himmelblau':
      return HIMMELBLAU;
    default: {
      const never: never = spec;
      throw new TypeError(`unknown surface ${JSON.stringify(never)}`);
    }
  }
}

/**
 * View boxes, start points and learning rates. The rates let every optimizer converge (or, on
 * the saddle, escape) within the default number of steps; students are meant to change them.
 */
export const SURFACE_DEFAULTS: { readonly [K in SurfaceKind]: Readonly<SurfaceDefaults> } = {
  quadratic: {
    steps: 200,
    view: { xMin: -2, xMax: 2, yMin: -2, yMax: 2 },
    start: [-1.5, 1.5],
    learningRates: { sgd: 0.5, momentum: 0.1, nesterov: 0.1, rmsprop: 0.02, adam: 0.1 },
  },
  saddle: {
    steps: 200,
    view: { xMin: -2, xMax: 2, yMin: -2, yMax: 2 },
    start: [1.5, 0.01],
    learningRates: { sgd: 0.05, momentum: 0.02, nesterov: 0.02, rmsprop: 0.02, adam: 0.05 },
  },
  rosenbrock: {
    steps: 2000,
    view: { xMin: -2, xMax: 2, yMin: -1, yMax: 3 },
    start: [-1.2, 1],
    learningRates: { sgd: 0.001, momentum: 0.0002, nesterov: 0.0002, rmsprop: 0.002, adam: 0.05 },
  },
  beale: {
    steps: 1000,
    view: { xMin: -4.5, xMax: 4.5, yMin: -4.5, yMax: 4.5 },
    start: [1, 1.5],
    learningRates: { sgd: 0.01, momentum: 0.002, nesterov: 0.002, rmsprop: 0.01, adam: 0.05 },
  },
  himmelblau: {
    steps: 200,
    view: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
    start: [0, 0],
    learningRates: { sgd: 0.01, momentum: 0.002, nesterov: 0.002, rmsprop: 0.05, adam: 0.1 },
  },
};
