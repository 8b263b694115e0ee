// col2im for the input gradient of a convolution, as a WebAssembly SIMD loop on the heap:
// scatters the per-window products P back onto the input grid, four input channels at a time.
//
// Formula (NHWC; P = dy · Wᵀ with rows (b, oh, ow) and columns (kh, kw, ci)):
//   dx[b, oh·s_h + kh − p_top, ow·s_w + kw − p_left, ci] += P[(b, oh, ow), (kh, kw, ci)]
// over every window position that falls inside the image (dx zeroed first).

import { addTo, encodeModule, I32, op, repeat } from './wasm-simd.js';

// Parameters and locals of the encoded function, by index.
const [P, DX, BATCH, OUT_H, OUT_W, KH, KW, IN_H, IN_W, CI4, STRIDE_H, STRIDE_W, PAD_TOP, PAD_LEFT] =
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
const [B, OH, OW, I, J, K, H, W, DXP] = [14, 15, 16, 17, 18, 19, 20, 21, 22];

/** `if (local as unsigned) < limit { body }`: one compare covers both ends (negatives wrap high). */
const ifInside = (local: number, limit: number, body: number[]) => [
  ...op.get(local), ...op.get(limit), ...op.i32LtU,
  0x04, 0x40, ...body, 0x0b, // if … end
];

export const COL2IM_MODULE = encodeModule([{
  name: 'col2im',
  params: 14,
  locals: [I32, I32, I32, I32, I32, I32, I32, I32, I32],
  body: repeat(B, BATCH, repeat(OH, OUT_H, repeat(OW, OUT_W, repeat(I, KH, [
    // h = oh·s_h + i − p_top
    ...op.get(OH), ...op.get(STRIDE_H), ...op.i32Mul, ...op.get(I), ...op.i32Add, ...op.get(PAD_TOP), ...op.i32Sub,
    ...op.set(H),
    ...repeat(J, KW, [
      ...op.get(OW), ...op.get(STRIDE_W), ...op.i32Mul, ...op.get(J), ...op.i32Add, ...op.get(PAD_LEFT), ...op.i32Sub,
      ...op.set(W),
      ...ifInside(H, IN_H, ifInside(W, IN_W, [
        // dxp = dx + ((b·inH + h)·inW + w)·ci4·16
        ...op.get(B), ...op.get(IN_H), ...op.i32Mul, ...op.get(H), ...op.i32Add,
        ...op.get(IN_W), ...op.i32Mul, ...op.get(W), ...op.i32Add,
        ...op.get(CI4), ...op.i32Mul, ...op.i32(16), ...op.i32Mul, ...op.get(DX), ...op.i32Add,
        ...op.set(DXP),
        ...repeat(K, CI4, [
          ...op.get(DXP),
          ...op.get(DXP), ...op.v128Load(), ...op.get(P), ...op.v128Load(), ...op.f32x4Add,
          ...op.v128Store(),
          ...addTo(DXP, 16), ...addTo(P, 16),
        ]),
      ])),
      // Outside the image the window's products are skipped: step P past them.
      ...op.get(H), ...op.get(IN_H), ...op.i32LtU, ...op.get(W), ...op.get(IN_W), ...op.i32LtU, 0x71, // i32.and
      0x45, // i32.eqz
      0x04, 0x40, ...addTo(P, [...op.get(CI4), ...op.i32(16), ...op.i32Mul]), 0x0b,
    ]),
  ])))),
}]);

export type Col2im = (
  p: number, dx: number, batch: number, outH: number, outW: number, kh: number, kw: number,
  inH: number, inW: number, ci4: number, strideH: number, strideW: number, padTop: number, padLeft: number,
) => void;
