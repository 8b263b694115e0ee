// Each optimizer takes three steps on f(w) = ½·Σ aᵢ·wᵢ² (gradient gᵢ = aᵢ·wᵢ) and must land where
// its update rule, written out by hand below, says it lands. One shared suite runs every optimizer.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrialConfig } from '../../types/index.js';
import { createOptimizer, disposeOptimizer, resolveOptimizerSettings } from '../../optimizers/create-optimizer.js';

const A = [1, 10, 0.1];
const W0 = [1, -2, 0.5];
const LR = 0.05;
const STEPS = 3;

/** One step of a hand-written rule: new weights from old weights and gradients, with private state. */
type Rule = () => (w: number[], g: number[]) => number[];

const base = { learningRate: LR, batchSize: 32, l2: 0, dropout: 0 } as const;

const cases: Array<{ name: string; config: TrialConfig; rule: Rule }> = [
  {
    name: 'sgd: w ← w − η·g',
    config: { ...base, optimizer: 'sgd' },
    rule: () => (w, g) => w.map((wi, i) => wi - LR * g[i]!),
  },
  {
    name: 'momentum: v ← μ·v + g, w ← w − η·v',
    config: { ...base, optimizer: 'momentum', momentum: 0.9, nesterov: false },
    rule: () => {
      const v = A.map(() => 0);
      return (w, g) => w.map((wi, i) => {
        v[i] = 0.9 * v[i]! + g[i]!;
        return wi - LR * v[i]!;
      });
    },
  },
  {
    name: 'nesterov: v ← μ·v + g, w ← w − η·(g + μ·v)',
    config: { ...base, optimizer: 'momentum', momentum: 0.8, nesterov: true },
    rule: () => {
      const v = A.map(() => 0);
      return (w, g) => w.map((wi, i) => {
        v[i] = 0.8 * v[i]! + g[i]!;
        return wi - LR * (g[i]! + 0.8 * v[i]!);
      });
    },
  },
  {
    name: 'rmsprop: s ← ρ·s + (1−ρ)·g², m ← μ·m + η·g/√(s+ε), w ← w − m',
    config: { ...base, optimizer: 'rmsprop', rho: 0.9, momentum: 0.5, epsilon: 1e-6 },
    rule: () => {
      const s = A.map(() => 0);
      const m = A.map(() => 0);
      return (w, g) => w.map((wi, i) => {
        s[i] = 0.9 * s[i]! + 0.1 * g[i]! ** 2;
        m[i] = 0.5 * m[i]! + (LR * g[i]!) / Math.sqrt(s[i]! + 1e-6);
        return wi - m[i]!;
      });
    },
  },
  {
    name: 'adam: bias-corrected m̂, v̂, w ← w − η·m̂/(√v̂ + ε)',
    config: { ...base, optimizer: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
    rule: () => {
      const m = A.map(() => 0);
      const v = A.map(() => 0);
      let t = 0;
      return (w, g) => {
        t++;
        return w.map((wi, i) => {
          m[i] = 0.9 * m[i]! + 0.1 * g[i]!;
          v[i] = 0.999 * v[i]! + 0.001 * g[i]! ** 2;
          const mHat = m[i]! / (1 - 0.9 ** t);
          const vHat = v[i]! / (1 - 0.999 ** t);
          return wi - (LR * mHat) / (Math.sqrt(vHat) + 1e-8);
        });
      };
    },
  },
];

function expectClose(actual: ArrayLike<number>, expected: number[]) {
  expected.forEach((e, i) => expect(Math.abs(actual[i]! - e)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(e))));
}

describe('createOptimizer', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const { name, config, rule } of cases) {
    it(`takes the first ${STEPS} steps of ${name} on a quadratic`, () => {
      const before = tf.memory().numTensors;
      const optimizer = createOptimizer(config);
      const w = tf.tidy(() => tf.variable(tf.tensor1d(W0)));
      const a = tf.tensor1d(A);
      const step = rule();
      let expected = [...W0];
      try {
        for (let t = 1; t <= STEPS; t++) {
          tf.tidy(() => {
            optimizer.minimize(() => tf.mul(0.5, tf.sum(tf.mul(a, tf.square(w)))) as tf.Scalar, false, [w]);
          });
          expected = step(expected, expected.map((wi, i) => A[i]! * wi));
          expectClose(w.dataSync(), expected);
        }
        expect(expected).not.toEqual(W0);
      } finally {
        disposeOptimizer(optimizer);
        w.dispose();
        a.dispose();
      }
      expect(tf.memory().numTensors).toBe(before); // state and constants all freed
    });
  }

  it('fills in documented fallbacks for knobs the config leaves out', () => {
    expect(resolveOptimizerSettings({ ...base, optimizer: 'adam' })).toMatchObject({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(resolveOptimizerSettings({ ...base, optimizer: 'momentum' })).toMatchObject({ momentum: 0.9, nesterov: false });
    expect(resolveOptimizerSettings({ ...base, optimizer: 'rmsprop' })).toMatchObject({ rho: 0.9, momentum: 0, epsilon: 1e-8 });
  });

  it('refuses a learning rate that is not a positive number', () => {
    expect(() => createOptimizer({ ...base, optimizer: 'sgd', learningRate: 0 })).toThrow(/learningRate/);
    expect(() => createOptimizer({ ...base, optimizer: 'sgd', learningRate: Number.NaN })).toThrow(/learningRate/);
  });
});
