// The filter gradient of a convolution as a WebAssembly SIMD loop on the heap, generated for a
// register block. As an XNNPACK convolution this gradient packs all of dy as a "filter" every step
// and transposes x and dy around it (LeNet conv1: ~1.9 ms of which ~1 ms packing); here x and dy
// are read where they lie.
//
// Formula (NHWC, x already padded so every window is inside it):
//   dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·s_h + kh, ow·s_w + kw, ci] · dy[b, oh, ow, co]
// For a fixed kh the taps t = kw·Ci + ci are consecutive floats of x's row, so a block of T taps
// is T scalar loads at fixed offsets. Output channels go four to a vector, V vectors to a block.
// For each (b, kh, tap block, channel block) the T × V partial sums stay in locals while the loop
// sweeps every (oh, ow), then are added into dW.

import { addTo, encodeModule, I32, mulAdd, op, repeat, V128 } from './wasm-simd.js';

// Parameters, then i32 locals, then v128 locals, by index.
const [X, DY, DW, BATCH, OUT_H, OUT_W, IN_H, ROW_FLOATS, KH, TAP_BLOCKS, CO_BLOCKS, CO_BYTES,
  STRIDE_H, STRIDE_W_BYTES] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
const PARAMS = 14;
const [B, KROW, TB, CB, OH, OW, XQ, DYP, DWP] = [14, 15, 16, 17, 18, 19, 20, 21, 22];
const FIRST_VECTOR_LOCAL = 23;

/**
 * filterGradient(x, dy, dw, batch, outH, outW, inH, rowFloats = inW·Ci, kh, tapBlocks = KW·Ci / T,
 * coBlocks = Co / 4V, coBytes = Co·4, strideH, strideWBytes = s_w·Ci·4). dw must start at zero.
 */
export type FilterGradientSimd = (
  x: number, dy: number, dw: number, batch: number, outH: number, outW: number, inH: number,
  rowFloats: number, kh: number, tapBlocks: number, coBlocks: number, coBytes: number,
  strideH: number, strideWBytes: number,
) => void;

/** Register budget: T × V sums, V dy vectors and a splat within the CPU's 16 vector registers. */
export const MAX_SUMS = 12;

/** The register block for `taps` (KW·Ci) taps a row and `outChannels` channels, or null if none fits. */
export function chooseBlock(taps: number, outChannels: number): { taps: number; vectors: number } | null {
  if (outChannels % 4 !== 0) return null;
  let best: { taps: number; vectors: number } | null = null;
  for (const vectors of [2, 1]) {
    if ((outChannels / 4) % vectors !== 0) continue;
    for (let t = Math.floor(MAX_SUMS / vectors); t >= 1; t--) {
      if (taps % t !== 0) continue;
      if (best === null || t * vectors > best.taps * best.vectors) best = { taps: t, vectors };
      break;
    }
  }
  return best;
}

const modules = new Map<string, Uint8Array<ArrayBuffer>>();

/** The module for blocks of `taps` taps × `vectors` output-channel vectors. */
export function filterGradientModule(taps: number, vectors: number): Uint8Array<ArrayBuffer> {
  const key = `${taps}x${vectors}`;
  const cached = modules.get(key);
  if (cached !== undefined) return cached;
  const d = (v: number) => FIRST_VECTOR_LOCAL + v;
  const acc = (t: number, v: number) => FIRST_VECTOR_LOCAL + vectors + t * vectors + v;
  const splat = FIRST_VECTOR_LOCAL + vectors + taps * vectors;
  const tapList = Array.from({ length: taps }, (_, t) => t);
  const lanes = Array.from({ length: vectors }, (_, v) => v);
  const vectorLocals = vectors + taps * vectors + 1;
  const bytes = encodeModule([{
    name: 'filterGradient',
    params: PARAMS,
    locals: [...new Array<typeof I32>(FIRST_VECTOR_LOCAL - PARAMS).fill(I32), ...new Array<typeof V128>(vectorLocals).fill(V128)],
    body: repeat(B, BATCH, repeat(KROW, KH, repeat(TB, TAP_BLOCKS, repeat(CB, CO_BLOCKS, [
      ...tapList.flatMap((t) => lanes.flatMap((v) => [...op.v128Zero, ...op.set(acc(t, v))])),
      ...repeat(OH, OUT_H, [
        // xq = x + ((b·inH + oh·s_h + kh)·rowFloats + tb·T)·4
        ...op.get(B), ...op.get(IN_H), ...op.i32Mul, ...op.get(OH), ...op.get(STRIDE_H), ...op.i32Mul, ...op.i32Add,
        ...op.get(KROW), ...op.i32Add, ...op.get(ROW_FLOATS), ...op.i32Mul,
        ...op.get(TB), ...op.i32(taps), ...op.i32Mul, ...op.i32Add,
        ...op.i32(4), ...op.i32Mul, ...op.get(X), ...op.i32Add, ...op.set(XQ),
        // dyp = dy + ((b·outH + oh)·outW)·coBytes + cb·V·16
        ...op.get(B), ...op.get(OUT_H), ...op.i32Mul, ...op.get(OH), ...op.i32Add, ...op.get(OUT_W), ...op.i32Mul,
        ...op.get(CO_BYTES), ...op.i32Mul, ...op.get(DY), ...op.i32Add,
        ...op.get(CB), ...op.i32(16 * vectors), ...op.i32Mul, ...op.i32Add, ...op.set(DYP),
        ...repeat(OW, OUT_W, [
          ...lanes.flatMap((v) => [...op.get(DYP), ...op.v128Load(16 * v), ...op.set(d(v))]),
          ...tapList.flatMap((t) => [
            ...op.get(XQ), ...op.v128Load32Splat(4 * t), ...op.set(splat),
            ...lanes.flatMap((v) => [
              ...mulAdd(acc(t, v), splat, d(v)),
            ]),
          ]),
          ...addTo(DYP, op.get(CO_BYTES)),
          ...addTo(XQ, op.get(STRIDE_W_BYTES)),
        ]),
      ]),
      // dwp = dw + ((kh·KW·Ci + tb·T)·Co)·4 + cb·V·16, KW·Ci = tapBlocks·T; then dW rows += sums
      ...op.get(KROW), ...op.get(TAP_BLOCKS), ...op.i32Mul, ...op.get(TB), ...op.i32Add, ...op.i32(taps), ...op.i32Mul,
      ...op.get(CO_BYTES), ...op.i32Mul, ...op.get(DW), ...op.i32Add,
      ...op.get(CB), ...op.i32(16 * vectors), ...op.i32Mul, ...op.i32Add, ...op.set(DWP),
      ...tapList.flatMap((t) => [
        ...lanes.flatMap((v) => [
          ...op.get(DWP), ...op.get(DWP), ...op.v128Load(16 * v), ...op.get(acc(t, v)), ...op.f32x4Add, ...op.v128Store(16 * v),
        ]),
        ...addTo(DWP, op.get(CO_BYTES)),
      ]),
    ])))),
  }]);
  modules.set(key, bytes);
  return bytes;
}
