// Conv2DBackpropInput for wasm, four ways, fastest first:
//
// 0. Stride 1, valid padding, input channels 4 or 8 (LeNet's conv2): dy·Wᵀ added straight into dx
//    by one SIMD loop (input-gradient-simd.ts). LeNet conv2: 1.2 ms against 1.5 ms for form 1.
//
// 1. Input channels in fours: one XNNPACK matmul and a SIMD col2im.
//      P[(b, oh, ow), (kh, kw, ci)] = Σ_co dy[b, oh, ow, co] · W[kh, kw, ci, co]      (P = dy · Wᵀ)
//      dx[b, oh·s_h + kh − p_top, ow·s_w + kw − p_left, ci] += P[(b, oh, ow), (kh, kw, ci)]
//    Any stride and padding. LeNet conv2: 1.1 ms against 2.0 ms for form 2 and ~10 ms shipped.
//
// 2. Stride 1: the "full" forward convolution by wasm's XNNPACK Conv2D. From
//      dx[b, h, w, ci] = Σ_{kh, kw, co} dy[b, h + p_top − kh, w + p_left − kw, co] · W[kh, kw, ci, co]
//    and kh' = KH−1−kh, kw' = KW−1−kw:
//      dx[b, h, w, ci] = Σ_{kh', kw', co} dy[b, h + kh' − (KH−1−p_top), w + kw' − (KW−1−p_left), co] · W'[kh', kw', co, ci]
//    with W' = W rotated 180° in space and its in/out channels swapped; dy padded top/left by
//    KH−1−p_top / KW−1−p_left and bottom/right by whatever makes the output inHeight×inWidth.
//
// 3. Anything else (NCHW; strides above 1 with channels not in fours): wasm's shipped kernel.

import * as tf from '@tensorflow/tfjs';
import { COL2IM_MODULE, type Col2im } from './col2im.js';
import { assertShape, type BackendWasm, explicitConvAttrs, freeIntermediate, runWasmKernel, transposeOnWasm } from './wasm-kernel-calls.js';
import { instantiateOnHeap } from './wasm-simd.js';
import { inputGradientSimd } from './input-gradient-simd.js';

/** wasm's own Conv2DBackpropInput, used for the cases neither form covers. */
let shippedBackpropInput: tf.KernelFunc | undefined;

type ConvInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

function viaMatMulAndCol2im(
  backend: BackendWasm, dy: tf.TensorInfo, filter: tf.TensorInfo, info: ConvInfo, col2im: Col2im,
): tf.TensorInfo {
  const { batchSize, outHeight, outWidth, filterHeight, filterWidth, inChannels, outChannels } = info;
  const windowSize = filterHeight * filterWidth * inChannels;
  // Wᵀ as [1, Co, KH·KW·Ci], then P = dy · Wᵀ as [1, B·OH·OW, KH·KW·Ci].
  const filterT = transposeOnWasm(backend, { ...filter, shape: [windowSize, outChannels] }, [1, 0]);
  const products = runWasmKernel('BatchMatMul', backend, {
    a: { ...dy, shape: [1, batchSize * outHeight * outWidth, outChannels] },
    b: { ...filterT, shape: [1, outChannels, windowSize] },
  }, { transposeA: false, transposeB: false });
  freeIntermediate(backend, filterT);
  const dxInfo = backend.makeOutput(info.inShape, 'float32');
  // Addresses taken after the last allocation.
  const dx = backend.typedArrayFromHeap(dxInfo) as Float32Array;
  const p = backend.typedArrayFromHeap(products) as Float32Array;
  dx.fill(0);
  col2im(
    p.byteOffset, dx.byteOffset, batchSize, outHeight, outWidth, filterHeight, filterWidth,
    info.inHeight, info.inWidth, inChannels / 4, info.strideHeight, info.strideWidth,
    info.padInfo.top, info.padInfo.left,
  );
  freeIntermediate(backend, products);
  return dxInfo;
}

function viaFullConvolution(
  backend: BackendWasm, dy: tf.TensorInfo, filter: tf.TensorInfo,
  pads: { top: number; bottom: number; left: number; right: number },
): tf.TensorInfo {
  const reversed = runWasmKernel('Reverse', backend, { x: filter }, { dims: [0, 1] });
  const rotated = transposeOnWasm(backend, reversed, [0, 1, 3, 2]);
  freeIntermediate(backend, reversed);
  const dx = runWasmKernel('Conv2D', backend, { x: dy, filter: rotated }, explicitConvAttrs(pads, [1, 1]));
  freeIntermediate(backend, rotated);
  return dx;
}

export function conv2dBackpropInputOnWasm(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const channelsLast = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat) === 'channelsLast';
  const filterShape = filter.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape, filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode,
  );
  if (channelsLast) {
    assertShape(tf.Conv2DBackpropInput, 'dy', dy.shape, info.outShape);
    const unpadded = info.padInfo.top === 0 && info.padInfo.left === 0 && info.padInfo.bottom === 0 && info.padInfo.right === 0;
    if (dy.dtype === 'float32' && filter.dtype === 'float32' && info.strideHeight === 1 && info.strideWidth === 1 && unpadded) {
      const direct = inputGradientSimd(backend, dy, filter, info.inShape);
      if (direct !== null) return direct;
    }
    if (dy.dtype === 'float32' && filter.dtype === 'float32' && info.inChannels % 4 === 0) {
      const col2im = instantiateOnHeap(backend, COL2IM_MODULE)?.['col2im'];
      if (typeof col2im === 'function') return viaMatMulAndCol2im(backend, dy, filter, info, col2im as Col2im);
    }
    const [kh, kw] = filterShape;
    const top = kh - 1 - info.padInfo.top;
    const left = kw - 1 - info.padInfo.left;
    const bottom = info.inHeight + kh - 1 - info.outHeight - top;
    const right = info.inWidth + kw - 1 - info.outWidth - left;
    if (info.strideHeight === 1 && info.strideWidth === 1 && Math.min(top, left, bottom, right) >= 0) {
      return viaFullConvolution(backend, dy, filter, { top, bottom, left, right });
    }
  }
  if (shippedBackpropInput === undefined) throw new Error('wasm Conv2DBackpropInput: no shipped kernel to fall back to');
  const out = shippedBackpropInput(args);
  if (Array.isArray(out)) throw new Error('wasm Conv2DBackpropInput returned several outputs');
  return out;
}

/** Config builder: `shipped` is wasm's own kernel, kept for NCHW and strided cases without channels in fours. */
export function conv2dBackpropInputConfig(shipped: tf.KernelFunc | undefined): tf.KernelConfig {
  shippedBackpropInput = shipped;
  return {
    kernelName: tf.Conv2DBackpropInput,
    backendName: 'wasm',
    kernelFunc: conv2dBackpropInputOnWasm,
  };
}
