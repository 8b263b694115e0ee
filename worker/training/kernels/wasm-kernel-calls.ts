// Shared plumbing for the project's wasm training kernels: calling wasm's own kernels directly
// (no engine bookkeeping, no tape) and freeing the intermediates they return.
// Intermediates made this way are backend data ids only: they never show in
// tf.memory().numTensors, so every one must be freed here (tests watch backend.numDataIds()).

import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type { BackendWasm };

type KernelArgs = Parameters<tf.KernelFunc>[0];

/**
 * The kernel functions wasm shipped with, captured before the project replaces any of them. Kept on
 * globalThis: tfjs's registry is per process, this module may be loaded more than once (test
 * isolation, two importers), and a second copy must not mistake the project's kernels for wasm's.
 */
const SHIPPED_KEY = Symbol.for('optimizer-playground/wasm-shipped-kernels');
const shipped: Map<string, tf.KernelFunc> = ((globalThis as Record<symbol, unknown>)[SHIPPED_KEY] ??=
  new Map<string, tf.KernelFunc>()) as Map<string, tf.KernelFunc>;

/** Remembers wasm's own implementation of `kernelName` (call before registering a replacement). */
export function captureShippedWasmKernel(kernelName: string): tf.KernelFunc | undefined {
  const existing = shipped.get(kernelName);
  if (existing !== undefined) return existing;
  const config = tf.getKernel(kernelName, 'wasm');
  if (config === undefined) return undefined;
  shipped.set(kernelName, config.kernelFunc);
  return config.kernelFunc;
}

/** wasm's own implementation of `kernelName` as captured at registration (undefined if it ships none). */
export function shippedWasmKernel(kernelName: string): tf.KernelFunc | undefined {
  return shipped.get(kernelName);
}

/** Runs wasm's shipped kernel `kernelName` directly; the caller owns (and must free) the result. */
export function runWasmKernel(
  kernelName: string,
  backend: BackendWasm,
  inputs: KernelArgs['inputs'],
  attrs: KernelArgs['attrs'] = {},
): tf.TensorInfo {
  const kernelFunc = shipped.get(kernelName) ?? tf.getKernel(kernelName, 'wasm')?.kernelFunc;
  if (kernelFunc === undefined) throw new Error(`wasm has no '${kernelName}' kernel to build on`);
  const out = kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error(`wasm '${kernelName}' returned several outputs`);
  return out;
}

/** Frees an intermediate made by runWasmKernel. */
export function freeIntermediate(backend: BackendWasm, info: tf.TensorInfo): void {
  backend.disposeData(info.dataId);
}

/** Transposes `x` by `perm` on wasm (a plain copy of the data id when perm is the identity). */
export function transposeOnWasm(backend: BackendWasm, x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
  return runWasmKernel('Transpose', backend, { x }, { perm });
}

/** Padding as [top, bottom, left, right] from a conv info's padInfo. */
export interface Pads {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Attributes for wasm's Conv2D with explicit padding, the form every gradient-as-convolution uses. */
export function explicitConvAttrs(pads: Pads, dilations: [number, number]): tf.NamedAttrMap {
  return {
    strides: [1, 1],
    pad: [[0, 0], [pads.top, pads.bottom], [pads.left, pads.right], [0, 0]],
    dataFormat: 'NHWC',
    dilations,
    dimRoundingMode: undefined as unknown as string,
  } as unknown as tf.NamedAttrMap;
}

/**
 * Throws unless `actual` is `expected`: a gradient of the wrong shape would send XNNPACK or a heap
 * loop past the end of its buffer, corrupting the wasm heap for every later tensor.
 */
export function assertShape(kernelName: string, what: string, actual: readonly number[], expected: readonly number[]): void {
  if (actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
    throw new Error(`${kernelName}: ${what} has shape [${actual.join(', ')}], expected [${expected.join(', ')}]`);
  }
}
