// Per-kernel times for the reference LeNet's shapes (batch 64), forward and backward, on wasm with
// the project's kernels, on wasm's shipped kernel where one exists, and on tfjs's pure-JS cpu:
// the table that shows where a training step's time goes and which kernel to attack next.
// On a shared machine read the min column: the median carries the neighbours' load.
//
// CLI: npx tsx bench/kernel-timings.ts [repeats=30]

import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';

/** Where a kernel ran: wasm as the project sets it up, wasm's own kernel, or tfjs's cpu. */
export type KernelVariant = 'wasm' | 'wasm-shipped' | 'cpu';

export interface KernelCase {
  /** What the kernel does in LeNet, e.g. "conv2 filter gradient". */
  label: string;
  kernel: string;
  inputs: Record<string, number[]>;
  attrs: tf.NamedAttrMap;
}

export interface KernelTiming {
  label: string;
  kernel: string;
  variant: KernelVariant;
  medianMs: number;
  minMs: number;
  repeats: number;
}

export interface KernelTimingOptions {
  /** Timed calls per kernel on wasm. @defaultValue 30 */
  repeats?: number;
  /** Timed calls per kernel on cpu, whose gradients take seconds. @defaultValue 3 */
  cpuRepeats?: number;
  variants?: KernelVariant[];
}

const conv = (extra: Record<string, unknown>) =>
  ({ strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1, ...extra }) as unknown as tf.NamedAttrMap;
const pool = { filterSize: 2, strides: 2, pad: 'valid' } as unknown as tf.NamedAttrMap;

/** The kernels one LeNet training step runs, at the reference shapes. */
export const LENET_KERNEL_CASES: KernelCase[] = [
  { label: 'conv1 forward', kernel: 'Conv2D', inputs: { x: [64, 28, 28, 1], filter: [5, 5, 1, 8] }, attrs: conv({}) },
  {
    label: 'conv1 filter gradient', kernel: 'Conv2DBackpropFilter',
    inputs: { x: [64, 28, 28, 1], dy: [64, 24, 24, 8] }, attrs: conv({ filterShape: [5, 5, 1, 8] }),
  },
  { label: 'conv1 bias add', kernel: 'Add', inputs: { a: [64, 24, 24, 8], b: [8] }, attrs: {} },
  { label: 'conv1 bias gradient', kernel: 'Sum', inputs: { x: [64, 24, 24, 8] }, attrs: { axis: [0, 1, 2], keepDims: false } as unknown as tf.NamedAttrMap },
  { label: 'pool1 forward', kernel: 'MaxPool', inputs: { x: [64, 24, 24, 8] }, attrs: pool },
  {
    label: 'pool1 gradient', kernel: 'MaxPoolGrad',
    inputs: { dy: [64, 12, 12, 8], input: [64, 24, 24, 8], output: [64, 12, 12, 8] }, attrs: pool,
  },
  { label: 'conv2 forward', kernel: 'Conv2D', inputs: { x: [64, 12, 12, 8], filter: [5, 5, 8, 16] }, attrs: conv({}) },
  {
    label: 'conv2 filter gradient', kernel: 'Conv2DBackpropFilter',
    inputs: { x: [64, 12, 12, 8], dy: [64, 8, 8, 16] }, attrs: conv({ filterShape: [5, 5, 8, 16] }),
  },
  {
    label: 'conv2 input gradient', kernel: 'Conv2DBackpropInput',
    inputs: { dy: [64, 8, 8, 16], filter: [5, 5, 8, 16] }, attrs: conv({ inputShape: [64, 12, 12, 8] }),
  },
  { label: 'pool2 forward', kernel: 'MaxPool', inputs: { x: [64, 8, 8, 16] }, attrs: pool },
  {
    label: 'pool2 gradient', kernel: 'MaxPoolGrad',
    inputs: { dy: [64, 4, 4, 16], input: [64, 8, 8, 16], output: [64, 4, 4, 16] }, attrs: pool,
  },
  ...matMulCases('dense1', 64, 256, 64),
  ...matMulCases('dense2', 64, 64, 10),
];

function matMulCases(layer: string, batch: number, inputs: number, units: number): KernelCase[] {
  const attrs = (transposeA: boolean, transposeB: boolean) =>
    ({ transposeA, transposeB }) as unknown as tf.NamedAttrMap;
  return [
    { label: `${layer} forward X·W`, kernel: 'BatchMatMul', inputs: { a: [batch, inputs], b: [inputs, units] }, attrs: attrs(false, false) },
    { label: `${layer} input gradient dY·Wᵀ`, kernel: 'BatchMatMul', inputs: { a: [batch, units], b: [inputs, units] }, attrs: attrs(false, true) },
    { label: `${layer} weight gradient Xᵀ·dY`, kernel: 'BatchMatMul', inputs: { a: [batch, inputs], b: [batch, units] }, attrs: attrs(true, false) },
  ];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Calls `once` repeats + 1 times on random inputs of the case's shapes; the first call (caches, JIT) is not timed. */
function timeCalls(c: KernelCase, repeats: number, once: (inputs: Record<string, tf.Tensor>) => void): number[] {
  const inputs: Record<string, tf.Tensor> = {};
  for (const [name, shape] of Object.entries(c.inputs)) inputs[name] = tf.randomUniform(shape, -1, 1);
  const times: number[] = [];
  try {
    for (let i = 0; i < repeats + 1; i++) {
      const start = performance.now();
      once(inputs);
      if (i > 0) times.push(performance.now() - start);
    }
  } finally {
    tf.dispose(Object.values(inputs));
  }
  return times;
}

/** Times one case on the active backend through the engine (wall time; both backends run synchronously). */
function timeThroughEngine(c: KernelCase, repeats: number): number[] {
  return timeCalls(c, repeats, (inputs) => (tf.engine().runKernel(c.kernel, inputs, c.attrs) as tf.Tensor).dispose());
}

/** Times wasm's shipped kernel for a case, called directly (null where wasm ships none). */
async function timeShipped(c: KernelCase, repeats: number): Promise<number[] | null> {
  const { shippedWasmKernel } = await import('../worker/training/kernels/wasm-kernel-calls.js');
  const kernelFunc = shippedWasmKernel(c.kernel);
  if (kernelFunc === undefined) return null;
  const backend = tf.backend();
  return timeCalls(c, repeats, (inputs) => backend.disposeData((kernelFunc({ inputs, backend, attrs: c.attrs }) as tf.TensorInfo).dataId));
}

/** conv1 as the tapeless step runs it: the project's direct SIMD loop with bias and relu (XNNPACK's Conv2D is the row above). */
const DIRECT_CONV1: KernelCase = { label: 'conv1 fwd+bias+relu, tapeless', kernel: 'convForwardSimd', inputs: { x: [64, 28, 28, 1], filter: [5, 5, 1, 8], bias: [8] }, attrs: {} };

type HeapBackend = Parameters<typeof import('../worker/training/kernels/matmul-simd.js')['matMulSimd']>[0];

/** Times `call` (a project loop that returns a new heap tensor, or null where it does not run) on the case's inputs. */
function timeHeapCall(c: KernelCase, repeats: number, call: (backend: HeapBackend, inputs: Record<string, tf.Tensor>) => tf.TensorInfo | null): number[] {
  const backend = tf.backend() as unknown as HeapBackend;
  return timeCalls(c, repeats, (inputs) => {
    const out = call(backend, inputs);
    if (out === null) throw new Error(`${c.kernel} does not run here`);
    backend.disposeData(out.dataId);
  });
}

async function timeDirectConv(c: KernelCase, repeats: number): Promise<number[]> {
  const { convForwardSimd } = await import('../worker/training/kernels/conv2d-forward-simd.js');
  return timeHeapCall(c, repeats, (backend, { x, filter, bias }) => convForwardSimd(backend, x!, filter!, bias!, true));
}

/** dense1 as the tapeless step runs it: the project's SIMD product (the BatchMatMul rows above are the tape's). */
const DIRECT_DENSE1: KernelCase[] = [
  { label: 'dense1 fwd+bias+relu, tapeless', kernel: 'matMulSimd', inputs: { a: [64, 256], b: [256, 64], bias: [64] }, attrs: {} },
  { label: 'dense1 Xᵀ·dY, tapeless', kernel: 'matMulSimd', inputs: { a: [64, 256], b: [64, 64] }, attrs: {} },
];

async function timeDirectMatMul(c: KernelCase, repeats: number): Promise<number[]> {
  const { matMulSimd } = await import('../worker/training/kernels/matmul-simd.js');
  const forward = c.inputs.bias !== undefined;
  const dims = forward ? { m: 64, k: 256, rowStride: 256, depthStride: 1 } : { m: 256, k: 64, rowStride: 1, depthStride: 256 };
  return timeHeapCall(c, repeats, (backend, { a, b, bias }) => matMulSimd(backend, a!, b!, dims, forward ? bias! : null, forward));
}

/** Times every LeNet kernel case on each variant; switches the active backend as it goes. */
export async function measureKernelTimings(options: KernelTimingOptions = {}): Promise<KernelTiming[]> {
  const { repeats = 30, cpuRepeats = 3, variants = ['wasm', 'wasm-shipped', 'cpu'] } = options;
  const rows: KernelTiming[] = [];
  const record = (c: KernelCase, variant: KernelVariant, times: number[]) =>
    rows.push({
      label: c.label, kernel: c.kernel, variant, repeats: times.length,
      medianMs: median(times), minMs: Math.min(...times),
    });
  if (variants.includes('wasm') || variants.includes('wasm-shipped')) {
    const { registerWasmTrainingKernels } = await import('../worker/training/wasm-training-kernels.js');
    if (!(await registerWasmTrainingKernels())) throw new Error('the wasm backend cannot start here');
    for (const c of LENET_KERNEL_CASES) {
      if (variants.includes('wasm')) record(c, 'wasm', timeThroughEngine(c, repeats));
      if (c.label === 'conv1 forward' && variants.includes('wasm')) record(DIRECT_CONV1, 'wasm', await timeDirectConv(DIRECT_CONV1, repeats));
      if (c.label === 'dense1 weight gradient Xᵀ·dY' && variants.includes('wasm')) {
        for (const d of DIRECT_DENSE1) record(d, 'wasm', await timeDirectMatMul(d, repeats));
      }
      if (variants.includes('wasm-shipped')) {
        const times = await timeShipped(c, repeats);
        if (times !== null) record(c, 'wasm-shipped', times);
      }
    }
  }
  if (variants.includes('cpu')) {
    await tf.setBackend('cpu');
    for (const c of LENET_KERNEL_CASES) record(c, 'cpu', timeThroughEngine(c, cpuRepeats));
  }
  return rows;
}

/** One line per case: median (min) milliseconds on each variant. */
export function formatKernelTimings(rows: KernelTiming[]): string {
  const variants: KernelVariant[] = ['wasm', 'wasm-shipped', 'cpu'];
  const labels = [...new Set(rows.map((r) => r.label))];
  const lines = [`${'case'.padEnd(34)}${variants.map((v) => v.padStart(20)).join('')}   (median / min ms)`];
  for (const label of labels) {
    const cells = variants.map((v) => {
      const row = rows.find((r) => r.label === label && r.variant === v);
      return (row === undefined ? '—' : `${row.medianMs.toFixed(3)} / ${row.minMs.toFixed(3)}`).padStart(20);
    });
    lines.push(`${label.padEnd(34)}${cells.join('')}`);
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<void> {
  const repeats = Number(argv[0] ?? '30');
  console.log(formatKernelTimings(await measureKernelTimings({ repeats })));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
