// A direct convolution (stride 1, valid padding, NHWC) with bias and optional relu as a
// WebAssembly SIMD loop on the heap, generated for one layer's channels and kernel width. For a
// first layer on grey images (one input channel) XNNPACK's convolution runs at about half the
// speed it reaches on wider inputs (LeNet conv1: ~1.1 ms for [64, 28, 28, 1] ∗ 5×5×8); this loop
// reads each image row where it lies.
//
// Formula, with T = KW·Ci taps per kernel row (consecutive floats of an input row):
//   out[b, oh, ow, co] = act(bias[co] + Σ_{kh < KH} Σ_{t < T} x[b, oh + kh, ow, 0 … ][t] · W[kh, t, co])
// where x[b, r, ow, 0 … ][t] is float t after pixel (r, ow)'s first channel.
// Register block: P output pixels of a row × V vectors (4V output channels); the P·V sums stay in
// locals over every (kh, t), the taps unrolled with constant offsets. Rows that do not fill a
// block of P finish one pixel at a time.

import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from './wasm-kernel-calls.js';
import { addTo, encodeModule, I32, instantiateOnHeap, mulAdd, op, range, repeat, repeatUpTo, V128 } from './wasm-simd.js';

// Parameters: x, w, bias, out, batch, outH, owBlocks, owTail, kh, coBlocks, imageBytes, rowBytes, outRowBytes.
const [X, W, BIAS, OUT, BATCH, OUT_H, OW_BLOCKS, OW_TAIL, KH, CO_BLOCKS, IMAGE_BYTES, ROW_BYTES, OUT_ROW_BYTES] =
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const PARAMS = 13;
const [B, OH, OB, CB, K, XR, XP, XQ, WP, OR, OP] = [13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
const FIRST_VECTOR = 24;

export interface ConvShape {
  inChannels: number;
  kernelWidth: number;
  outChannels: number;
}

export interface ConvBlock {
  pixels: number;
  vectors: number;
}

/** Sums + weights + one splat within 16 vector registers. */
const MAX_VECTOR_REGISTERS = 15;

/** The register block for `outChannels` (a multiple of 4) and a row of `outWidth` pixels. */
export function chooseConvBlock(outChannels: number, outWidth: number): ConvBlock | null {
  if (outChannels % 4 !== 0) return null;
  const vectorsAll = outChannels / 4;
  // Fewest pixels computed one at a time, then the widest block.
  const cost = (b: ConvBlock) => (outWidth % b.pixels) * 100 - b.pixels * b.vectors;
  let best: ConvBlock | null = null;
  for (const vectors of [4, 3, 2, 1]) {
    if (vectorsAll % vectors !== 0) continue;
    const block = { pixels: Math.min(outWidth, Math.floor((MAX_VECTOR_REGISTERS - vectors) / vectors)), vectors };
    if (block.pixels >= 1 && (best === null || cost(block) < cost(best))) best = block;
  }
  return best;
}

const modules = new Map<string, Uint8Array<ArrayBuffer>>();

export function convForwardModule(shape: ConvShape, block: ConvBlock, relu: boolean): Uint8Array<ArrayBuffer> {
  const key = `${shape.inChannels}x${shape.kernelWidth}x${shape.outChannels}/${block.pixels}x${block.vectors}/${relu}`;
  const cached = modules.get(key);
  if (cached !== undefined) return cached;
  const { inChannels: ci, kernelWidth, outChannels: co } = shape;
  const taps = kernelWidth * ci;
  const { vectors } = block;
  const acc = (p: number, v: number) => FIRST_VECTOR + p * vectors + v;
  const wv = (v: number) => FIRST_VECTOR + block.pixels * vectors + v;
  const splat = FIRST_VECTOR + block.pixels * vectors + vectors;
  const zero = splat + 1;

  /** One block of `pixels` output pixels starting at x pointer XP and out pointer OP, every channel block. */
  const blockBody = (pixels: number) => repeat(CB, CO_BLOCKS, [
    // sums start at the bias
    ...range(pixels).flatMap((p) => range(vectors).flatMap((v) => [
      ...op.get(BIAS), ...op.get(CB), ...op.i32(16 * vectors), ...op.i32Mul, ...op.i32Add, ...op.v128Load(16 * v), ...op.set(acc(p, v)),
    ])),
    ...op.get(W), ...op.get(CB), ...op.i32(16 * vectors), ...op.i32Mul, ...op.i32Add, ...op.set(WP),
    ...op.get(XP), ...op.set(XQ),
    ...repeat(K, KH, [
      ...range(taps).flatMap((t) => [
        ...range(vectors).flatMap((v) => [...op.get(WP), ...op.v128Load(4 * t * co + 16 * v), ...op.set(wv(v))]),
        ...range(pixels).flatMap((p) => [
          ...op.get(XQ), ...op.v128Load32Splat(4 * (p * ci + t)), ...op.set(splat),
          ...range(vectors).flatMap((v) => [
            ...mulAdd(acc(p, v), splat, wv(v)),
          ]),
        ]),
      ]),
      ...addTo(XQ, op.get(ROW_BYTES)),
      ...addTo(WP, op.i32(4 * taps * co)),
    ]),
    ...range(pixels).flatMap((p) => range(vectors).flatMap((v) => [
      ...op.get(OP), ...op.get(CB), ...op.i32(16 * vectors), ...op.i32Mul, ...op.i32Add,
      ...op.get(acc(p, v)), ...(relu ? [...op.get(zero), ...op.f32x4Max] : []),
      ...op.v128Store(4 * p * co + 16 * v),
    ])),
  ]);

  const vectorLocals = block.pixels * vectors + vectors + 2;
  const bytes = encodeModule([{
    name: 'convForward',
    params: PARAMS,
    locals: [...new Array<typeof I32>(FIRST_VECTOR - PARAMS).fill(I32), ...new Array<typeof V128>(vectorLocals).fill(V128)],
    body: [
      ...op.v128Zero, ...op.set(zero),
      ...op.get(OUT), ...op.set(OR),
      ...repeat(B, BATCH, repeat(OH, OUT_H, [
        // xr = x + b·imageBytes + oh·rowBytes; this output row starts at OR
        ...op.get(X), ...op.get(B), ...op.get(IMAGE_BYTES), ...op.i32Mul, ...op.i32Add,
        ...op.get(OH), ...op.get(ROW_BYTES), ...op.i32Mul, ...op.i32Add, ...op.set(XR),
        ...op.get(XR), ...op.set(XP), ...op.get(OR), ...op.set(OP),
        ...repeat(OB, OW_BLOCKS, [
          ...blockBody(block.pixels),
          ...addTo(XP, op.i32(4 * ci * block.pixels)),
          ...addTo(OP, op.i32(4 * co * block.pixels)),
        ]),
        // the remaining pixels one by one
        ...repeatUpTo(OB, OW_TAIL, [
          ...blockBody(1),
          ...addTo(XP, op.i32(4 * ci)),
          ...addTo(OP, op.i32(4 * co)),
        ]),
        ...addTo(OR, op.get(OUT_ROW_BYTES)),
      ])),
    ],
  }]);
  modules.set(key, bytes);
  return bytes;
}

type ConvForward = (
  x: number, w: number, bias: number, out: number, batch: number, outH: number, owBlocks: number, owTail: number,
  kh: number, coBlocks: number, imageBytes: number, rowBytes: number, outRowBytes: number,
) => void;

/**
 * out = act(conv(x, filter) + bias) for a stride-1, valid-padding convolution, as a new tensor on
 * `backend`, or null where this loop does not apply (channels not in fours, no SIMD): callers
 * then use wasm's FusedConv2D.
 */
export function convForwardSimd(backend: BackendWasm, x: tf.TensorInfo, filter: tf.TensorInfo, bias: tf.TensorInfo, relu: boolean): tf.TensorInfo | null {
  const [batch, inH, inW, ci] = x.shape as [number, number, number, number];
  const [kh, kw, filterCi, co] = filter.shape as [number, number, number, number];
  if (filterCi !== ci) throw new Error(`convForwardSimd: filter has ${filterCi} input channels, x has ${ci}`);
  const outH = inH - kh + 1;
  const outW = inW - kw + 1;
  if (outH < 1 || outW < 1) return null;
  const block = chooseConvBlock(co, outW);
  if (block === null) return null;
  const exports = instantiateOnHeap(backend, convForwardModule({ inChannels: ci, kernelWidth: kw, outChannels: co }, block, relu));
  const run = exports?.['convForward'] as ConvForward | undefined;
  if (typeof run !== 'function') return null;
  const out = backend.makeOutput([batch, outH, outW, co], 'float32');
  // Views made after the last allocation: growing the heap would detach earlier ones.
  const at = (t: tf.TensorInfo) => (backend.typedArrayFromHeap(t) as Float32Array).byteOffset;
  run(at(x), at(filter), at(bias), at(out), batch, outH, Math.floor(outW / block.pixels), outW % block.pixels,
    kh, co / (4 * block.vectors), inH * inW * ci * 4, inW * ci * 4, outW * co * 4);
  return out;
}
