// WebAssembly SIMD passes over float32 arrays on the wasm heap, four lanes a step, for the
// element-wise parts of a training step that JS loops run slowly: an activation's gradient, the
// L2 term of a gradient, column sums (bias gradients) and the Adam update. Counts are in vectors
// (n4 = elements / 4, ≥ 1); callers finish any remainder in JS. Floats that are parameters travel
// as their i32 bits (f32Bits).
//
//   reluGradient(g, a, n4):        g ← g ∧ [a > 0]            (the tape's dy · step(x))
//   tanhGradient(g, a, n4):        g ← g · (1 − a·a)
//   addScaled(g, w, n4, s):        g ← g + s·w
//   columnSums(x, out, rows4, c4): out[c] = Σ_{r < 4·rows4} x[r, c], C = 4·c4 columns,
//                                  four rows at a time in four partial sums per column vector
//   adamUpdate(θ, m, v, g, θ', m', v', n4, β1, 1−β1, β2, 1−β2, lr, 1−β1^t, 1−β2^t, ε):
//     m' = β1·m + (1−β1)·g,  v' = β2·v + (1−β2)·g²,  θ' = θ − lr·(m'/(1−β1^t)) / (sqrt(v'/(1−β2^t)) + ε)
//     in float32 throughout, each operation rounded as tfjs's own chain of Adam kernels rounds it.
import type { BackendWasm } from './wasm-kernel-calls.js';
import { addTo, encodeModule, I32, instantiateOnHeap, op, repeat, V128, type SimdFunction } from './wasm-simd.js';

const bitsF32 = new Float32Array(1);
const bitsI32 = new Int32Array(bitsF32.buffer);

/** An f32's bits as the i32 these functions take. */
export function f32Bits(value: number): number {
  bitsF32[0] = value;
  return bitsI32[0]!;
}

const splatParam = (param: number) => [...op.get(param), ...op.f32ReinterpretI32, ...op.f32x4Splat];

/** g ← f(g, a) for two arrays walked together; `combine` leaves the new g on the stack, given the locals holding g's and a's vectors. */
function pairPass(name: string, extraParams: number, combine: (g: number, a: number) => number[]): SimdFunction {
  // params: g, a, n4, extra…; locals: i (i32), then the g and a vectors.
  const [PG, PA, PN4] = [0, 1, 2];
  const I = 3 + extraParams;
  const [GVEC, AVEC] = [I + 1, I + 2];
  return {
    name,
    params: 3 + extraParams,
    locals: [I32, V128, V128],
    body: repeat(I, PN4, [
      ...op.get(PA), ...op.v128Load(), ...op.set(AVEC),
      ...op.get(PG), ...op.get(PG), ...op.v128Load(), ...op.set(GVEC),
      ...combine(GVEC, AVEC),
      ...op.v128Store(),
      ...addTo(PG, 16), ...addTo(PA, 16),
    ]),
  };
}

const reluGradient = pairPass('reluGradient', 0, (g, a) => [
  ...op.get(g), ...op.get(a), ...op.v128Zero, ...op.f32x4Gt, ...op.v128And,
]);

const tanhGradient = pairPass('tanhGradient', 0, (g, a) => [
  ...op.get(g), ...op.f32(1), ...op.f32x4Splat, ...op.get(a), ...op.get(a), ...op.f32x4Mul, ...op.f32x4Sub, ...op.f32x4Mul,
]);

const addScaled = pairPass('addScaled', 1, (g, a) => [
  ...op.get(g), ...splatParam(3), ...op.get(a), ...op.f32x4Mul, ...op.f32x4Add,
]);

// columnSums(x, out, rows4, c4, rowBytes)
const [X, OUT, ROWS4, C4, ROW_BYTES] = [0, 1, 2, 3, 4];
const [CB, R, P] = [5, 6, 7];
const [S0, S1, S2, S3] = [8, 9, 10, 11];
const columnSums: SimdFunction = {
  name: 'columnSums',
  params: 5,
  locals: [I32, I32, I32, V128, V128, V128, V128],
  body: repeat(CB, C4, [
    ...[S0, S1, S2, S3].flatMap((s) => [...op.v128Zero, ...op.set(s)]),
    // p = x + cb·16
    ...op.get(X), ...op.get(CB), ...op.i32(16), ...op.i32Mul, ...op.i32Add, ...op.set(P),
    ...repeat(R, ROWS4, [
      ...[S0, S1, S2, S3].flatMap((s, k) => [
        ...op.get(s), ...op.get(P), ...(k === 0 ? [] : [...op.get(ROW_BYTES), ...op.i32(k), ...op.i32Mul, ...op.i32Add]), ...op.v128Load(), ...op.f32x4Add, ...op.set(s),
      ]),
      ...addTo(P, [...op.get(ROW_BYTES), ...op.i32(4), ...op.i32Mul]),
    ]),
    // out[cb] = (s0 + s1) + (s2 + s3)
    ...op.get(OUT), ...op.get(CB), ...op.i32(16), ...op.i32Mul, ...op.i32Add,
    ...op.get(S0), ...op.get(S1), ...op.f32x4Add, ...op.get(S2), ...op.get(S3), ...op.f32x4Add, ...op.f32x4Add,
    ...op.v128Store(),
  ]),
};

// adamUpdate(θ, m, v, g, θ', m', v', n4, β1, 1−β1, β2, 1−β2, lr, 1−β1^t, 1−β2^t, ε)
const [THETA, M, V, G, OT, OM, OV, N4] = [0, 1, 2, 3, 4, 5, 6, 7];
const [B1, K1, B2, K2, LR, C1, C2, EPS] = [8, 9, 10, 11, 12, 13, 14, 15];
const [AI, MV, VV, GV] = [16, 17, 18, 19];
const adamUpdate: SimdFunction = {
  name: 'adamUpdate',
  params: 16,
  locals: [I32, V128, V128, V128],
  body: repeat(AI, N4, [
    ...op.get(G), ...op.v128Load(), ...op.set(GV),
    // m' = β1·m + (1−β1)·g
    ...op.get(OM),
    ...op.get(M), ...op.v128Load(), ...splatParam(B1), ...op.f32x4Mul,
    ...op.get(GV), ...splatParam(K1), ...op.f32x4Mul, ...op.f32x4Add,
    ...op.tee(MV), ...op.v128Store(),
    // v' = β2·v + (g·g)·(1−β2)
    ...op.get(OV),
    ...op.get(V), ...op.v128Load(), ...splatParam(B2), ...op.f32x4Mul,
    ...op.get(GV), ...op.get(GV), ...op.f32x4Mul, ...splatParam(K2), ...op.f32x4Mul, ...op.f32x4Add,
    ...op.tee(VV), ...op.v128Store(),
    // θ' = θ − lr·((m'/c1) / (sqrt(v'/c2) + ε))
    ...op.get(OT),
    ...op.get(THETA), ...op.v128Load(),
    ...op.get(MV), ...splatParam(C1), ...op.f32x4Div,
    ...op.get(VV), ...splatParam(C2), ...op.f32x4Div, ...op.f32x4Sqrt, ...splatParam(EPS), ...op.f32x4Add,
    ...op.f32x4Div, ...splatParam(LR), ...op.f32x4Mul, ...op.f32x4Sub,
    ...op.v128Store(),
    ...[THETA, M, V, G, OT, OM, OV].flatMap((p) => addTo(p, 16)),
  ]),
};

export const ELEMENTWISE_MODULE = encodeModule([reluGradient, tanhGradient, addScaled, columnSums, adamUpdate]);

export interface ElementwiseSimd {
  reluGradient(g: number, a: number, n4: number): void;
  tanhGradient(g: number, a: number, n4: number): void;
  addScaled(g: number, w: number, n4: number, scaleBits: number): void;
  columnSums(x: number, out: number, rows4: number, c4: number, rowBytes: number): void;
  adamUpdate(
    theta: number, m: number, v: number, g: number, outTheta: number, outM: number, outV: number, n4: number,
    beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, lr: number, c1: number, c2: number, eps: number,
  ): void;
}

/** The passes on `backend`'s heap, or null where SIMD or the heap is not available (callers loop in JS). */
export function elementwiseSimd(backend: BackendWasm): ElementwiseSimd | null {
  return instantiateOnHeap(backend, ELEMENTWISE_MODULE) as unknown as ElementwiseSimd | null;
}
