// Sum for wasm when the reduced axes are the leading ones, as for every bias gradient
// (Σ over batch, rows and columns of a [B, H, W, C] gradient). wasm's shipped Sum first transposes
// the reduced axes to the end, a full copy of the gradient; this sums rows in place instead.
//
// Formula: with x viewed as [R, C] (R = product of the reduced leading dims),
//   out[c] = Σ_{r < R} x[r, c]
// With C a multiple of four, a SIMD pass (elementwise-simd.ts columnSums: float32, four partial
// sums per column, four rows a step; conv1's bias gradient 0.03 ms against 0.3 ms in JS); else
// accumulated in float64 (like tfjs's cpu kernel) in four interleaved partial sums, rounded to
// float32 once. Any other axes, dtypes or keepDims go to wasm's shipped Sum.

import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from './wasm-kernel-calls.js';
import { elementwiseSimd } from './elementwise-simd.js';

let shippedSum: tf.KernelFunc | undefined;

/** True when `axes` (normalised) are exactly 0 … k−1 for some k < rank. */
function isLeadingPrefix(axes: number[], rank: number): boolean {
  const sorted = [...axes].sort((a, b) => a - b);
  return sorted.length < rank && sorted.every((axis, i) => axis === i);
}

export function sumLeadingAxes(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo | tf.TensorInfo[] {
  const backend = args.backend as BackendWasm;
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
  const axes = tf.util.parseAxisParam(axis, x.shape);
  if (x.dtype !== 'float32' || keepDims || !isLeadingPrefix(axes, x.shape.length)) {
    if (shippedSum === undefined) throw new Error('wasm Sum: no shipped kernel to fall back to');
    return shippedSum(args);
  }
  const outShape = x.shape.slice(axes.length);
  const columns = tf.util.sizeFromShape(outShape);
  const rows = tf.util.sizeFromShape(x.shape) / columns;
  const outInfo = backend.makeOutput(outShape, 'float32');
  // Views made after the last allocation: growing the heap would detach earlier ones.
  const input = backend.typedArrayFromHeap(x) as Float32Array;
  const out = backend.typedArrayFromHeap(outInfo) as Float32Array;
  const simd = columns % 4 === 0 && rows >= 4 ? elementwiseSimd(backend) : null;
  if (simd !== null) {
    const rows4 = rows >> 2;
    simd.columnSums(input.byteOffset, out.byteOffset, rows4, columns / 4, columns * 4);
    for (let r = 4 * rows4; r < rows; r++) {
      for (let c = 0; c < columns; c++) out[c] = out[c]! + input[r * columns + c]!;
    }
    return outInfo;
  }
  // Column by column with four independent partial sums: measured ~2× faster than a row-major
  // pass with an accumulator array, and ~2× faster than the shipped transpose-then-sum.
  for (let c = 0; c < columns; c++) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let r = 0;
    let at = c;
    for (; r + 4 <= rows; r += 4, at += 4 * columns) {
      s0 += input[at]!;
      s1 += input[at + columns]!;
      s2 += input[at + 2 * columns]!;
      s3 += input[at + 3 * columns]!;
    }
    for (; r < rows; r++, at += columns) s0 += input[at]!;
    out[c] = s0 + s1 + s2 + s3;
  }
  return outInfo;
}

/** Config builder: `shipped` is wasm's own Sum, kept for every other reduction. */
export function sumLeadingAxesConfig(shipped: tf.KernelFunc | undefined): tf.KernelConfig {
  shippedSum = shipped;
  return { kernelName: tf.Sum, backendName: 'wasm', kernelFunc: sumLeadingAxes };
}
