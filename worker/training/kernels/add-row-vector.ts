// Add for wasm when one operand is a vector along the other's last axis (every layer's bias add,
// [B, H, W, C] + [C]), as a WebAssembly SIMD loop on the heap. wasm's shipped Add walks a general
// broadcast index per element: ~0.55 ms for LeNet's [64, 24, 24, 8] + [8] against ~0.1 ms here.
//
// Formula: out[r, c] = x[r, c] + v[c] for every row r of x viewed as [R, C], four c at a time.
// Anything else (other broadcasts, dtypes, C not a multiple of 4, no SIMD) goes to wasm's shipped Add.

import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from './wasm-kernel-calls.js';
import { addTo, encodeModule, I32, instantiateOnHeap, op, repeat } from './wasm-simd.js';

const [X, V, OUT, ROWS, C4] = [0, 1, 2, 3, 4];
const [R, K, VP] = [5, 6, 7];
export const ADD_ROW_VECTOR_MODULE = encodeModule([{
  name: 'addRowVector',
  params: 5,
  locals: [I32, I32, I32],
  body: repeat(R, ROWS, [
    ...op.get(V), ...op.set(VP),
    ...repeat(K, C4, [
      ...op.get(OUT),
      ...op.get(X), ...op.v128Load(), ...op.get(VP), ...op.v128Load(), ...op.f32x4Add,
      ...op.v128Store(),
      ...addTo(X, 16), ...addTo(VP, 16), ...addTo(OUT, 16),
    ]),
  ]),
}]);

type AddRowVector = (x: number, v: number, out: number, rows: number, c4: number) => void;

let shippedAdd: tf.KernelFunc | undefined;

export function addRowVector(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo | tf.TensorInfo[] {
  const backend = args.backend as BackendWasm;
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const [big, vector] = b.shape.length === 1 ? [a, b] : [b, a];
  const columns = vector.shape[0] ?? 0;
  const fits = a.dtype === 'float32' && b.dtype === 'float32' && vector.shape.length === 1 &&
    big.shape.length >= 2 && big.shape[big.shape.length - 1] === columns && columns % 4 === 0 && columns > 0;
  const pass = fits ? instantiateOnHeap(backend, ADD_ROW_VECTOR_MODULE)?.['addRowVector'] : undefined;
  if (typeof pass !== 'function') {
    if (shippedAdd === undefined) throw new Error('wasm Add: no shipped kernel to fall back to');
    return shippedAdd(args);
  }
  const rows = tf.util.sizeFromShape(big.shape) / columns;
  const out = backend.makeOutput(big.shape, 'float32');
  // Addresses taken after the last allocation (the heap may have moved its buffer, not its offsets).
  const address = (t: tf.TensorInfo) => (backend.typedArrayFromHeap(t) as Float32Array).byteOffset;
  if (rows > 0) (pass as AddRowVector)(address(big), address(vector), address(out), rows, columns / 4);
  return out;
}

/** Config builder: `shipped` is wasm's own Add, kept for every other case. */
export function addRowVectorConfig(shipped: tf.KernelFunc | undefined): tf.KernelConfig {
  shippedAdd = shipped;
  return { kernelName: tf.Add, backendName: 'wasm', kernelFunc: addRowVector };
}
