// The filter gradient of a convolution over single-channel images (a grayscale network's first
// layer, LeNet's conv1) as a WebAssembly SIMD loop on the heap, generated for the kernel width.
// As an XNNPACK convolution this gradient packs all of dy as a "filter" every step (~1 ms of its
// ~2 ms for LeNet's [64, 24, 24, 8]); here dy is read where it lies.
//
// Formula (x already padded, so every window is inside it; one input channel):
//   dW[kh, kw, 0, co] = Σ_{b, oh, ow} x[b, oh·s_h + kh, ow·s_w + kw] · dy[b, oh, ow, co]
// Output channels go four to a vector, V vectors (a "block") at a time; for each (b, kh) the
// KW × V partial sums stay in locals and are added into dW at the end of the row sweep.

import { addTo, encodeModule, I32, op, repeat, V128 } from './wasm-simd.js';

const [X, DY, DW, BATCH, OUT_H, OUT_W, IN_H, IN_W, KH, CO_BYTES, STRIDE_H, STRIDE_W_BYTES, BLOCK_OFFSET] =
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const [B, KROW, OH, OW, X_ROW, XQ, DYP, DWP] = [13, 14, 15, 16, 17, 18, 19, 20];
const FIRST_VECTOR_LOCAL = 21;

export type FilterGradientSingleChannel = (
  x: number, dy: number, dw: number, batch: number, outH: number, outW: number, inH: number, inW: number,
  kh: number, coBytes: number, strideH: number, strideWBytes: number, blockOffsetBytes: number,
) => void;

/** Widest kernel encoded: KW × V sums plus V dy vectors and a splat must fit the CPU's 16 vector registers. */
export const MAX_KERNEL_WIDTH = 7;

const modules = new Map<string, Uint8Array<ArrayBuffer>>();

/** The module for kernel width `kw` and `vectors` (1 or 2) output-channel vectors per block. */
export function filterGradientSingleChannelModule(kw: number, vectors: 1 | 2): Uint8Array<ArrayBuffer> {
  const key = `${kw}x${vectors}`;
  const cached = modules.get(key);
  if (cached !== undefined) return cached;
  const d = (v: number) => FIRST_VECTOR_LOCAL + v;
  const acc = (k: number, v: number) => FIRST_VECTOR_LOCAL + vectors + k * vectors + v;
  const splat = FIRST_VECTOR_LOCAL + vectors + kw * vectors;
  const taps = Array.from({ length: kw }, (_, k) => k);
  const lanes = Array.from({ length: vectors }, (_, v) => v);
  const bytes = encodeModule([{
    name: 'filterGradient',
    params: 13,
    locals: [I32, I32, I32, I32, I32, I32, I32, I32, ...new Array<typeof V128>(vectors + kw * vectors + 1).fill(V128)],
    body: repeat(B, BATCH, repeat(KROW, KH, [
      ...taps.flatMap((k) => lanes.flatMap((v) => [...op.v128Zero, ...op.set(acc(k, v))])),
      ...repeat(OH, OUT_H, [
        // xq = x + ((b·inH + oh·s_h + kh)·inW)·4
        ...op.get(B), ...op.get(IN_H), ...op.i32Mul, ...op.get(OH), ...op.get(STRIDE_H), ...op.i32Mul, ...op.i32Add,
        ...op.get(KROW), ...op.i32Add, ...op.get(IN_W), ...op.i32Mul, ...op.i32(4), ...op.i32Mul,
        ...op.get(X), ...op.i32Add, ...op.set(XQ),
        // dyp = dy + ((b·outH + oh)·outW)·coBytes + blockOffset
        ...op.get(B), ...op.get(OUT_H), ...op.i32Mul, ...op.get(OH), ...op.i32Add, ...op.get(OUT_W), ...op.i32Mul,
        ...op.get(CO_BYTES), ...op.i32Mul, ...op.get(DY), ...op.i32Add, ...op.get(BLOCK_OFFSET), ...op.i32Add,
        ...op.set(DYP),
        ...repeat(OW, OUT_W, [
          ...lanes.flatMap((v) => [...op.get(DYP), ...op.v128Load(16 * v), ...op.set(d(v))]),
          ...taps.flatMap((k) => [
            ...op.get(XQ), ...op.v128Load32Splat(4 * k), ...op.set(splat),
            ...lanes.flatMap((v) => [
              ...op.get(acc(k, v)), ...op.get(splat), ...op.get(d(v)), ...op.f32x4Mul, ...op.f32x4Add, ...op.set(acc(k, v)),
            ]),
          ]),
          ...addTo(DYP, op.get(CO_BYTES)),
          ...addTo(XQ, op.get(STRIDE_W_BYTES)),
        ]),
      ]),
      // dwp = dw + kh·KW·coBytes + blockOffset; then dW[kh, k, 0, block] += sums, k = 0…KW−1
      ...op.get(KROW), ...op.i32(kw), ...op.i32Mul, ...op.get(CO_BYTES), ...op.i32Mul, ...op.get(DW), ...op.i32Add,
      ...op.get(BLOCK_OFFSET), ...op.i32Add, ...op.set(DWP),
      ...taps.flatMap((k) => [
        ...lanes.flatMap((v) => [
          ...op.get(DWP), ...op.get(DWP), ...op.v128Load(16 * v), ...op.get(acc(k, v)), ...op.f32x4Add, ...op.v128Store(16 * v),
        ]),
        ...addTo(DWP, op.get(CO_BYTES)),
      ]),
    ])),
  }]);
  modules.set(key, bytes);
  return bytes;
}
