// Small matrix products of dense layers as a WebAssembly SIMD loop on the heap, generated per
// shape: C[M, N] = act(bias + A·B) with A read through strides (so Xᵀ needs no copy) and B row-major.
// XNNPACK packs B on every call when B is new, as a layer's weights are after every update
// (LeNet dense1: 0.15 ms forward, 0.13 ms for Xᵀ·dY, 0.2 ms for dY·Wᵀ with the transpose); this
// reads both where they lie.
//
// Formula: C[i, n] = act(bias[n] + Σ_{k < K} A(i, k) · B[k, n]),  A(i, k) = A[i·sI + k·sK]
// Register block: MR rows × NR vectors (4·NR columns) of sums in locals over every k; rows past the
// last full block go one at a time. N must be a multiple of 4·NR.

import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from './wasm-kernel-calls.js';
import { addTo, encodeModule, I32, instantiateOnHeap, mulAdd, op, range, repeat, repeatUpTo, V128 } from './wasm-simd.js';

// Parameters: a, b, bias (0: none), c, rowBlocks, rowTail, k.
const [A, B, BIAS, C, ROW_BLOCKS, ROW_TAIL, KLEN] = [0, 1, 2, 3, 4, 5, 6];
const PARAMS = 7;
const [RB, NB, KI, AP, BP, AR, CR] = [7, 8, 9, 10, 11, 12, 13];
const FIRST_VECTOR = 14;

export interface MatMulShape {
  /** Columns of B and C. */
  n: number;
  /** A(i, k) = A[i·rowStride + k·depthStride], in floats. */
  rowStride: number;
  depthStride: number;
  bias: boolean;
  relu: boolean;
}

const MR = 4;

/** Vectors per block for `n` columns (a multiple of 4), or 0 when n is not. */
export function matMulVectors(n: number): number {
  if (n % 4 !== 0) return 0;
  return (n / 4) % 2 === 0 ? 2 : 1;
}

const modules = new Map<string, Uint8Array<ArrayBuffer>>();

export function matMulModule(shape: MatMulShape): Uint8Array<ArrayBuffer> {
  const key = `${shape.n}/${shape.rowStride}x${shape.depthStride}/${shape.bias}/${shape.relu}`;
  const cached = modules.get(key);
  if (cached !== undefined) return cached;
  const nr = matMulVectors(shape.n);
  const nBlocks = shape.n / (4 * nr);
  const acc = (r: number, v: number) => FIRST_VECTOR + r * nr + v;
  const bv = (v: number) => FIRST_VECTOR + MR * nr + v;
  const splat = FIRST_VECTOR + MR * nr + nr;
  const zero = splat + 1;

  /** `rows` rows of C from A row pointer AR and C row pointer CR, every column block. */
  const rowsBody = (rows: number) => [
    ...op.i32(0), ...op.set(NB),
    0x03, 0x40, // loop over column blocks
    // sums start at the bias (or zero); bp = b + nb·16·nr; ap = ar
    ...range(rows).flatMap((r) => range(nr).flatMap((v) => shape.bias
      ? [...op.get(BIAS), ...op.get(NB), ...op.i32(16 * nr), ...op.i32Mul, ...op.i32Add, ...op.v128Load(16 * v), ...op.set(acc(r, v))]
      : [...op.v128Zero, ...op.set(acc(r, v))])),
    ...op.get(B), ...op.get(NB), ...op.i32(16 * nr), ...op.i32Mul, ...op.i32Add, ...op.set(BP),
    ...op.get(AR), ...op.set(AP),
    ...repeat(KI, KLEN, [
      ...range(nr).flatMap((v) => [...op.get(BP), ...op.v128Load(16 * v), ...op.set(bv(v))]),
      ...range(rows).flatMap((r) => [
        ...op.get(AP), ...op.v128Load32Splat(4 * r * shape.rowStride), ...op.set(splat),
        ...range(nr).flatMap((v) => mulAdd(acc(r, v), splat, bv(v))),
      ]),
      ...addTo(BP, op.i32(4 * shape.n)),
      ...addTo(AP, op.i32(4 * shape.depthStride)),
    ]),
    ...range(rows).flatMap((r) => range(nr).flatMap((v) => [
      ...op.get(CR), ...op.get(NB), ...op.i32(16 * nr), ...op.i32Mul, ...op.i32Add,
      ...op.get(acc(r, v)), ...(shape.relu ? [...op.get(zero), ...op.f32x4Max] : []),
      ...op.v128Store(4 * r * shape.n + 16 * v),
    ])),
    ...op.get(NB), ...op.i32(1), ...op.i32Add, ...op.tee(NB), ...op.i32(nBlocks), ...op.i32LtU,
    0x0d, 0x00, // br_if: next column block
    0x0b,
    ...addTo(AR, op.i32(4 * rows * shape.rowStride)),
    ...addTo(CR, op.i32(4 * rows * shape.n)),
  ];

  const bytes = encodeModule([{
    name: 'matMul',
    params: PARAMS,
    locals: [...new Array<typeof I32>(FIRST_VECTOR - PARAMS).fill(I32), ...new Array<typeof V128>(MR * nr + nr + 2).fill(V128)],
    body: [
      ...op.v128Zero, ...op.set(zero),
      ...op.get(A), ...op.set(AR), ...op.get(C), ...op.set(CR),
      ...repeatUpTo(RB, ROW_BLOCKS, rowsBody(MR)),
      ...repeatUpTo(RB, ROW_TAIL, rowsBody(1)),
    ],
  }]);
  modules.set(key, bytes);
  return bytes;
}

type MatMul = (a: number, b: number, bias: number, c: number, rowBlocks: number, rowTail: number, k: number) => void;

/**
 * C = act(bias + A·B) as a new [m, n] tensor, with A(i, k) at a[i·rowStride + k·depthStride]
 * (a plain [m, k] A: rowStride k, depthStride 1; Xᵀ of an [k, m] X: rowStride 1, depthStride m)
 * and B a row-major [k, n]; null where the loop does not apply (n not a multiple of 4, no SIMD).
 */
export function matMulSimd(
  backend: BackendWasm, a: tf.TensorInfo, b: tf.TensorInfo, dims: { m: number; k: number; rowStride: number; depthStride: number },
  bias: tf.TensorInfo | null, relu: boolean,
): tf.TensorInfo | null {
  const n = b.shape[b.shape.length - 1]!;
  if (matMulVectors(n) === 0 || dims.k < 1 || dims.m < 1) return null;
  const run = instantiateOnHeap(backend, matMulModule({ n, rowStride: dims.rowStride, depthStride: dims.depthStride, bias: bias !== null, relu }))?.['matMul'] as MatMul | undefined;
  if (typeof run !== 'function') return null;
  const out = backend.makeOutput([dims.m, n], 'float32');
  // Addresses taken after the last allocation.
  const at = (t: tf.TensorInfo) => (backend.typedArrayFromHeap(t) as Float32Array).byteOffset;
  run(at(a), at(b), bias === null ? 0 : at(bias), at(out), Math.floor(dims.m / MR), dims.m % MR, dims.k);
  return out;
}

/** A new [c, r] tensor holding the [r, c] matrix `m` transposed (a JS pass: LeNet's 256×64 weights in ~20 µs). */
export function transposeOnHeap(backend: BackendWasm, m: tf.TensorInfo): tf.TensorInfo {
  const [rows, cols] = m.shape as [number, number];
  const out = backend.makeOutput([cols, rows], 'float32');
  // Views made after the last allocation.
  const from = backend.typedArrayFromHeap(m) as Float32Array;
  const to = backend.typedArrayFromHeap(out) as Float32Array;
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    for (let c = 0, at = r; c < cols; c++, at += rows) to[at] = from[row + c]!;
  }
  return out;
}
