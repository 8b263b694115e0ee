// The forward pass of a planned LeNet-family model (plan.ts) as direct wasm kernel calls:
//   conv:    conv + bias + relu in one call: the project's SIMD loop for few input channels,
//            else XNNPACK's FusedConv2D (tanh as its own kernel after a linear one)
//   pool:    MaxPool / AvgPool
//   dense:   matmul + bias + relu in one call: the project's SIMD product for units in fours,
//            else XNNPACK's _FusedMatMul (tanh after)
//   dropout: (training only) the mask tfjs's own dropout draws, same seed ⇒ same mask, then a multiply
// What the backward pass needs of every layer is kept in `saved`.
import * as tf from '@tensorflow/tfjs';
import { convForwardSimd } from '../kernels/conv2d-forward-simd.js';
import { matMulSimd } from '../kernels/matmul-simd.js';
import { runWasmKernel } from '../kernels/wasm-kernel-calls.js';
import { reshaped, type HeapScope } from './heap-scope.js';
import type { PlannedLayer } from './plan.js';

type Info = tf.TensorInfo;

/** A layer's input and output as the forward pass left them, and its dropout mask. */
export interface SavedLayer {
  input: Info;
  output: Info;
  mask?: tf.Tensor;
}

/**
 * Convolutions with fewer input channels than this run as the project's direct SIMD loop
 * (conv2d-forward-simd.ts); wider ones as XNNPACK's, which is faster there (LeNet conv1, 1 channel:
 * 0.59 against 1.02 ms; conv2, 8 channels: 1.53 against 0.87 ms).
 */
const DIRECT_CONV_MAX_CHANNELS = 4;

export const convAttrs = (padding: 'valid' | 'same', extra: Record<string, unknown> = {}) =>
  ({ strides: [1, 1], pad: padding, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined, ...extra }) as unknown as tf.NamedAttrMap;
export const poolAttrs = { filterSize: [2, 2], strides: [2, 2], pad: 'valid', dimRoundingMode: undefined } as unknown as tf.NamedAttrMap;

/**
 * Which rows of a batch a pass sees: rows start … start + m of `total` (data-parallel parts), so
 * dropout masks are the whole batch's rows and the loss gradient is the whole batch's mean.
 */
export interface RowSlice {
  start: number;
  total: number;
}

/** Logits [m, classes] for `xs`, every intermediate owned by `scope`; with `training`, dropout is on. */
export function runForward(layers: PlannedLayer[], xs: Info, training: boolean, scope: HeapScope, rows?: RowSlice): { logits: Info; saved: SavedLayer[] } {
  const { backend } = scope;
  const saved: SavedLayer[] = [];
  let x = xs;
  for (const layer of layers) {
    const input = x;
    let mask: tf.Tensor | undefined;
    switch (layer.kind) {
      case 'conv': {
        const relu = layer.activation === 'relu';
        const [filter, bias] = [layer.kernel.variable.read(), layer.bias.variable.read()];
        const direct = layer.padding === 'valid' && x.shape[3]! < DIRECT_CONV_MAX_CHANNELS ? convForwardSimd(backend, x, filter, bias, relu) : null;
        x = scope.own(direct ?? runWasmKernel('FusedConv2D', backend, { x, filter, bias }, convAttrs(layer.padding, { activation: relu ? 'relu' : 'linear', leakyreluAlpha: 0 })));
        if (layer.activation === 'tanh') x = scope.own(runWasmKernel('Tanh', backend, { x }));
        break;
      }
      case 'pool':
        x = scope.own(runWasmKernel(layer.pooling === 'max' ? 'MaxPool' : 'AvgPool', backend, { x }, poolAttrs));
        break;
      case 'flatten':
        x = reshaped(x, [x.shape[0]!, tf.util.sizeFromShape(x.shape.slice(1))]);
        break;
      case 'dropout':
        if (!training) break;
        mask = scope.ownTensor(dropoutMultiplier(x.shape, layer.rate, (layer.layer as unknown as { seed?: number }).seed, rows));
        x = scope.own(runWasmKernel('Multiply', backend, { a: x, b: mask }));
        break;
      case 'dense': {
        const [m, k] = x.shape as [number, number];
        const [kernel, bias] = [layer.kernel.variable.read(), layer.bias.variable.read()];
        const relu = layer.activation === 'relu';
        // Units in fours: the project's SIMD product (no packing of the new weights every step), else XNNPACK's.
        const direct = matMulSimd(backend, x, kernel, { m, k, rowStride: k, depthStride: 1 }, bias, relu);
        const out = scope.own(direct ?? runWasmKernel('_FusedMatMul', backend, { a: reshaped(x, [1, m, k]), b: reshaped(kernel, [1, ...kernel.shape]), bias },
          { transposeA: false, transposeB: false, activation: relu ? 'relu' : 'linear', leakyreluAlpha: 0 } as unknown as tf.NamedAttrMap));
        x = reshaped(out, [m, kernel.shape[1]!]);
        if (layer.activation === 'tanh') x = scope.own(runWasmKernel('Tanh', backend, { x }));
        break;
      }
    }
    saved.push({ input, output: x, mask });
  }
  return { logits: x, saved };
}

/**
 * tfjs's dropout multiplier for one call, drawn exactly as tf.dropout draws it (dropout.js):
 * floor(uniform[0, 1) + keep) / keep with the layer's seed, so a seeded layer drops the same units
 * here as on the tape. A part of a batch draws the whole batch's mask and keeps its own rows.
 */
function dropoutMultiplier(shape: number[], rate: number, seed: number | undefined, rows: RowSlice | undefined): tf.Tensor {
  return tf.tidy(() => {
    const keep = 1 - rate;
    const [m, ...rest] = shape as [number, ...number[]];
    const whole = rows === undefined ? shape : [rows.total, ...rest];
    const mask = tf.div(tf.floor(tf.add(tf.randomUniform(whole, 0, 1, 'float32', seed), keep)), keep);
    return rows === undefined || (rows.start === 0 && rows.total === m) ? mask : tf.slice(mask, [rows.start, ...rest.map(() => 0)], [m, ...rest]);
  });
}
