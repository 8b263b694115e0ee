// The direct SIMD convolution (conv2d-forward-simd.ts) that the tapeless step uses for layers with
// few input channels gives tfjs's cpu conv2d + bias (+ relu), including rows that do not fill a
// register block and channel counts it cannot take.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseConvBlock, convForwardSimd } from '../../worker/training/kernels/conv2d-forward-simd.js';
import { registerWasmTrainingKernels } from '../../worker/training/wasm-training-kernels.js';

const CASES = [
  { name: 'LeNet conv1: 64×28×28×1 ∗ 5×5×8, relu', x: [64, 28, 28, 1], filter: [5, 5, 1, 8], relu: true },
  { name: '3 channels, 3×4 kernel, 4 filters, rows of 17 (a block of 14, then 3 single pixels), linear', x: [5, 11, 20, 3], filter: [3, 4, 3, 4], relu: false },
  { name: '12 filters (three vectors), rows of 9', x: [3, 7, 12, 1], filter: [3, 4, 1, 12], relu: true },
  { name: 'one output column, 4 filters', x: [2, 6, 5, 2], filter: [2, 5, 2, 4], relu: true },
];

/** Deterministic values in [−1, 1). */
function values(size: number, salt: number): Float32Array {
  return Float32Array.from({ length: size }, (_, i) => Math.sin(i * 12.9898 + salt * 78.233) * 0.999);
}

describe('the direct SIMD convolution', () => {
  beforeAll(async () => {
    expect(await registerWasmTrainingKernels()).toBe(true);
  });

  it.each(CASES)('matches cpu conv2d + bias: $name', async (c) => {
    const [xv, fv, bv] = [values(tf.util.sizeFromShape(c.x), 1), values(tf.util.sizeFromShape(c.filter), 2), values(c.filter[3]!, 3)];
    await tf.setBackend('cpu');
    const expected = tf.tidy(() => {
      const z = tf.add(tf.conv2d(tf.tensor4d(xv, c.x as [number, number, number, number]), tf.tensor4d(fv, c.filter as [number, number, number, number]), 1, 'valid'), tf.tensor1d(bv));
      return (c.relu ? tf.relu(z) : z).dataSync();
    });
    await tf.setBackend('wasm');
    const backend = tf.backend() as BackendWasm;
    const [x, filter, bias] = [tf.tensor(xv, c.x), tf.tensor(fv, c.filter), tf.tensor1d(bv)];
    const out = convForwardSimd(backend, x, filter, bias, c.relu);
    expect(out).not.toBeNull();
    const actual = backend.typedArrayFromHeap(out!) as Float32Array;
    expect(actual.length).toBe(expected.length);
    let worst = 0;
    for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
    expect(worst).toBeLessThan(1e-5);
    backend.disposeData(out!.dataId);
    tf.dispose([x, filter, bias]);
  });

  it('declines output channels that are not in fours', async () => {
    expect(chooseConvBlock(4, 17)).toEqual({ pixels: 14, vectors: 1 });
    expect(chooseConvBlock(8, 24)).toEqual({ pixels: 6, vectors: 2 });
    expect(chooseConvBlock(10, 24)).toBeNull();
    await tf.setBackend('wasm');
    const [x, filter, bias] = [tf.zeros([1, 8, 8, 1]), tf.zeros([3, 3, 1, 10]), tf.zeros([10])];
    expect(convForwardSimd(tf.backend() as BackendWasm, x, filter, bias, true)).toBeNull();
    tf.dispose([x, filter, bias]);
  });
});
