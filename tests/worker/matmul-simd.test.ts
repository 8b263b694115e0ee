// The SIMD product of dense layers (matmul-simd.ts) gives tfjs's cpu matMul: plain A·B with bias
// and relu, Xᵀ·dY read through strides, rows that do not fill a block, and it declines widths
// that are not in fours.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { matMulSimd, transposeOnHeap } from '../../worker/training/kernels/matmul-simd.js';
import { registerWasmTrainingKernels } from '../../worker/training/wasm-training-kernels.js';

const values = (size: number, salt: number) => Float32Array.from({ length: size }, (_, i) => Math.sin(i * 12.9898 + salt * 78.233) * 0.999);

async function onCpu(f: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend('cpu');
  const out = tf.tidy(f);
  const data = Float32Array.from(out.dataSync());
  out.dispose();
  await tf.setBackend('wasm');
  return data;
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  expect(worst).toBeLessThan(1e-4);
}

describe('the SIMD product of dense layers', () => {
  beforeAll(async () => {
    expect(await registerWasmTrainingKernels()).toBe(true);
  });

  it.each([[64, 256, 64], [23, 40, 12], [3, 7, 8]])('A·B + bias, relu, for %i×%i · %i×n', async (m, k, n) => {
    const [a, b, bias] = [values(m * k, 1), values(k * n, 2), values(n, 3)];
    const expected = await onCpu(() => tf.relu(tf.add(tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])), tf.tensor1d(bias))));
    const backend = tf.backend() as BackendWasm;
    const [at, bt, biast] = [tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n]), tf.tensor1d(bias)];
    const out = matMulSimd(backend, at, bt, { m, k, rowStride: k, depthStride: 1 }, biast, true)!;
    expectClose(Float32Array.from(backend.typedArrayFromHeap(out) as Float32Array), expected);
    backend.disposeData(out.dataId);
    tf.dispose([at, bt, biast]);
  });

  it('Xᵀ·dY through strides, and dY·Wᵀ with an explicit transpose', async () => {
    const [rows, inputs, units] = [13, 24, 8];
    const [x, dy, w] = [values(rows * inputs, 4), values(rows * units, 5), values(inputs * units, 6)];
    const expectedDw = await onCpu(() => tf.matMul(tf.tensor2d(x, [rows, inputs]), tf.tensor2d(dy, [rows, units]), true, false));
    const expectedDx = await onCpu(() => tf.matMul(tf.tensor2d(dy, [rows, units]), tf.tensor2d(w, [inputs, units]), false, true));
    const backend = tf.backend() as BackendWasm;
    const [xt, dyt, wt] = [tf.tensor2d(x, [rows, inputs]), tf.tensor2d(dy, [rows, units]), tf.tensor2d(w, [inputs, units])];
    const dw = matMulSimd(backend, xt, dyt, { m: inputs, k: rows, rowStride: 1, depthStride: inputs }, null, false)!;
    expectClose(Float32Array.from(backend.typedArrayFromHeap(dw) as Float32Array), expectedDw);
    const transposed = transposeOnHeap(backend, wt);
    const dx = matMulSimd(backend, dyt, transposed, { m: rows, k: units, rowStride: units, depthStride: 1 }, null, false)!;
    expectClose(Float32Array.from(backend.typedArrayFromHeap(dx) as Float32Array), expectedDx);
    for (const info of [dw, transposed, dx]) backend.disposeData(info.dataId);
    tf.dispose([xt, dyt, wt]);
  });

  it('declines a width that is not a multiple of four', () => {
    const [a, b] = [tf.zeros([4, 4]), tf.zeros([4, 10])];
    expect(matMulSimd(tf.backend() as BackendWasm, a, b, { m: 4, k: 4, rowStride: 4, depthStride: 1 }, null, false)).toBeNull();
    tf.dispose([a, b]);
  });
});
