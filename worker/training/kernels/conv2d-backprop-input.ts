// Conv2DBackpropInput for wasm, computed by wasm's own fast (XNNPACK) Conv2D when the stride is 1.
//
// Formula (NHWC, stride 1, padding p_top/p_left, kernel KH×KW):
//   dx[b, h, w, ci] = Σ_{kh, kw, co} dy[b, h + p_top − kh, w + p_left − kw, co] · W[kh, kw, ci, co]
// Substituting kh' = KH−1−kh, kw' = KW−1−kw this is the "full" forward convolution
//   dx[b, h, w, ci] = Σ_{kh', kw', co} dy[b, h + kh' − (KH−1−p_top), w + kw' − (KW−1−p_left), co] · W'[kh', kw', co, ci]
// of dy with W' = W rotated 180° in space and with in/out channels swapped, padded top/left by
// KH−1−p_top / KW−1−p_left and bottom/right by whatever makes the output exactly inHeight×inWidth.
// Strides above 1 (zeros between dy's rows) go to wasm's shipped kernel, which this does not beat.

import * as tf from '@tensorflow/tfjs';
import {
  assertShape,
  type BackendWasm,
  explicitConvAttrs,
  freeIntermediate,
  runWasmKernel,
  transposeOnWasm,
} from './wasm-kernel-calls.js';

/** wasm's own Conv2DBackpropInput, used for the cases the convolution form does not cover. */
let shippedBackpropInput: tf.KernelFunc | undefined;

export function conv2dBackpropInputAsConv(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const channelsLast = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat) === 'channelsLast';
  const filterShape = filter.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  if (channelsLast) assertShape(tf.Conv2DBackpropInput, 'dy', dy.shape, info.outShape);
  const [kh, kw] = filterShape;
  const top = kh - 1 - info.padInfo.top;
  const left = kw - 1 - info.padInfo.left;
  const bottom = info.inHeight + kh - 1 - info.outHeight - top;
  const right = info.inWidth + kw - 1 - info.outWidth - left;
  const convForm =
    channelsLast && info.strideHeight === 1 && info.strideWidth === 1 &&
    top >= 0 && left >= 0 && bottom >= 0 && right >= 0;
  if (!convForm) {
    if (shippedBackpropInput === undefined) {
      throw new Error('wasm Conv2DBackpropInput: no shipped kernel to fall back to');
    }
    const out = shippedBackpropInput(args);
    if (Array.isArray(out)) throw new Error('wasm Conv2DBackpropInput returned several outputs');
    return out;
  }

  const reversed = runWasmKernel('Reverse', backend, { x: filter }, { dims: [0, 1] });
  const rotated = transposeOnWasm(backend, reversed, [0, 1, 3, 2]);
  freeIntermediate(backend, reversed);
  const dx = runWasmKernel(
    'Conv2D',
    backend,
    { x: dy, filter: rotated },
    explicitConvAttrs({ top, bottom, left, right }, [1, 1]),
  );
  freeIntermediate(backend, rotated);
  return dx;
}

/** Config builder: `shipped` is wasm's own kernel, kept for strides above 1 and NCHW. */
export function conv2dBackpropInputConfig(shipped: tf.KernelFunc | undefined): tf.KernelConfig {
  shippedBackpropInput = shipped;
  return {
    kernelName: tf.Conv2DBackpropInput,
    backendName: 'wasm',
    kernelFunc: conv2dBackpropInputAsConv,
  };
}
