// Turns a trial's optimizer settings into one of tfjs's own optimizers, so the update a student reads
// about is the one that runs on GPU, CPU and in the browser alike. Each case states the update rule
// exactly as tfjs 4.22 computes it (read from tfjs-core/dist/optimizers/*.js), for a parameter w with
// gradient g at step t = 1, 2, …, learning rate η. All state (v, s, m) starts at zero.
import * as tf from '@tensorflow/tfjs';
import { FusedAdamOptimizer } from './fused-adam-optimizer.js';
import { OPTIMIZER_KNOB_DEFAULTS, type KnobValues } from '../search/defaults.js';
import type { OptimizerName, TrialConfig } from '../types/index.js';

/**
 * Where a trial config leaves a knob out (the sampler normally fills them in), the value comes from
 * the one defaults table, search/defaults.ts: momentum 0.9, nesterov false; rmsprop rho 0.9,
 * momentum 0, epsilon 1e-8; adam beta1 0.9, beta2 0.999, epsilon 1e-8.
 */
const fallback = <K extends keyof KnobValues>(optimizer: OptimizerName, knob: K): NonNullable<KnobValues[K]> => {
  const value = OPTIMIZER_KNOB_DEFAULTS[optimizer][knob];
  if (value === undefined) throw new Error(`search/defaults.ts has no default ${knob} for ${optimizer}`);
  return value as NonNullable<KnobValues[K]>;
};

/** The knobs createOptimizer actually used, fallbacks filled in (for logs and checkpoints). */
export interface ResolvedOptimizerSettings {
  optimizer: OptimizerName;
  learningRate: number;
  momentum?: number;
  nesterov?: boolean;
  rho?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export function resolveOptimizerSettings(config: TrialConfig): ResolvedOptimizerSettings {
  const lr = config.learningRate;
  const o = config.optimizer;
  switch (o) {
    case 'sgd': return { optimizer: o, learningRate: lr };
    case 'momentum': return { optimizer: o, learningRate: lr, momentum: config.momentum ?? fallback(o, 'momentum'), nesterov: config.nesterov ?? fallback(o, 'nesterov') };
    case 'rmsprop': return { optimizer: o, learningRate: lr, rho: config.rho ?? fallback(o, 'rho'), momentum: config.momentum ?? fallback(o, 'momentum'), epsilon: config.epsilon ?? fallback(o, 'epsilon') };
    case 'adam': return { optimizer: o, learningRate: lr, beta1: config.beta1 ?? fallback(o, 'beta1'), beta2: config.beta2 ?? fallback(o, 'beta2'), epsilon: config.epsilon ?? fallback(o, 'epsilon') };
    default: {
      const unknown: never = o;
      throw new Error(`unknown optimizer ${String(unknown)}`);
    }
  }
}

export function createOptimizer(config: TrialConfig): tf.Optimizer {
  if (!(config.learningRate > 0) || !Number.isFinite(config.learningRate)) {
    throw new RangeError(`learningRate must be a positive finite number, got ${config.learningRate}`);
  }
  const s = resolveOptimizerSettings(config);
  switch (s.optimizer) {
    case 'sgd':
      // w ← w − η·g
      return tf.train.sgd(s.learningRate);
    case 'momentum':
      // v ← μ·v + g                      (the "accumulation"; g is not scaled by η or (1 − μ))
      // classic:  w ← w − η·v
      // nesterov: w ← w − η·(g + μ·v)    (with the new v)
      return tf.train.momentum(s.learningRate, s.momentum!, s.nesterov!);
    case 'rmsprop':
      // s ← ρ·s + (1 − ρ)·g²
      // m ← μ·m + η·g / √(s + ε)         (ε INSIDE the square root; μ = the config's momentum, 0 by default)
      // w ← w − m
      return tf.train.rmsprop(s.learningRate, s.rho!, s.momentum!, s.epsilon!);
    case 'adam':
      // m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²
      // m̂ = m / (1 − β1ᵗ),      v̂ = v / (1 − β2ᵗ)       (bias correction on both moments)
      // w ← w − η·m̂ / (√v̂ + ε)                           (ε OUTSIDE the square root)
      // tfjs's Adam with one fused kernel per variable where the backend has it (same numbers).
      return new FusedAdamOptimizer(s.learningRate, s.beta1!, s.beta2!, s.epsilon!);
    default: {
      const unknown: never = s.optimizer;
      throw new Error(`unknown optimizer ${String(unknown)}`);
    }
  }
}

/**
 * Frees an optimizer's tensors. tfjs 4.22's MomentumOptimizer.dispose() overrides SGDOptimizer's
 * without calling it, so its learning-rate scalar `c` would stay allocated (one tensor per trial);
 * it is freed here too. Disposing twice is harmless.
 */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  if (optimizer instanceof tf.MomentumOptimizer) {
    (optimizer as unknown as { c?: tf.Tensor }).c?.dispose();
  }
}
