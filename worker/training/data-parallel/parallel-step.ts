// A data-parallel training step: one batch split across this thread and `helpers` helper threads
// (helper-main.ts), each with its own wasm backend, when a worker has more cores than trials.
// Every step this thread writes the current weights and each helper's rows to the helper's
// shared memory (shared-part.ts), computes its own rows' gradients meanwhile, adds the helpers'
// gradients to its own and applies the sum with the trial's optimizer — so there is one optimizer
// and one set of weights, and the update is the whole batch's:
//   g = Σ_parts Σ_{rows i of the part} ∂ℓ_i/∂w / m   (+ 2·l2·w, added once)
// Same result as one thread to float rounding (the sums are grouped by part). Dropout masks are
// the whole batch's, each part taking its rows, so paired seeds stay paired.
// Helper threads are started once per thread that trains and kept for its later trials.
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '../kernels/wasm-kernel-calls.js';
import { applyHeapGradients, HeapScope, type TapelessStep } from '../tapeless-step/step.js';
import type { SoftmaxCrossEntropy } from '../tapeless-step/softmax-cross-entropy.js';
import type { FromHelper, ReplicaSpec, ToHelper } from './protocol.js';
import { SharedPart, STOP, type PartSizes } from './shared-part.js';

const BOOT = new URL('../../trial-thread/boot.mjs', import.meta.url);
const ENTRY = new URL('./helper-main.ts', import.meta.url).href;

/** A helper that says nothing for this long fails the step (and the trial) instead of hanging it. */
export const HELPER_TIMEOUT_MS = 60_000;

class HelperThread {
  readonly worker: Worker;
  failure: string | null = null;

  constructor() {
    this.worker = new Worker(BOOT, { workerData: { entry: ENTRY }, name: 'data-parallel-helper' });
    this.worker.unref(); // an idle helper never keeps the process alive
    this.worker.on('error', (err) => (this.failure = `the helper thread crashed: ${err.message}`));
    this.worker.on('exit', (code) => (this.failure ??= `the helper thread exited with code ${code}`));
  }

  /** Builds the replica; resolves once the helper waits for steps. */
  load(replica: ReplicaSpec, part: SharedPart): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onMessage = (m: FromHelper) => {
        this.worker.off('message', onMessage);
        this.worker.off('exit', onExit);
        if (m.type === 'ready') resolve();
        else reject(new Error(`a data-parallel helper thread could not start: ${m.message}`));
      };
      const onExit = () => {
        this.worker.off('message', onMessage);
        reject(new Error(this.failure ?? 'a data-parallel helper thread exited'));
      };
      this.worker.on('message', onMessage);
      this.worker.once('exit', onExit);
      this.worker.postMessage({ type: 'model', replica, sizes: part.sizes, buffer: part.buffer } satisfies ToHelper);
    });
  }
}

/** Helpers not lent to a step now, kept for the next trial on this thread. */
const idle: HelperThread[] = [];

export interface DataParallelStep {
  /** Trains one batch of `labels.length` rows (`pixels` row-major images); like TapelessStep.train. */
  train(pixels: Float32Array, labels: Int32Array, optimizer: tf.Optimizer): SoftmaxCrossEntropy;
  /** Parts a batch is split into (this thread and its helpers). */
  readonly parts: number;
  /** Sends the helpers back to the idle list (their replicas are dropped). */
  release(): void;
}

/**
 * A step that trains each batch on this thread and `helpers` more, for the model `step` trains
 * (described by `replica` for the helpers' copies), with batches of at most `maxRows` rows.
 */
export async function createDataParallelStep(step: TapelessStep, replica: ReplicaSpec, helpers: number, maxRows: number): Promise<DataParallelStep> {
  const { height, width, channels } = replica.info;
  const pixelsPerImage = height * width * channels;
  const parts = helpers + 1;
  const sizes: PartSizes = {
    variables: step.variables.map((v) => v.size),
    pixelsPerImage,
    maxRows: Math.ceil(maxRows / parts),
    dropoutLayers: step.dropoutSeeds().length,
  };
  const lent: Array<{ helper: HelperThread; part: SharedPart }> = [];
  const release = () => {
    for (const { helper, part } of lent.splice(0)) {
      part.post(STOP, 0, 0, 0);
      if (helper.failure === null) idle.push(helper);
      else void helper.worker.terminate();
    }
  };
  try {
    for (let i = 0; i < helpers; i++) {
      const helper = idle.pop() ?? new HelperThread();
      const part = new SharedPart(sizes);
      lent.push({ helper, part });
      await helper.load(replica, part);
    }
  } catch (err) {
    release();
    throw err;
  }

  let request = 0;
  return {
    parts,
    release,
    train(pixels, labels, optimizer) {
      const m = labels.length;
      const per = Math.ceil(m / parts);
      const backend = tf.backend() as BackendWasm;
      const variables = step.variables;
      const seeds = step.dropoutSeeds();
      request++;
      // The helpers' rows first, so they start while this thread computes its own.
      const posted: Array<{ part: SharedPart; rows: number }> = [];
      let start = per;
      for (const { helper, part } of lent) {
        const rows = Math.min(per, m - start);
        if (rows <= 0) break;
        if (helper.failure !== null) throw new Error(`a data-parallel helper thread is gone: ${helper.failure}`);
        variables.forEach((v, i) => part.weightsOf(i).set(backend.typedArrayFromHeap(v) as Float32Array));
        part.pixels.set(pixels.subarray(start * pixelsPerImage, (start + rows) * pixelsPerImage));
        part.labels.set(labels.subarray(start, start + rows));
        seeds.forEach((s, i) => (part.seeds[i] = s ?? Number.NaN));
        part.post(request, rows, start, m);
        posted.push({ part, rows });
        start += rows;
      }
      const own = Math.min(per, m);
      const xs = tf.tensor4d(pixels.subarray(0, own * pixelsPerImage), [own, height, width, channels]);
      const scope = new HeapScope(backend);
      try {
        const { result, grads } = step.gradients(xs, labels.subarray(0, own), scope, { rows: { start: 0, total: m }, withL2: true });
        let lossSum = result.loss * own;
        let correct = result.correct;
        for (const { part, rows } of posted) {
          part.awaitAnswer(request, HELPER_TIMEOUT_MS);
          variables.forEach((v, i) => {
            const mine = backend.typedArrayFromHeap(grads.get(v.name)!) as Float32Array;
            const theirs = part.gradientOf(i);
            for (let k = 0; k < mine.length; k++) mine[k] = mine[k]! + theirs[k]!;
          });
          lossSum += part.results[0]! * rows;
          correct += part.results[1]!;
        }
        applyHeapGradients(variables, grads, optimizer, scope);
        return { loss: lossSum / m, correct };
      } finally {
        scope.free();
        xs.dispose();
      }
    },
  };
}
