// Conv2DBackpropFilter for wasm (which ships none). Output channels in fours take the generated
// SIMD loop of filter-gradient-simd.ts (LeNet conv1 0.8 ms, conv2 1.4 ms); other shapes are computed
// by wasm's own fast (XNNPACK) Conv2D as below (conv1 1.9–3.2 ms, conv2 2.2 ms, same machine, loaded).
//
// Formula (NHWC, stride s, padding p_top/p_left, kernel KH×KW):
//   dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·s_h + kh − p_top, ow·s_w + kw − p_left, ci] · dy[b, oh, ow, co]
// Read ci as a batch axis and b as a channel axis, this is a forward convolution
//   out[ci, kh, kw, co] = Σ_{oh, ow, b} x'[ci, kh + oh·s_h − p_top, kw + ow·s_w − p_left, b] · dy'[oh, ow, b, co]
// of x' = transpose(x, [3,1,2,0]) with the "filter" dy' = transpose(dy, [1,2,0,3]), at stride 1 and
// dilation s (the forward stride), padded top/left by p_top/p_left and bottom/right by whatever makes
// the output exactly KH×KW (a negative amount crops the output instead). dW = transpose(out, [1,2,0,3]).

import * as tf from '@tensorflow/tfjs';
import { chooseBlock, type FilterGradientSimd, filterGradientModule } from './filter-gradient-simd.js';
import { assertShape, type BackendWasm, explicitConvAttrs, freeIntermediate, runWasmKernel, transposeOnWasm } from './wasm-kernel-calls.js';
import { instantiateOnHeap } from './wasm-simd.js';

type ConvInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/**
 * Inputs with at most this many channels take the SIMD loop (all of them: it won on every shape
 * measured). Benchmarks set it to 0 to time the convolution form.
 */
export const SIMD_FILTER_GRADIENT = { maxInChannels: Number.POSITIVE_INFINITY };

/** The SIMD loop; null where it does not apply (the caller then convolves). */
function filterGradientOnHeap(
  backend: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, info: ConvInfo,
): tf.TensorInfo | null {
  const { inChannels, outChannels, filterHeight, filterWidth } = info;
  if (inChannels > SIMD_FILTER_GRADIENT.maxInChannels) return null;
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') return null;
  const block = chooseBlock(filterWidth * inChannels, outChannels);
  if (block === null) return null;
  const pass = instantiateOnHeap(backend, filterGradientModule(block.taps, block.vectors))?.['filterGradient'];
  if (typeof pass !== 'function') return null;
  const { top, bottom, left, right } = info.padInfo;
  const padded = top + bottom + left + right === 0
    ? x
    : runWasmKernel('PadV2', backend, { x }, {
      paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0,
    });
  const dwInfo = backend.makeOutput([filterHeight, filterWidth, inChannels, outChannels], 'float32');
  // Addresses taken after the last allocation.
  const dw = backend.typedArrayFromHeap(dwInfo) as Float32Array;
  dw.fill(0);
  const xAt = (backend.typedArrayFromHeap(padded) as Float32Array).byteOffset;
  const dyAt = (backend.typedArrayFromHeap(dy) as Float32Array).byteOffset;
  const [, paddedHeight, paddedWidth] = padded.shape as [number, number, number, number];
  (pass as FilterGradientSimd)(
    xAt, dyAt, dw.byteOffset, info.batchSize, info.outHeight, info.outWidth, paddedHeight,
    paddedWidth * inChannels, filterHeight, (filterWidth * inChannels) / block.taps,
    outChannels / (4 * block.vectors), outChannels * 4, info.strideHeight, info.strideWidth * inChannels * 4,
  );
  if (padded !== x) freeIntermediate(backend, padded);
  return dwInfo;
}

export function conv2dBackpropFilterAsConv(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (tf.backend_util.convertConv2DDataFormat(attrs.dataFormat) !== 'channelsLast') {
    throw new Error("wasm Conv2DBackpropFilter (project kernel) supports dataFormat 'NHWC' only");
  }
  const [kh, kw, inChannels, outChannels] = attrs.filterShape;
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  assertShape(tf.Conv2DBackpropFilter, 'dy', dy.shape, info.outShape);
  const simd = filterGradientOnHeap(backend, x, dy, info);
  if (simd !== null) return simd;
  const { strideHeight: sh, strideWidth: sw, inHeight, inWidth, outHeight, outWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  // Output rows of the convolution: inHeight + top + bottom − (outHeight − 1)·sh must equal kh.
  const bottom = kh + (outHeight - 1) * sh - inHeight - top;
  const right = kw + (outWidth - 1) * sw - inWidth - left;

  const xT = transposeOnWasm(backend, x, [3, 1, 2, 0]);
  const dyT = transposeOnWasm(backend, dy, [1, 2, 0, 3]);
  let conv = runWasmKernel(
    'Conv2D',
    backend,
    { x: xT, filter: dyT },
    explicitConvAttrs(
      { top, left, bottom: Math.max(bottom, 0), right: Math.max(right, 0) },
      [sh, sw],
    ),
  );
  freeIntermediate(backend, xT);
  freeIntermediate(backend, dyT);
  if (bottom < 0 || right < 0) {
    const cropped = runWasmKernel('Slice', backend, { x: conv }, {
      begin: [0, 0, 0, 0],
      size: [inChannels, kh, kw, outChannels],
    });
    freeIntermediate(backend, conv);
    conv = cropped;
  }
  if (inChannels === 1) {
    // [1, kh, kw, co] and [kh, kw, 1, co] share one memory layout: relabel instead of copying.
    const out = runWasmKernel('Reshape', backend, { x: conv }, { shape: [kh, kw, 1, outChannels] });
    freeIntermediate(backend, conv);
    return out;
  }
  const out = transposeOnWasm(backend, conv, [1, 2, 0, 3]);
  freeIntermediate(backend, conv);
  return out;
}

export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilterAsConv,
};
