// Chooses the tfjs backend a worker trains on (TFJS_BACKEND=auto|tensorflow|wasm|cpu) and says which
// one it got, so GET /api/workers can show it. `auto` takes the fastest that works here:
//   1. @tensorflow/tfjs-node-gpu   (libtensorflow with CUDA; registers backend 'tensorflow')
//   2. @tensorflow/tfjs-node       (libtensorflow on the CPU; registers backend 'tensorflow')
//   3. wasm, only with the project's training kernels (wasm-training-kernels.ts): the shipped wasm
//      backend cannot compute a conv filter gradient, so without them it cannot train at all
//   4. cpu, tfjs's pure-JS backend: always there, slowest by far.
// The tfjs-node packages are optional dependencies (their install downloads libtensorflow, which
// fails offline), so they are imported dynamically and their absence is an answer, not a crash.
// An explicit choice that cannot start throws one line saying why and what to do.
import * as tf from '@tensorflow/tfjs';
import type { TfjsBackendChoice } from '../../types/index.js';

export interface SelectedBackend {
  /** What tf.getBackend() reports: 'tensorflow', 'wasm' or 'cpu'. */
  name: string;
  /** How it got there, for people: 'tfjs-node-gpu', 'tfjs-node', 'wasm+project kernels', 'cpu (pure JS)'. */
  detail: string;
}

type Attempt = { ok: true; backend: SelectedBackend } | { ok: false; why: string };

const TFJS_NODE_GPU = '@tensorflow/tfjs-node-gpu';
const TFJS_NODE = '@tensorflow/tfjs-node';

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0]!.trim();
}

function isMissingModule(err: unknown, specifier: string): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && firstLine(err).includes(specifier);
}

async function activate(name: string, detail: string): Promise<Attempt> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (err) {
    return { ok: false, why: `backend '${name}' failed to start: ${firstLine(err)}` };
  }
  if (!ok || tf.getBackend() !== name) return { ok: false, why: `backend '${name}' failed to start` };
  await tf.ready();
  return { ok: true, backend: { name: tf.getBackend(), detail } };
}

async function tryTfjsNode(pkg: string): Promise<Attempt> {
  try {
    const specifier: string = pkg; // a variable: the package is optional and may not exist at type-check time
    await import(specifier);
  } catch (err) {
    return { ok: false, why: isMissingModule(err, pkg) ? `${pkg} is not installed` : `${pkg} failed to load: ${firstLine(err)}` };
  }
  return activate('tensorflow', pkg === TFJS_NODE_GPU ? 'tfjs-node-gpu' : 'tfjs-node');
}

async function tryTensorflow(): Promise<Attempt> {
  const gpu = await tryTfjsNode(TFJS_NODE_GPU);
  if (gpu.ok) return gpu;
  const cpu = await tryTfjsNode(TFJS_NODE);
  if (cpu.ok) return cpu;
  // Both missing is the common case: name the one a user would install.
  return { ok: false, why: cpu.why.endsWith('is not installed') && gpu.why.endsWith('is not installed') ? cpu.why : `${gpu.why}; ${cpu.why}` };
}

async function tryWasm(): Promise<Attempt> {
  let registered: boolean;
  try {
    const kernels = await import('./wasm-training-kernels.js');
    registered = typeof kernels.registerWasmTrainingKernels === 'function' && (await kernels.registerWasmTrainingKernels()) === true;
  } catch (err) {
    return { ok: false, why: `the project's wasm training kernels failed to load: ${firstLine(err)}` };
  }
  if (!registered) return { ok: false, why: `the project's wasm training kernels are not available here` };
  return activate('wasm', 'wasm+project kernels');
}

const tryCpu = () => activate('cpu', 'cpu (pure JS)');

const HOW_TO_FIX: Record<Exclude<TfjsBackendChoice, 'auto'>, string> = {
  tensorflow: 'npm install @tensorflow/tfjs-node; needs internet for libtensorflow, and CUDA 11.2 + cuDNN 8.1 for tfjs-node-gpu',
  wasm: 'check that @tensorflow/tfjs-backend-wasm is installed, or use TFJS_BACKEND=auto',
  cpu: 'the pure-JS backend ships with @tensorflow/tfjs; reinstall it',
};

/** Makes the chosen backend active for the whole process. Throws (one line) when an explicit choice cannot start. */
export async function selectBackend(choice: TfjsBackendChoice): Promise<SelectedBackend> {
  // Production mode: no debug checks, and no "install tfjs-node" banner — the worker reports its
  // backend itself, and tfjs-node is tried first anyway.
  tf.env().set('PROD', true);
  const attempts: Array<() => Promise<Attempt>> =
    choice === 'auto' ? [tryTensorflow, tryWasm, tryCpu]
    : choice === 'tensorflow' ? [tryTensorflow]
    : choice === 'wasm' ? [tryWasm]
    : choice === 'cpu' ? [tryCpu]
    : [];
  if (attempts.length === 0) throw new Error(`TFJS_BACKEND=${String(choice)}: not one of auto, tensorflow, wasm, cpu`);
  const reasons: string[] = [];
  for (const attempt of attempts) {
    const result = await attempt();
    if (result.ok) return result.backend;
    reasons.push(result.why);
  }
  const fix = choice === 'auto' ? 'even the pure-JS cpu backend failed' : HOW_TO_FIX[choice];
  throw new Error(`TFJS_BACKEND=${choice}: ${reasons.join('; ')} (${fix})`);
}
