// The generated SIMD loops on an engine without relaxed SIMD (WASM_RELAXED_SIMD=0 stands in for
// one): they fall back to a separate multiply and add and still give tfjs's cpu results. This
// file's modules are its own (vitest isolates files), so the switch is read fresh here.
import { beforeAll, describe, expect, it } from 'vitest';
import type * as TfModule from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

process.env.WASM_RELAXED_SIMD = '0';

let tf: typeof TfModule;

/** Deterministic values in [−1, 1). */
const values = (size: number, salt: number) => Float32Array.from({ length: size }, (_, i) => Math.sin(i * 12.9898 + salt * 78.233) * 0.999);

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

describe('SIMD loops without relaxed SIMD', () => {
  beforeAll(async () => {
    tf = await import('@tensorflow/tfjs');
    const { registerWasmTrainingKernels } = await import('../../worker/training/wasm-training-kernels.js');
    expect(await registerWasmTrainingKernels()).toBe(true);
  });

  it('are generated without fused multiply-adds', async () => {
    const { RELAXED_SIMD, mulAdd } = await import('../../worker/training/kernels/wasm-simd.js');
    expect(RELAXED_SIMD).toBe(false);
    expect(mulAdd(3, 1, 2)).not.toContain(0x85); // no f32x4.relaxed_madd (0xfd 0x85 0x02)
  });

  it('give cpu\'s convolution, filter gradient and input gradient', async () => {
    const { convForwardSimd } = await import('../../worker/training/kernels/conv2d-forward-simd.js');
    const x = values(8 * 12 * 12 * 4, 1);
    const w = values(5 * 5 * 4 * 8, 2);
    const dy = values(8 * 8 * 8 * 8, 3);
    const attrs = { strides: 1, pad: 'valid', dataFormat: 'NHWC' } as const;
    const run = async (backend: 'cpu' | 'wasm') => {
      await tf.setBackend(backend);
      const [xt, wt, dyt, bias] = [tf.tensor4d(x, [8, 12, 12, 4]), tf.tensor4d(w, [5, 5, 4, 8]), tf.tensor4d(dy, [8, 8, 8, 8]), tf.zeros([8])];
      const filterGrad = tf.engine().runKernel('Conv2DBackpropFilter', { x: xt, dy: dyt }, { ...attrs, filterShape: [5, 5, 4, 8] }) as TfModule.Tensor;
      const inputGrad = tf.engine().runKernel('Conv2DBackpropInput', { dy: dyt, filter: wt }, { ...attrs, inputShape: [8, 12, 12, 4] }) as TfModule.Tensor;
      let forward: Float32Array;
      if (backend === 'wasm') {
        const out = convForwardSimd(tf.backend() as BackendWasm, xt, wt, bias, false)!;
        forward = Float32Array.from((tf.backend() as BackendWasm).typedArrayFromHeap(out) as Float32Array);
        (tf.backend() as BackendWasm).disposeData(out.dataId);
      } else {
        forward = tf.conv2d(xt, wt, 1, 'valid').dataSync() as Float32Array;
      }
      const result = { forward, filterGrad: filterGrad.dataSync(), inputGrad: inputGrad.dataSync() };
      tf.dispose([xt, wt, dyt, bias, filterGrad, inputGrad]);
      return result;
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    expect(maxDifference(wasm.forward, cpu.forward)).toBeLessThan(1e-4);
    expect(maxDifference(wasm.filterGrad, cpu.filterGrad)).toBeLessThan(1e-4);
    expect(maxDifference(wasm.inputGrad, cpu.inputGrad)).toBeLessThan(1e-4);
  });
});
