// tfjs's Adam with each variable's step done by one ProjectAdamUpdate kernel (see
// adam-update-kernel.ts) instead of ~13. A drop-in subclass: same constructor, same state (the moment
// variables, getWeights/setWeights, className 'Adam'), same numbers to float rounding. On a backend
// without the kernel it runs tfjs's own applyGradients.

import * as tf from '@tensorflow/tfjs';
import { ADAM_UPDATE, type AdamUpdateAttrs } from './adam-update-kernel.js';

/** What applyGradients takes: variable name → gradient, or a list of named gradients. */
type VariableGradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

/** The AdamOptimizer state this subclass shares; tfjs declares it private, it is plain fields at run time. */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  accumulatedSecondMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
}

export class FusedAdamOptimizer extends tf.AdamOptimizer {
  constructor(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon: number | null = null) {
    super(learningRate, beta1, beta2, epsilon as number);
  }

  override applyGradients(variableGradients: VariableGradients): void {
    if (tf.getKernel(ADAM_UPDATE, tf.getBackend()) === undefined) {
      super.applyGradients(variableGradients);
      return;
    }
    const state = this as unknown as AdamState;
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((v) => v.name)
      : Object.keys(variableGradients);
    // β^t for this step (t = iterations + 1), as tfjs's setWeights derives it; kept in JS so no
    // per-step read of accBeta from the device is needed.
    const step = this.iterations + 1;
    const attrs: AdamUpdateAttrs = {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      oneMinusAccBeta1: 1 - Math.pow(this.beta1, step),
      oneMinusAccBeta2: 1 - Math.pow(this.beta2, step),
    };
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name];
        if (value === undefined) throw new Error(`Adam: no variable named '${name}'`);
        const m = (state.accumulatedFirstMoment[i] ??= {
          originalName: `${name}/m`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        }).variable;
        const v = (state.accumulatedSecondMoment[i] ??= {
          originalName: `${name}/v`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        }).variable;
        const gradient = Array.isArray(variableGradients)
          ? variableGradients[i]?.tensor
          : variableGradients[name];
        if (gradient == null) return;
        const [newValue, newM, newV] = tf.engine().runKernel(
          ADAM_UPDATE,
          { value, m, v, gradient },
          attrs as unknown as tf.NamedAttrMap,
        ) as tf.Tensor[];
        m.assign(newM!);
        v.assign(newV!);
        value.assign(newValue!);
      });
      // Keep tfjs's own β^(t+1) scalars current, so its applyGradients can take over at any step.
      state.accBeta1.assign(tf.scalar(Math.pow(this.beta1, step + 1)));
      state.accBeta2.assign(tf.scalar(Math.pow(this.beta2, step + 1)));
    });
    this.incrementIterations();
  }
}

/** `tf.train.adam` with fused per-variable updates on backends that register ProjectAdamUpdate. */
export function createFusedAdam(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon: number | null = null): FusedAdamOptimizer {
  return new FusedAdamOptimizer(learningRate, beta1, beta2, epsilon);
}
