// Makes tfjs's wasm backend able to train, and fast at it: wasm ships fast forward kernels
// (XNNPACK convolutions and matmuls) but no Conv2DBackpropFilter, and slow loops for some other
// gradients. This module starts wasm, swaps in the project's kernels (worker/training/kernels/)
// and makes wasm the active backend. The training backend chooser imports it dynamically.

import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterConfig } from './kernels/conv2d-backprop-filter.js';
import { conv2dBackpropInputConfig } from './kernels/conv2d-backprop-input.js';
import { batchMatMulConfig } from './kernels/batch-mat-mul.js';
import { maxPoolGradConfig } from './kernels/max-pool-grad.js';
import { sumLeadingAxesConfig } from './kernels/sum-leading-axes.js';
import { castConfig, identityConfig } from './kernels/identity-shares-data.js';
import { addRowVectorConfig } from './kernels/add-row-vector.js';
import { ADAM_UPDATE, adamUpdateCpuConfig, adamUpdateWasmConfig } from './kernels/adam-update.js';
import { captureShippedWasmKernel, shippedWasmKernel } from './kernels/wasm-kernel-calls.js';

export { createFusedAdam, FusedAdamOptimizer } from '../../optimizers/fused-adam-optimizer.js';

/**
 * The kernels this module puts on wasm, by tfjs kernel name, and why (measured on the reference
 * LeNet's shapes, batch 64; times per call on this 2-core machine). The tests walk this list.
 */
export const PROJECT_WASM_KERNELS = [
  tf.Conv2DBackpropFilter, // wasm ships none: SIMD loop, or an XNNPACK convolution
  tf.Conv2DBackpropInput, // matmul + SIMD col2im (1.1 ms) or a full convolution, against ~10 ms shipped
  tf.MaxPoolGrad, // SIMD pass 0.1 ms against 5.6 ms shipped
  tf.BatchMatMul, // transposed operands made explicit: 0.2 ms against 1.3–1.7 ms shipped
  tf.Sum, // bias gradients without a transpose: 0.18 ms against 0.39 ms shipped
  tf.Identity, // shares data instead of copying every activation the tape saves
  tf.Cast, // same, for casts to the dtype a tensor already has
  tf.Add, // bias add as a SIMD pass: 0.1 ms against 0.6 ms shipped
  ADAM_UPDATE, // one kernel per variable for FusedAdamOptimizer (also registered on cpu)
] as const;

let registration: Promise<boolean> | undefined;

/**
 * Starts the wasm backend with the project's training kernels and makes it the active backend.
 * Resolves true when wasm is active; false (never throws) when wasm cannot start here, leaving
 * the previously active backend in place. Safe to call more than once.
 */
export function registerWasmTrainingKernels(): Promise<boolean> {
  registration ??= startWasm().catch(() => false);
  return registration.then(async (ok) => ok && (await tf.setBackend('wasm'))).catch(() => false);
}

async function startWasm(): Promise<boolean> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (isNode()) {
    // Under Node the default loader looks beside the calling script; point it at the package.
    const require = createRequire(import.meta.url);
    const distDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    try {
      wasm.setWasmPaths(`${distDir}/`);
    } catch {
      // Already initialised by someone else: their paths worked, keep them.
    }
  }
  // Initialising wasm runs the shipped kernels' setup (their bindings into the module), which the
  // project's kernels call directly; only then are they captured and replaced.
  if (!(await tf.setBackend('wasm'))) return false;
  swapInProjectKernels();
  return true;
}

function swapInProjectKernels(): void {
  // wasm's own versions stay callable: the project's kernels fall back to them or build on them.
  for (const name of PROJECT_WASM_KERNELS) captureShippedWasmKernel(name);
  const configs = [
    conv2dBackpropFilterConfig,
    conv2dBackpropInputConfig(shippedWasmKernel(tf.Conv2DBackpropInput)),
    maxPoolGradConfig,
    batchMatMulConfig,
    sumLeadingAxesConfig(shippedWasmKernel(tf.Sum)),
    identityConfig(shippedWasmKernel(tf.Identity)),
    castConfig(shippedWasmKernel(tf.Cast)),
    addRowVectorConfig(shippedWasmKernel(tf.Add)),
    adamUpdateWasmConfig,
    adamUpdateCpuConfig,
  ];
  for (const config of configs) {
    if (tf.getKernel(config.kernelName, config.backendName) !== undefined) {
      tf.unregisterKernel(config.kernelName, config.backendName);
    }
    tf.registerKernel(config);
  }
}

function isNode(): boolean {
  return typeof process !== 'undefined' && process.versions?.node !== undefined;
}
