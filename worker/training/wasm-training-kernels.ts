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
import { captureShippedWasmKernel } from './kernels/wasm-kernel-calls.js';

export { createFusedAdam, FusedAdamOptimizer } from './kernels/fused-adam-optimizer.js';

/** The kernels this module puts on wasm, by tfjs kernel name (the tests walk this list). */
export const PROJECT_WASM_KERNELS = [
  tf.Conv2DBackpropFilter,
  tf.Conv2DBackpropInput,
  tf.MaxPoolGrad,
  tf.BatchMatMul,
  tf.Sum,
  tf.Identity,
  tf.Cast,
  tf.Add,
  ADAM_UPDATE,
] as const;

let registration: Promise<boolean> | undefined;

/**
 * Starts the wasm backend with the project's training kernels and makes it the active backend.
 * Resolves true when wasm is active; false (never throws) when wasm cannot start here, leaving
 * the previously active backend in place. Safe to call more than once.
 */
export function registerWasmTrainingKernels(): Promise<boolean> {
  registration ??= startWasm().catch(() => false);
  return registration.then(async (ok) => ok && (await tf.setBackend('wasm')));
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
  const shippedBackpropInput = captureShippedWasmKernel(tf.Conv2DBackpropInput);
  for (const name of ['Conv2D', 'Transpose', 'Reshape', 'Reverse', 'Slice', 'BatchMatMul', 'MaxPool', 'MaxPoolGrad']) {
    captureShippedWasmKernel(name);
  }
  const configs = [
    conv2dBackpropFilterConfig,
    conv2dBackpropInputConfig(shippedBackpropInput),
    maxPoolGradConfig,
    batchMatMulConfig,
    sumLeadingAxesConfig(captureShippedWasmKernel(tf.Sum)),
    identityConfig(captureShippedWasmKernel(tf.Identity)),
    castConfig(captureShippedWasmKernel(tf.Cast)),
    addRowVectorConfig(captureShippedWasmKernel(tf.Add)),
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
