// ProjectAdamUpdate: one Adam step for one variable in a single kernel. tfjs's AdamOptimizer
// spends ~13 small kernels (and as many engine round trips) per variable per step; for LeNet's
// 8 variables that was ~0.6 ms of kernels plus engine overhead per batch on wasm.
//
// Formula (tfjs's AdamOptimizer, element-wise; t counts steps from 1):
//   m' = β1·m + (1 − β1)·g
//   v' = β2·v + (1 − β2)·g²
//   θ' = θ − lr · (m' / (1 − β1^t)) / (sqrt(v' / (1 − β2^t)) + ε)
// Inputs {value θ, m, v, gradient g}; attrs {learningRate, beta1, beta2, epsilon,
// oneMinusAccBeta1 = 1 − β1^t, oneMinusAccBeta2 = 1 − β2^t}; outputs [θ', m', v'].
// Registered for wasm (reading and writing the heap in place of copies: a float32 SIMD pass,
// elementwise-simd.ts, with the remainder in JS) and for cpu.

import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from './wasm-kernel-calls.js';
import { elementwiseSimd, f32Bits } from './elementwise-simd.js';

import { ADAM_UPDATE, type AdamUpdateAttrs } from '../../../optimizers/adam-update-kernel.js';

export { ADAM_UPDATE, type AdamUpdateAttrs };

interface AdamUpdateInputs {
  value: tf.TensorInfo;
  m: tf.TensorInfo;
  v: tf.TensorInfo;
  gradient: tf.TensorInfo;
}

/** The update itself, over plain arrays; `out*` may not alias the inputs. */
function adamStep(
  a: AdamUpdateAttrs,
  value: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array,
  outValue: Float32Array, outM: Float32Array, outV: Float32Array,
): void {
  const { beta1, beta2, epsilon, learningRate, oneMinusAccBeta1, oneMinusAccBeta2 } = a;
  const keep1 = 1 - beta1;
  const keep2 = 1 - beta2;
  for (let i = 0; i < value.length; i++) {
    const gi = g[i]!;
    // Rounded to float32 where tfjs's kernel chain stores an intermediate.
    const mi = Math.fround(beta1 * m[i]! + keep1 * gi);
    const vi = Math.fround(beta2 * v[i]! + keep2 * gi * gi);
    outM[i] = mi;
    outV[i] = vi;
    outValue[i] = value[i]! - learningRate * (mi / oneMinusAccBeta1) / (Math.sqrt(vi / oneMinusAccBeta2) + epsilon);
  }
}

function checkInputs(inputs: AdamUpdateInputs): void {
  const { value, m, v, gradient } = inputs;
  for (const t of [value, m, v, gradient]) {
    if (t.dtype !== 'float32') throw new Error(`${ADAM_UPDATE} supports float32 only, got ${t.dtype}`);
  }
  const size = tf.util.sizeFromShape(value.shape);
  for (const t of [m, v, gradient]) {
    if (tf.util.sizeFromShape(t.shape) !== size) throw new Error(`${ADAM_UPDATE}: shapes differ`);
  }
}

function adamUpdateOnWasm(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const backend = args.backend as BackendWasm;
  const inputs = args.inputs as unknown as AdamUpdateInputs;
  checkInputs(inputs);
  const shape = inputs.value.shape;
  const outs = [0, 1, 2].map(() => backend.makeOutput(shape, 'float32'));
  // Views made after the last allocation: growing the heap would detach earlier ones.
  const view = (t: tf.TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
  const [outValue, outM, outV] = outs as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  const a = args.attrs as unknown as AdamUpdateAttrs;
  const arrays = [inputs.value, inputs.m, inputs.v, inputs.gradient, outValue, outM, outV].map(view) as
    [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  const simd = elementwiseSimd(backend);
  const n4 = arrays[0].length >> 2;
  if (simd !== null && n4 > 0) {
    simd.adamUpdate(
      ...arrays.map((x) => x.byteOffset) as [number, number, number, number, number, number, number], n4,
      f32Bits(a.beta1), f32Bits(1 - a.beta1), f32Bits(a.beta2), f32Bits(1 - a.beta2),
      f32Bits(a.learningRate), f32Bits(a.oneMinusAccBeta1), f32Bits(a.oneMinusAccBeta2), f32Bits(a.epsilon),
    );
  }
  // The remainder (or everything, without SIMD) in JS.
  const from = simd !== null ? 4 * n4 : 0;
  adamStep(a, ...arrays.map((x) => x.subarray(from)) as typeof arrays);
  return outs;
}

function adamUpdateOnAnyBackend(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] {
  const backend = args.backend as tf.KernelBackend;
  const inputs = args.inputs as unknown as AdamUpdateInputs;
  checkInputs(inputs);
  const read = (t: tf.TensorInfo) => backend.readSync(t.dataId) as Float32Array;
  const size = tf.util.sizeFromShape(inputs.value.shape);
  const [outValue, outM, outV] = [0, 1, 2].map(() => new Float32Array(size)) as [Float32Array, Float32Array, Float32Array];
  adamStep(
    args.attrs as unknown as AdamUpdateAttrs,
    read(inputs.value), read(inputs.m), read(inputs.v), read(inputs.gradient),
    outValue, outM, outV,
  );
  return [outValue, outM, outV].map((values) => ({
    dataId: backend.write(values, inputs.value.shape, 'float32'),
    shape: inputs.value.shape,
    dtype: 'float32' as const,
  }));
}

export const adamUpdateWasmConfig: tf.KernelConfig = {
  kernelName: ADAM_UPDATE,
  backendName: 'wasm',
  kernelFunc: adamUpdateOnWasm,
};

export const adamUpdateCpuConfig: tf.KernelConfig = {
  kernelName: ADAM_UPDATE,
  backendName: 'cpu',
  kernelFunc: adamUpdateOnAnyBackend,
};
