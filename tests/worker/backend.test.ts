// The backend chooser: what each TFJS_BACKEND value gets on a machine without tfjs-node (as here),
// and the one-line error an explicit choice that cannot start throws.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../worker/training/backend.js';

describe('selectBackend', () => {
  it('runs the pure-JS cpu backend when asked for cpu', async () => {
    await expect(selectBackend('cpu')).resolves.toEqual({ name: 'cpu', detail: 'cpu (pure JS)' });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('refuses TFJS_BACKEND=tensorflow without tfjs-node, in one line that says how to get it', async () => {
    const failure = await selectBackend('tensorflow').then(() => null, (e: unknown) => e as Error);
    if (failure === null) return; // tfjs-node is installed on this machine: nothing to refuse
    expect(failure.message).toMatch(/^TFJS_BACKEND=tensorflow: @tensorflow\/tfjs-node is not installed \(npm install @tensorflow\/tfjs-node/);
    expect(failure.message).not.toContain('\n');
    expect(tf.getBackend()).toBe('cpu'); // the active backend is left alone
  });

  it('with auto, ends on a backend that can train and says which one it is', async () => {
    const selected = await selectBackend('auto');
    expect(selected.name).toBe(tf.getBackend());
    expect(['tensorflow', 'wasm', 'cpu']).toContain(selected.name);
    expect(selected.detail.length).toBeGreaterThan(0);
    // Whatever it picked computes a conv filter gradient (what shipped wasm cannot).
    const grad = tf.tidy(() => {
      const x = tf.ones([1, 6, 6, 1]);
      const g = tf.grad((f: tf.Tensor) => tf.sum(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'valid')))(tf.ones([3, 3, 1, 2]));
      return Array.from(g.dataSync());
    });
    expect(grad).toEqual(new Array(18).fill(16));
    await selectBackend('cpu');
  }, 30_000);

  it('rejects a value that is not a backend choice', async () => {
    await expect(selectBackend('gpu' as never)).rejects.toThrow(/TFJS_BACKEND=gpu: not one of auto, tensorflow, wasm, cpu/);
  });
});
