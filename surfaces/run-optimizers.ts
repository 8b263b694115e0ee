// Races optimizers on a 2-D surface with the product's own tfjs optimizers (createOptimizer in
// optimizers/create-optimizer.ts, the ones the workers train CNNs with), so what a student sees on
// Rosenbrock is the update rule their CNN trials ran.
//
// Each run: θ is a 2-parameter tf.Variable at `start` (float32). Step k = 1…steps:
//   g = ∇f(θ) (float64, written out in surfaces.ts) + scale·ε,  ε ~ N(0, I) by Box–Muller from
//       createRng(noise.seed, 'surface-noise') — a fresh generator per run, so every optimizer sees
//       the same noise sequence, as paired CNN trials see the same minibatches;
//   optimizer.applyGradients({ θ: g })   (g rounded to float32; the tfjs update rule);
//   loss[k] = f(θ) in float64, the true loss (never noisy).
// A run diverges at the first step whose point is not finite or whose loss exceeds 1e6 in magnitude;
// it stops there (a non-finite point is left out, so every number in a result is finite and JSON-safe).
// stepsToTolerance is the first k (0 = the start) with loss[k] − f* < tolerance.
//
// Imports only @tensorflow/tfjs and the project's pure modules (no node:, no I/O), so the dashboard
// can run it in the browser. Deterministic: the same request gives the same numbers on the same
// backend (the gradient and loss are plain float64 JavaScript; only the update runs in tfjs).
// Tensors are freed as they go: a race leaves tf.memory().numTensors where it found it.
import * as tf from '@tensorflow/tfjs';
import type { ContourGrid, SurfaceOptimizerSpec, SurfaceRequest, SurfaceResult, SurfaceRun, SurfaceViewBox, TrialConfig } from '../types/index.js';
import { createOptimizer, disposeOptimizer } from '../optimizers/create-optimizer.js';
import { createRng, type Rng } from '../search/rng.js';
import { createSurface, type Surface } from './surfaces.js';

/** A loss beyond ±DIVERGENCE_LIMIT (or not finite) ends a run as diverged. */
export const DIVERGENCE_LIMIT = 1e6;

/** The product optimizer config a race optimizer maps to (Nesterov is momentum with nesterov: true). */
export function toTrialConfig(spec: SurfaceOptimizerSpec): TrialConfig {
  const common = { learningRate: spec.learningRate, batchSize: 1, l2: 0, dropout: 0 };
  switch (spec.optimizer) {
    case 'sgd':
      return { optimizer: 'sgd', ...common };
    case 'momentum':
    case 'nesterov':
      return { optimizer: 'momentum', ...common, momentum: spec.momentum, nesterov: spec.optimizer === 'nesterov' };
    case 'rmsprop':
      return { optimizer: 'rmsprop', ...common, rho: spec.rho, epsilon: spec.epsilon, momentum: spec.momentum };
    case 'adam':
      return { optimizer: 'adam', ...common, beta1: spec.beta1, beta2: spec.beta2, epsilon: spec.epsilon };
    default: {
      const never: never = spec.optimizer;
      throw new TypeError(`unknown optimizer ${String(never)}`);
    }
  }
}

/** A standard normal pair from two uniforms (Box–Muller). */
function gaussianPair(rng: Rng): [number, number] {
  const u1 = 1 - rng.next(); // (0, 1]: log(0) never happens
  const u2 = rng.next();
  const r = Math.sqrt(-2 * Math.log(u1));
  return [r * Math.cos(2 * Math.PI * u2), r * Math.sin(2 * Math.PI * u2)];
}

/** One optimizer's run, as a generator that pauses every `chunk` steps (so a caller may yield to the event loop). */
function* runOne(surface: Surface, request: SurfaceRequest, spec: SurfaceOptimizerSpec, chunk: number): Generator<void, SurfaceRun> {
  const minLoss = surface.info.minLoss;
  const rng = request.noise && request.noise.scale > 0 ? createRng(request.noise.seed, 'surface-noise') : null;
  const scale = request.noise?.scale ?? 0;
  const optimizer = createOptimizer(toTrialConfig(spec));
  const init = tf.tensor1d(request.start, 'float32');
  const theta = tf.variable(init, true);
  init.dispose();
  try {
    let p = theta.dataSync() as Float32Array;
    const trajectory: Array<[number, number]> = [[p[0]!, p[1]!]];
    const start = surface.f(p[0]!, p[1]!);
    const loss: number[] = [start];
    const converged = (v: number) => minLoss !== null && v - minLoss < request.tolerance;
    let stepsToTolerance: number | null = converged(start) ? 0 : null;
    let divergedAtStep: number | null = null;
    for (let k = 1; k <= request.steps; k++) {
      const [gx, gy] = surface.grad(p[0]!, p[1]!);
      let g: [number, number] = [gx, gy];
      if (rng) {
        const [ex, ey] = gaussianPair(rng);
        g = [gx + scale * ex, gy + scale * ey];
      }
      const grad = tf.tensor1d(g, 'float32');
      optimizer.applyGradients({ [theta.name]: grad });
      grad.dispose();
      p = theta.dataSync() as Float32Array;
      const value = surface.f(p[0]!, p[1]!);
      const finite = Number.isFinite(p[0]!) && Number.isFinite(p[1]!) && Number.isFinite(value);
      if (finite) {
        trajectory.push([p[0]!, p[1]!]);
        loss.push(value);
      }
      if (!finite || Math.abs(value) > DIVERGENCE_LIMIT) {
        divergedAtStep = k;
        break;
      }
      if (stepsToTolerance === null && converged(value)) stepsToTolerance = k;
      if (k % chunk === 0) yield;
    }
    return {
      label: spec.label,
      optimizer: spec.optimizer,
      settings: spec,
      trajectory,
      loss,
      finalLoss: loss[loss.length - 1]!,
      stepsToTolerance,
      diverged: divergedAtStep !== null,
      divergedAtStep,
    };
  } finally {
    disposeOptimizer(optimizer);
    theta.dispose();
  }
}

/** f on an n×n grid over the view box: values[j][i] = f(x[i], y[j]), x and y evenly spaced, ends included. */
export function contourGrid(surface: Surface, view: SurfaceViewBox, n: number): ContourGrid {
  const axis = (lo: number, hi: number) => Array.from({ length: n }, (_, i) => (n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1)));
  const x = axis(view.xMin, view.xMax);
  const y = axis(view.yMin, view.yMax);
  return { x, y, values: y.map((yj) => x.map((xi) => surface.f(xi, yj))) };
}

function* race(request: SurfaceRequest, chunk: number): Generator<void, SurfaceResult> {
  const surface = createSurface(request.surface);
  const runs: SurfaceRun[] = [];
  for (const spec of request.optimizers) runs.push(yield* runOne(surface, request, spec, chunk));
  return {
    request,
    surface: surface.info,
    backend: tf.getBackend(),
    runs,
    grid: request.grid > 0 ? contourGrid(surface, request.view, request.grid) : null,
  };
}

/** Runs every optimizer of a (validated, defaults filled) request from the same start. Synchronous. */
export function runOptimizers(request: SurfaceRequest): SurfaceResult {
  const it = race(request, Number.MAX_SAFE_INTEGER);
  for (;;) {
    const next = it.next();
    if (next.done) return next.value;
  }
}

/**
 * The same race, pausing for a macrotask every `yieldEvery` steps, so a server (or a page) keeps
 * answering while a long race runs. Same numbers as runOptimizers.
 */
export async function runOptimizersAsync(request: SurfaceRequest, yieldEvery = 250): Promise<SurfaceResult> {
  const it = race(request, Math.max(1, Math.floor(yieldEvery)));
  for (;;) {
    const next = it.next();
    if (next.done) return next.value;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}
