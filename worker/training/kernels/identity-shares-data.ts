// Identity, and Cast to the dtype a tensor already has, for wasm without copying: the output
// shares the input's data id (reference-counted), as tfjs's cpu backend and wasm's own Reshape
// do. wasm's shipped kernels copy, and the engine clones every tensor it saves for the backward
// pass, so training copied each activation two or three times a step (~5 MB per LeNet batch).
//
// Formula: y = x (the same immutable buffer; freed when the last tensor using it is disposed).
// Strings, and casts that change the dtype, go to wasm's shipped kernels.

import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from './wasm-kernel-calls.js';

let shippedIdentity: tf.KernelFunc | undefined;
let shippedCast: tf.KernelFunc | undefined;

function share(backend: BackendWasm, x: tf.TensorInfo): tf.TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

export function identitySharingData(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo | tf.TensorInfo[] {
  const { x } = args.inputs as { x: tf.TensorInfo };
  if (x.dtype === 'string') {
    if (shippedIdentity === undefined) throw new Error('wasm Identity: no shipped kernel to fall back to');
    return shippedIdentity(args);
  }
  return share(args.backend as BackendWasm, x);
}

export function castSharingData(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo | tf.TensorInfo[] {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { dtype } = args.attrs as unknown as tf.CastAttrs;
  if (x.dtype !== dtype || dtype === 'string') {
    if (shippedCast === undefined) throw new Error('wasm Cast: no shipped kernel to fall back to');
    return shippedCast(args);
  }
  return share(args.backend as BackendWasm, x);
}

/** Config builders: `shipped` is wasm's own kernel, kept for the cases that must copy or convert. */
export function identityConfig(shipped: tf.KernelFunc | undefined): tf.KernelConfig {
  shippedIdentity = shipped;
  return { kernelName: tf.Identity, backendName: 'wasm', kernelFunc: identitySharingData };
}

export function castConfig(shipped: tf.KernelFunc | undefined): tf.KernelConfig {
  shippedCast = shipped;
  return { kernelName: tf.Cast, backendName: 'wasm', kernelFunc: castSharingData };
}
