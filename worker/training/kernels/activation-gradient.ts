// Element passes of the tapeless training step (tapeless-step/step.ts) on the wasm heap:
// an activation's gradient from its output, and a scaled add (the L2 term of a kernel's gradient).
//
// Formulas, element-wise, with a = the activation's output:
//   relu:   dz = da · [a > 0]        (tfjs: dy · step(x); a > 0 exactly where x > 0)
//   tanh:   dz = da · (1 − a²)       (tfjs's Tanh gradient, from the output)
//   linear: dz = da
//   addScaled: g ← g + s · w
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from './wasm-kernel-calls.js';
import { elementwiseSimd, f32Bits } from './elementwise-simd.js';

export type GradientActivation = 'relu' | 'tanh' | 'linear';

/** Replaces `dy` (which this step owns) by the gradient before `activation`, given its output. */
export function activationGradientInPlace(backend: BackendWasm, activation: GradientActivation, dy: tf.TensorInfo, output: tf.TensorInfo): void {
  if (activation === 'linear') return;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  const a = backend.typedArrayFromHeap(output) as Float32Array;
  const simd = elementwiseSimd(backend);
  const n4 = g.length >> 2;
  const done = simd !== null && n4 > 0 ? 4 * n4 : 0;
  if (done > 0) (activation === 'relu' ? simd!.reluGradient : simd!.tanhGradient)(g.byteOffset, a.byteOffset, n4);
  if (activation === 'relu') {
    for (let i = done; i < g.length; i++) if (!(a[i]! > 0)) g[i] = 0;
  } else {
    for (let i = done; i < g.length; i++) {
      const ai = a[i]!;
      g[i] = g[i]! * (1 - ai * ai);
    }
  }
}

/** g ← g + scale · w, element-wise (g this step's own gradient buffer). */
export function addScaledInPlace(backend: BackendWasm, gradient: tf.TensorInfo, weights: tf.TensorInfo, scale: number): void {
  const g = backend.typedArrayFromHeap(gradient) as Float32Array;
  const w = backend.typedArrayFromHeap(weights) as Float32Array;
  const simd = elementwiseSimd(backend);
  const n4 = g.length >> 2;
  const done = simd !== null && n4 > 0 ? 4 * n4 : 0;
  if (done > 0) simd!.addScaled(g.byteOffset, w.byteOffset, n4, f32Bits(scale));
  for (let i = done; i < g.length; i++) g[i] = g[i]! + Math.fround(scale) * w[i]!;
}
