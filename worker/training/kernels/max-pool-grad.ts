// MaxPoolGrad for wasm as one JS pass over the wasm heap; wasm's shipped kernel searches every
// window once per input pixel and was the largest kernel left in LeNet training (~2.5 ms a call).
//
// Formula (NHWC; window KH×KW, stride s, padding p_top/p_left, dilation 1):
//   dx[b, h, w, c] = Σ_{oh, ow : argmax(b, oh, ow, c) = (h, w)} dy[b, oh, ow, c]
// where argmax(b, oh, ow, c) is the first (row-major) position of the strict maximum of x over the
// window rows oh·s_h − p_top … +KH−1, columns ow·s_w − p_left … +KW−1, clipped to the image. As in
// tfjs's cpu kernel a window whose values are all −∞ or NaN passes no gradient.

import * as tf from '@tensorflow/tfjs';
import { assertShape, type BackendWasm } from './wasm-kernel-calls.js';

export function maxPoolGradOnHeap(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.MaxPoolGradAttrs;
  if (input.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new Error('wasm MaxPoolGrad (project kernel) supports float32 only');
  }
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  assertShape(tf.MaxPoolGrad, 'dy', dy.shape, info.outShape);
  const dxInfo = backend.makeOutput(input.shape, 'float32');
  // Views made after the last allocation: growing the heap would detach earlier ones.
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  const dx = backend.typedArrayFromHeap(dxInfo) as Float32Array;
  dx.fill(0);

  const { batchSize, inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth } = info;
  const channels = info.inChannels;
  const kh = info.effectiveFilterHeight;
  const kw = info.effectiveFilterWidth;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const bestValue = new Float32Array(channels);
  const bestIndex = new Int32Array(channels);
  let out = 0;
  for (let b = 0; b < batchSize; b++) {
    const imageBase = b * inHeight * inWidth * channels;
    for (let oh = 0; oh < outHeight; oh++) {
      const rowStart = Math.max(oh * strideHeight - padTop, 0);
      const rowEnd = Math.min(oh * strideHeight - padTop + kh, inHeight);
      for (let ow = 0; ow < outWidth; ow++) {
        const colStart = Math.max(ow * strideWidth - padLeft, 0);
        const colEnd = Math.min(ow * strideWidth - padLeft + kw, inWidth);
        if (rowEnd - rowStart === 2 && colEnd - colStart === 2) {
          // A 2×2 window (after clipping to the image), LeNet's case: four reads per channel, unrolled.
          const p00 = imageBase + (rowStart * inWidth + colStart) * channels;
          const p01 = p00 + channels;
          const p10 = p00 + inWidth * channels;
          const p11 = p10 + channels;
          for (let c = 0; c < channels; c++, out++) {
            let best = -Infinity;
            let at = -1;
            const v00 = x[p00 + c]!;
            if (v00 > best) { best = v00; at = p00 + c; }
            const v01 = x[p01 + c]!;
            if (v01 > best) { best = v01; at = p01 + c; }
            const v10 = x[p10 + c]!;
            if (v10 > best) { best = v10; at = p10 + c; }
            const v11 = x[p11 + c]!;
            if (v11 > best) { at = p11 + c; }
            if (at >= 0) dx[at] = dx[at]! + g[out]!;
          }
          continue;
        }
        bestValue.fill(-Infinity);
        bestIndex.fill(-1);
        for (let r = rowStart; r < rowEnd; r++) {
          for (let col = colStart; col < colEnd; col++) {
            const base = imageBase + (r * inWidth + col) * channels;
            for (let c = 0; c < channels; c++) {
              const v = x[base + c]!;
              if (v > bestValue[c]!) {
                bestValue[c] = v;
                bestIndex[c] = base + c;
              }
            }
          }
        }
        for (let c = 0; c < channels; c++, out++) {
          const at = bestIndex[c]!;
          if (at >= 0) dx[at] = dx[at]! + g[out]!;
        }
      }
    }
  }
  return dxInfo;
}

export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGradOnHeap,
};
