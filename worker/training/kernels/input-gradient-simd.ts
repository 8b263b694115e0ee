// The input gradient of a stride-1, valid-padding convolution (NHWC) as one WebAssembly SIMD loop
// on the heap: each block of dy pixels times Wᵀ, added straight into dx. The matmul-then-col2im
// form (conv2d-backprop-input.ts) writes every product to a [B·OH·OW, KH·KW·Ci] buffer first
// (LeNet conv2: 3.3 MB) and lets XNNPACK pack Wᵀ every step; here nothing is staged.
//
// Formula:
//   dx[b, oh + kh, ow + kw, ci] += Σ_co dy[b, oh, ow, co] · W[kh, kw, ci, co]   for every (b, oh, ow, kh, kw)
// With Wt[kh, kw, co, ci] = W[kh, kw, ci, co] (made once a call, KH·KW·Ci·Co floats), for a block of
// P pixels of one dy row and one (kh, kw) the P × Ci/4 sums Σ_co stay in locals (Co unrolled), then
// are added into dx's P pixels at (oh + kh, ow + kw …). dx must start at zero. Rows that do not fill
// a block finish one pixel at a time.

import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from './wasm-kernel-calls.js';
import { addTo, encodeModule, I32, instantiateOnHeap, mulAdd, op, range, repeat, repeatUpTo, V128 } from './wasm-simd.js';

// Parameters: dy, wt, dx, batch, outH, owBlocks, owTail, kh, kw, dxImageBytes, dxRowBytes.
const [DY, WT, DX, BATCH, OUT_H, OW_BLOCKS, OW_TAIL, KH, KW, DX_IMAGE_BYTES, DX_ROW_BYTES] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const PARAMS = 11;
const [B, OH, OB, KROW, KCOL, DYP, DXR, DXB, DXK, DXC, WP] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
const FIRST_VECTOR = 22;

/**
 * Wider inputs go to the matmul form: with 16 channels (four vectors) a block has only two pixels
 * and this loop loses (measured 0.19 against 0.07 ms on a small case).
 */
const MAX_INPUT_CHANNELS = 8;

/** Sums + weights + one splat within 16 vector registers. */
const MAX_VECTOR_REGISTERS = 15;

/** Pixels per block for Ci/4 = `vectors` and dy rows of `outWidth`: the widest that divides the row, unless that is under half the widest that fits. */
export function inputGradientPixels(vectors: number, outWidth: number): number {
  const widest = Math.min(outWidth, Math.floor((MAX_VECTOR_REGISTERS - vectors) / vectors));
  for (let p = widest; p >= Math.ceil(widest / 2); p--) if (outWidth % p === 0) return p;
  return widest;
}

const modules = new Map<string, Uint8Array<ArrayBuffer>>();

export function inputGradientModule(inChannels: number, outChannels: number, pixels: number): Uint8Array<ArrayBuffer> {
  const key = `${inChannels}x${outChannels}/${pixels}`;
  const cached = modules.get(key);
  if (cached !== undefined) return cached;
  const vectors = inChannels / 4;
  const acc = (p: number, v: number) => FIRST_VECTOR + p * vectors + v;
  const wv = (v: number) => FIRST_VECTOR + pixels * vectors + v;
  const splat = FIRST_VECTOR + pixels * vectors + vectors;

  /** One block of `n` dy pixels from DYP into dx from DXB, over every (kh, kw). */
  const blockBody = (n: number) => [
    ...op.get(WT), ...op.set(WP),
    ...op.get(DXB), ...op.set(DXK),
    ...repeat(KROW, KH, [
      ...op.get(DXK), ...op.set(DXC),
      ...repeat(KCOL, KW, [
        ...range(n).flatMap((p) => range(vectors).flatMap((v) => [...op.v128Zero, ...op.set(acc(p, v))])),
        ...range(outChannels).flatMap((co) => [
          ...range(vectors).flatMap((v) => [...op.get(WP), ...op.v128Load(4 * (co * inChannels + 4 * v)), ...op.set(wv(v))]),
          ...range(n).flatMap((p) => [
            ...op.get(DYP), ...op.v128Load32Splat(4 * (p * outChannels + co)), ...op.set(splat),
            ...range(vectors).flatMap((v) => [
              ...mulAdd(acc(p, v), splat, wv(v)),
            ]),
          ]),
        ]),
        ...range(n).flatMap((p) => range(vectors).flatMap((v) => {
          const offset = 4 * (p * inChannels + 4 * v);
          return [...op.get(DXC), ...op.get(DXC), ...op.v128Load(offset), ...op.get(acc(p, v)), ...op.f32x4Add, ...op.v128Store(offset)];
        })),
        ...addTo(WP, op.i32(4 * outChannels * inChannels)),
        ...addTo(DXC, op.i32(4 * inChannels)),
      ]),
      ...addTo(DXK, op.get(DX_ROW_BYTES)),
    ]),
    ...addTo(DYP, op.i32(4 * outChannels * n)),
    ...addTo(DXB, op.i32(4 * inChannels * n)),
  ];

  const bytes = encodeModule([{
    name: 'inputGradient',
    params: PARAMS,
    locals: [...new Array<typeof I32>(FIRST_VECTOR - PARAMS).fill(I32), ...new Array<typeof V128>(pixels * vectors + vectors + 1).fill(V128)],
    body: [
      ...op.get(DY), ...op.set(DYP),
      ...repeat(B, BATCH, repeat(OH, OUT_H, [
        // dxr = dx + b·dxImageBytes + oh·dxRowBytes
        ...op.get(DX), ...op.get(B), ...op.get(DX_IMAGE_BYTES), ...op.i32Mul, ...op.i32Add,
        ...op.get(OH), ...op.get(DX_ROW_BYTES), ...op.i32Mul, ...op.i32Add, ...op.set(DXR),
        ...op.get(DXR), ...op.set(DXB),
        ...repeat(OB, OW_BLOCKS, blockBody(pixels)),
        ...repeatUpTo(OB, OW_TAIL, blockBody(1)),
      ])),
    ],
  }]);
  modules.set(key, bytes);
  return bytes;
}

type InputGradient = (
  dy: number, wt: number, dx: number, batch: number, outH: number, owBlocks: number, owTail: number,
  kh: number, kw: number, dxImageBytes: number, dxRowBytes: number,
) => void;

/**
 * dx for a stride-1, valid-padding convolution with input channels in fours (at most 8), as a
 * new tensor of `inShape` on `backend`; null where the loop does not apply or SIMD is missing.
 */
export function inputGradientSimd(backend: BackendWasm, dy: tf.TensorInfo, filter: tf.TensorInfo, inShape: readonly number[]): tf.TensorInfo | null {
  const [batch, outH, outW, co] = dy.shape as [number, number, number, number];
  const [kh, kw, ci, filterCo] = filter.shape as [number, number, number, number];
  const [, inH, inW] = inShape as [number, number, number, number];
  if (filterCo !== co || ci % 4 !== 0 || ci > MAX_INPUT_CHANNELS || inH !== outH + kh - 1 || inW !== outW + kw - 1) return null;
  const pixels = inputGradientPixels(ci / 4, outW);
  const run = instantiateOnHeap(backend, inputGradientModule(ci, co, pixels))?.['inputGradient'] as InputGradient | undefined;
  if (typeof run !== 'function') return null;
  const wtInfo = backend.makeOutput([kh, kw, co, ci], 'float32');
  const dxInfo = backend.makeOutput([...inShape], 'float32');
  // Views made after the last allocation: growing the heap would detach earlier ones.
  const w = backend.typedArrayFromHeap(filter) as Float32Array;
  const wt = backend.typedArrayFromHeap(wtInfo) as Float32Array;
  const dx = backend.typedArrayFromHeap(dxInfo) as Float32Array;
  for (let k = 0; k < kh * kw; k++) {
    const base = k * ci * co;
    for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) wt[base + o * ci + i] = w[base + i * co + o]!;
  }
  dx.fill(0);
  run((backend.typedArrayFromHeap(dy) as Float32Array).byteOffset, wt.byteOffset, dx.byteOffset, batch, outH,
    Math.floor(outW / pixels), outW % pixels, kh, kw, inH * inW * ci * 4, inW * ci * 4);
  backend.disposeData(wtInfo.dataId);
  return dxInfo;
}
