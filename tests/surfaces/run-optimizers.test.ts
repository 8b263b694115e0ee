// The race runs the product's tfjs optimizers: on the quadratic bowl their trajectories equal the
// closed-form iterations of their update rules, on an ill-conditioned bowl momentum gets there
// first, noise is seeded and shared, divergence is a result, and no tensor is left behind.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SurfaceRequest, SurfaceOptimizerSpec } from '../../types/index.js';
import { quadraticMatrix } from '../../surfaces/surfaces.js';
import { validateSurfaceRequest } from '../../surfaces/request-schema.js';
import { DIVERGENCE_LIMIT, runOptimizers, runOptimizersAsync } from '../../surfaces/run-optimizers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function request(body: Record<string, unknown>): SurfaceRequest {
  const v = validateSurfaceRequest(body);
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  return v.request;
}

/** Eigen-decomposition of the bowl's A: θ = u·e₁ + v·e₂ with curvatures λ₁ = 1 along e₁, λ₂ = 1/κ along e₂. */
function eigenBasis(angleDegrees: number) {
  const t = (angleDegrees * Math.PI) / 180;
  const e1: [number, number] = [Math.cos(t), Math.sin(t)];
  const e2: [number, number] = [-Math.sin(t), Math.cos(t)];
  const to = (p: readonly number[]) => [p[0]! * e1[0] + p[1]! * e1[1], p[0]! * e2[0] + p[1]! * e2[1]] as const;
  const from = (u: number, v: number): [number, number] => [u * e1[0] + v * e2[0], u * e1[1] + v * e2[1]];
  return { to, from };
}

/** Complex numbers, just enough for the roots of the momentum recurrence. */
type C = [number, number];
const cmul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const csub = (a: C, b: C): C => [a[0] - b[0], a[1] - b[1]];
const cdiv = (a: C, b: C): C => {
  const d = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
};
const cpow = (a: C, k: number): C => {
  const r = Math.hypot(a[0], a[1]) ** k;
  const phi = Math.atan2(a[1], a[0]) * k;
  return [r * Math.cos(phi), r * Math.sin(phi)];
};

/**
 * Heavy-ball momentum as tfjs runs it (v ← μv + λθ, θ ← θ − ηv, v₀ = 0) along one eigen-direction:
 * θₖ₊₁ = (1 + μ − ηλ)θₖ − μθₖ₋₁ with θ₁ = (1 − ηλ)θ₀, so θₖ = c₁r₁ᵏ + c₂r₂ᵏ where r₁, r₂ are the
 * roots of r² − (1 + μ − ηλ)r + μ = 0 (complex when the iteration spirals).
 */
function momentumClosedForm(theta0: number, lambda: number, lr: number, mu: number, k: number): number {
  const b = 1 + mu - lr * lambda;
  const disc = b * b - 4 * mu;
  const sq: C = disc >= 0 ? [Math.sqrt(disc), 0] : [0, Math.sqrt(-disc)];
  const r1: C = [(b + sq[0]) / 2, sq[1] / 2];
  const r2: C = [(b - sq[0]) / 2, -sq[1] / 2];
  const t0: C = [theta0, 0];
  const t1: C = [(1 - lr * lambda) * theta0, 0];
  // c₁ + c₂ = θ₀, c₁r₁ + c₂r₂ = θ₁  ⇒  c₁ = (θ₁ − θ₀r₂)/(r₁ − r₂)
  const c1 = cdiv(csub(t1, cmul(t0, r2)), csub(r1, r2));
  const c2 = csub(t0, c1);
  const value = csub(cmul(c1, cpow(r1, k)), cmul([-c2[0], -c2[1]], cpow(r2, k)));
  return value[0];
}

describe('on the quadratic bowl', () => {
  const condition = 20;
  const angle = 25;
  const start: [number, number] = [-1.5, 1.25];
  const steps = 60;
  const { to, from } = eigenBasis(angle);

  it('SGD follows θₖ = (I − ηA)ᵏθ₀ step for step', () => {
    const lr = 0.3;
    const [run] = runOptimizers(request({ surface: { kind: 'quadratic', condition, angle }, start, steps, optimizers: [{ optimizer: 'sgd', learningRate: lr }] })).runs;
    expect(run!.trajectory).toHaveLength(steps + 1);
    const [u0, v0] = to(run!.trajectory[0]!);
    run!.trajectory.forEach((p, k) => {
      const [x, y] = from(u0 * (1 - lr) ** k, v0 * (1 - lr / condition) ** k);
      expect(Math.abs(p[0] - x), `x at step ${k}`).toBeLessThan(2e-6);
      expect(Math.abs(p[1] - y), `y at step ${k}`).toBeLessThan(2e-6);
    });
  });

  it('momentum follows the closed form of its two-term recurrence step for step', () => {
    const lr = 0.2;
    const mu = 0.9;
    const [run] = runOptimizers(request({ surface: { kind: 'quadratic', condition, angle }, start, steps, optimizers: [{ optimizer: 'momentum', learningRate: lr, momentum: mu }] })).runs;
    expect(run!.trajectory).toHaveLength(steps + 1);
    const [u0, v0] = to(run!.trajectory[0]!);
    run!.trajectory.forEach((p, k) => {
      const [x, y] = from(momentumClosedForm(u0, 1, lr, mu, k), momentumClosedForm(v0, 1 / condition, lr, mu, k));
      expect(Math.abs(p[0] - x), `x at step ${k}`).toBeLessThan(1e-5);
      expect(Math.abs(p[1] - y), `y at step ${k}`).toBeLessThan(1e-5);
    });
  });

  it('reports loss ½θᵀAθ at every point of the trajectory', () => {
    const [run] = runOptimizers(request({ surface: { kind: 'quadratic', condition, angle }, start, steps: 5, optimizers: [{ optimizer: 'adam' }] })).runs;
    const { a, b, c } = quadraticMatrix(condition, angle);
    run!.trajectory.forEach(([x, y], k) => expect(run!.loss[k]).toBeCloseTo(0.5 * (a * x * x + 2 * b * x * y + c * y * y), 12));
    expect(run!.finalLoss).toBe(run!.loss[5]);
  });

  it('moves Adam by the learning rate in each coordinate on its first step (bias-corrected m̂/√v̂ = sign g)', () => {
    const lr = 0.01;
    const [run] = runOptimizers(request({ surface: 'rosenbrock', steps: 1, optimizers: [{ optimizer: 'adam', learningRate: lr }] })).runs;
    const [p0, p1] = run!.trajectory;
    expect(Math.abs(p1![0] - p0![0])).toBeCloseTo(lr, 6);
    expect(Math.abs(p1![1] - p0![1])).toBeCloseTo(lr, 6);
  });
});

describe('on an ill-conditioned bowl (condition 100)', () => {
  it('momentum reaches the tolerance in fewer steps than SGD at the same learning rate', () => {
    const lr = 0.5;
    const result = runOptimizers(request({
      surface: { kind: 'quadratic', condition: 100, angle: 30 },
      start: [-1.5, 1.5],
      steps: 3000,
      tolerance: 1e-4,
      optimizers: [{ optimizer: 'sgd', learningRate: lr }, { optimizer: 'momentum', learningRate: lr, momentum: 0.9 }],
    }));
    const [sgd, momentum] = result.runs;
    expect(sgd!.stepsToTolerance).not.toBeNull();
    expect(momentum!.stepsToTolerance).not.toBeNull();
    expect(momentum!.stepsToTolerance!).toBeLessThan(sgd!.stepsToTolerance! / 3);
    for (const run of [sgd!, momentum!]) {
      const k = run.stepsToTolerance!;
      expect(run.loss[k]!).toBeLessThan(1e-4);
      expect(run.loss[k - 1]!).toBeGreaterThanOrEqual(1e-4);
    }
  });
});

describe('a race', () => {
  const all: SurfaceOptimizerSpec['optimizer'][] = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam'];

  it('runs all five optimizers from the same start by default and leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    const result = runOptimizers(request({ surface: 'himmelblau', grid: 11 }));
    expect(tf.memory().numTensors).toBe(before);
    expect(result.runs.map((r) => r.optimizer)).toEqual(all);
    for (const run of result.runs) {
      expect(run.trajectory[0]).toEqual([0, 0]);
      expect(run.loss).toHaveLength(run.trajectory.length);
      expect(run.diverged).toBe(false);
      expect(run.stepsToTolerance).not.toBeNull();
    }
    expect(result.backend).toBe('cpu');
    expect(result.grid!.x).toHaveLength(11);
    expect(result.grid!.values).toHaveLength(11);
    expect(result.grid!.values[5]![5]).toBe(170); // f(0, 0) at the centre of [−5, 5]²
  });

  it('gives the same numbers twice, synchronously or not', async () => {
    const r = request({ surface: 'beale', steps: 300, noise: { scale: 0.5, seed: 3 } });
    const a = runOptimizers(r);
    const b = await runOptimizersAsync(r, 37);
    expect(b).toEqual(a);
  });

  it('adds seeded gradient noise, the same sequence to every run', () => {
    const noisy = (seed: number) =>
      runOptimizers(request({
        surface: 'quadratic',
        steps: 50,
        noise: { scale: 0.3, seed },
        optimizers: [{ optimizer: 'sgd', label: 'a' }, { optimizer: 'sgd', label: 'b' }],
      })).runs;
    const [a, b] = noisy(1);
    expect(a!.trajectory).toEqual(b!.trajectory);
    const clean = runOptimizers(request({ surface: 'quadratic', steps: 50, optimizers: [{ optimizer: 'sgd' }] })).runs[0]!;
    expect(a!.trajectory).not.toEqual(clean.trajectory);
    expect(noisy(2)[0]!.trajectory).not.toEqual(a!.trajectory);
  });

  it('reports a blow-up as divergence at the step the loss passed 1e6, with every number finite', () => {
    const [run] = runOptimizers(request({ surface: 'quadratic', steps: 500, optimizers: [{ optimizer: 'sgd', learningRate: 2.5 }] })).runs;
    expect(run!.diverged).toBe(true);
    const k = run!.divergedAtStep!;
    expect(run!.trajectory).toHaveLength(k + 1);
    expect(Math.abs(run!.loss[k]!)).toBeGreaterThan(DIVERGENCE_LIMIT);
    expect(run!.loss.slice(0, k).every((v) => Math.abs(v) <= DIVERGENCE_LIMIT)).toBe(true);
    expect(JSON.parse(JSON.stringify(run))).toEqual(run);
  });

  it('never reaches a tolerance on the saddle, which has no minimum, and escapes along y', () => {
    const result = runOptimizers(request({ surface: 'saddle', steps: 400 }));
    for (const run of result.runs) {
      expect(run.stepsToTolerance).toBeNull();
      expect(Math.abs(run.trajectory.at(-1)![1])).toBeGreaterThan(1);
    }
  });
});
