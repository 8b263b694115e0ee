// Inside a data-parallel helper thread: on a 'model' message it builds a replica of the trainer's
// model on its own wasm backend and answers 'ready'; then, until the trainer posts STOP, it
// computes the gradients of its rows of every step (shared-part.ts) with the weights the trainer
// wrote, and goes back to waiting for the next model.
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { buildModel } from '../build-model.js';
import { HeapScope, createTapelessStep, type TapelessStep } from '../tapeless-step/step.js';
import { registerWasmTrainingKernels } from '../wasm-training-kernels.js';
import type { BackendWasm } from '../kernels/wasm-kernel-calls.js';
import type { FromHelper, ReplicaSpec, ToHelper } from './protocol.js';
import { SharedPart, STOP } from './shared-part.js';

const port = parentPort;
if (!port) throw new Error('helper-main.ts runs as a worker thread (data-parallel/parallel-step.ts)');
const send = (m: FromHelper) => port.postMessage(m);

port.on('message', (msg: ToHelper) => {
  void serve(msg).catch((err: unknown) => send({ type: 'failed', message: err instanceof Error ? err.message : String(err) }));
});

async function serve(msg: ToHelper): Promise<void> {
  if (!(await registerWasmTrainingKernels())) throw new Error('the wasm backend cannot start in this helper thread');
  const part = new SharedPart(msg.sizes, msg.buffer);
  const model = buildModel(msg.replica.model, msg.replica.info, { seed: 1, l2: msg.replica.l2, dropout: msg.replica.dropout });
  try {
    const step = createTapelessStep(model);
    if (step === null) throw new Error('the tapeless step does not cover this model');
    send({ type: 'ready' });
    let last = 0;
    for (;;) {
      const request = part.nextRequest(last);
      if (request === STOP) return;
      last = request;
      try {
        computePart(step, part, msg.replica);
        part.answer(request);
      } catch (err) {
        part.answer(request, err instanceof Error ? err.message : String(err));
      }
    }
  } finally {
    model.dispose();
  }
}

function computePart(step: TapelessStep, part: SharedPart, replica: ReplicaSpec): void {
  const variables = step.variables;
  variables.forEach((v, i) => {
    const values = tf.tensor(part.weightsOf(i), v.shape, 'float32');
    v.assign(values);
    values.dispose();
  });
  step.setDropoutSeeds(Array.from(part.seeds, (s) => (Number.isNaN(s) ? undefined : s)));
  const { height, width, channels } = replica.info;
  const rows = part.rows;
  const xs = tf.tensor4d(part.pixels.subarray(0, rows * height * width * channels), [rows, height, width, channels]);
  const scope = new HeapScope(tf.backend() as BackendWasm);
  try {
    const { result, grads } = step.gradients(xs, part.labels.subarray(0, rows), scope, { rows: { start: part.start, total: part.total }, withL2: false });
    variables.forEach((v, i) => part.gradientOf(i).set(scope.backend.typedArrayFromHeap(grads.get(v.name)!) as Float32Array));
    part.results[0] = result.loss;
    part.results[1] = result.correct;
  } finally {
    scope.free();
    xs.dispose();
  }
}
