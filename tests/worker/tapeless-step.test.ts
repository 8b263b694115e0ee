// The tapeless training step (worker/training/tapeless-step/) computes what tfjs's tape computes:
// for each model shape the product builds (relu or tanh, max or average pools, valid or same
// padding, dense stacks or none, seeded dropout, L2), one SGD step with learning rate 1 moves every
// weight by exactly its gradient, so equal weights after the step mean equal gradients. A whole
// trial trained tapeless ends where the tape ends, and neither leaves a tensor behind.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../types/index.js';
import { gatherBatchArrays } from '../../worker/training/batches.js';
import { buildModel, regularizationPenalties, seedDropout } from '../../worker/training/build-model.js';
import { loadDataset, splitTrainVal, type Dataset } from '../../worker/training/datasets.js';
import { evaluateSubset } from '../../worker/training/evaluate.js';
import { planModel } from '../../worker/training/tapeless-step/plan.js';
import { softmaxCrossEntropy } from '../../worker/training/tapeless-step/softmax-cross-entropy.js';
import { createTapelessStep } from '../../worker/training/tapeless-step/step.js';
import { trainTrial } from '../../worker/training/train-trial.js';
import { registerWasmTrainingKernels } from '../../worker/training/wasm-training-kernels.js';
import { ADAM, NO_EARLY_STOPPING, TINY_LENET } from './training-fixtures.js';

let synthetic: Dataset;

const lenet = (overrides: Partial<ModelSpec>): ModelSpec => ({ ...TINY_LENET, ...overrides });

const VARIANTS: Array<{ name: string; spec: ModelSpec; l2?: number; dropout?: number }> = [
  { name: 'two conv blocks, relu, max pools, a dense layer', spec: lenet({ filters: [4, 8], dense: [16] }) },
  { name: 'tanh, average pools, same padding, two dense layers', spec: lenet({ filters: [4], kernelSize: 3, padding: 'same', activation: 'tanh', pooling: 'avg', dense: [12, 8] }) },
  { name: 'seeded dropout and L2', spec: lenet({ filters: [4], dense: [16] }), l2: 0.01, dropout: 0.4 },
  { name: 'no conv block (flatten first), dropout after it', spec: lenet({ filters: [], dense: [] }), dropout: 0.25 },
];

/** The model's weights as flat arrays, in model order. */
const weightsOf = (model: tf.LayersModel) => model.getWeights().map((w) => Float32Array.from(w.dataSync()));

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

describe('the tapeless training step', () => {
  beforeAll(async () => {
    expect(await registerWasmTrainingKernels()).toBe(true);
    synthetic = await loadDataset('synthetic');
  });

  for (const variant of VARIANTS) {
    it(`gives the tape's gradients, loss and hits: ${variant.name}`, () => {
      const { train } = splitTrainVal(synthetic, 64, 16, 3);
      const order = Int32Array.from({ length: 64 }, (_, i) => i);
      // 23 rows: not a multiple of four, as a last batch may be.
      const { pixels, labels } = gatherBatchArrays(train, order, 0, 23);
      const { height, width, channels, classes } = synthetic.info;
      const options = { seed: 7, l2: variant.l2 ?? 0, dropout: variant.dropout ?? 0 };
      const [onTape, tapeless] = [buildModel(variant.spec, synthetic.info, options), buildModel(variant.spec, synthetic.info, options)];
      const before = weightsOf(onTape);
      for (const model of [onTape, tapeless]) seedDropout(model, 7, 1, 0);
      const xs = tf.tensor4d(pixels, [23, height, width, channels]);
      const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat();
      const variables = onTape.trainableWeights.map((w) => w.read() as tf.Variable);
      let tapeLoss = NaN;
      let tapeHits = NaN;
      tf.tidy(() => void tf.train.sgd(1).minimize(() => {
        const logits = onTape.apply(xs, { training: true }) as tf.Tensor2D;
        const crossEntropy = tf.losses.softmaxCrossEntropy(ys, logits) as tf.Scalar;
        tapeLoss = crossEntropy.dataSync()[0]!;
        tapeHits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(ys, 1)), 'float32')).dataSync()[0]!;
        return regularizationPenalties(onTape).reduce<tf.Scalar>((sum, p) => tf.add(sum, p), crossEntropy);
      }, false, variables));

      const step = createTapelessStep(tapeless);
      expect(step).not.toBeNull();
      const result = step!.train(xs, labels, tf.train.sgd(1));
      expect(result.loss).toBeCloseTo(tapeLoss, 5);
      expect(result.correct).toBe(tapeHits);

      const [afterTape, afterTapeless] = [weightsOf(onTape), weightsOf(tapeless)];
      afterTape.forEach((w, i) => {
        // Each weight moved by its gradient; the two moves agree to float32 rounding.
        expect(maxAbsDifference(w, before[i]!)).toBeGreaterThan(0);
        expect(maxAbsDifference(afterTapeless[i]!, w)).toBeLessThan(2e-6);
      });
      tf.dispose([xs, ys]);
      onTape.dispose();
      tapeless.dispose();
    });
  }

  it('evaluates a subset as the tape does (dropout off)', async () => {
    const { val } = splitTrainVal(synthetic, 64, 300, 3);
    const model = buildModel(lenet({ filters: [4], dense: [16] }), synthetic.info, { seed: 2, l2: 0, dropout: 0.5 });
    const step = createTapelessStep(model);
    const [onTape, tapeless] = [await evaluateSubset(model, val), await evaluateSubset(model, val, undefined, step)];
    expect(tapeless.loss).toBeCloseTo(onTape.loss, 5);
    expect(tapeless.acc).toBe(onTape.acc);
    model.dispose();
  });

  it('computes softmax cross-entropy, its gradient and the hits as the formula says', () => {
    // Row 0: logits (0, ln 3): p = (1/4, 3/4), label 1 → loss −ln(3/4), hit. Row 1: label 0 → −ln(1/4), miss.
    const logits = Float32Array.from([0, Math.log(3), 0, Math.log(3)]);
    const gradient = new Float32Array(4);
    const { loss, correct } = softmaxCrossEntropy(logits, [1, 0], 2, gradient);
    expect(loss).toBeCloseTo((-Math.log(0.75) - Math.log(0.25)) / 2, 6);
    expect(correct).toBe(1);
    expect(Array.from(gradient)).toEqual([0.25 / 2, -0.25 / 2, -0.75 / 2, 0.75 / 2].map(Math.fround));
    expect(Number.isNaN(softmaxCrossEntropy(Float32Array.from([NaN, 0]), [0], 2, new Float32Array(2)).loss)).toBe(true);
  });

  it('says which layer it cannot train, and is not used off wasm', async () => {
    const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 1] }), tf.layers.batchNormalization(), tf.layers.dense({ units: 3 })] });
    expect(planModel(model)).toEqual({ unsupported: expect.stringMatching(/layer type BatchNormalization/) });
    const softmaxOut = buildModel(TINY_LENET, synthetic.info, { seed: 1, l2: 0, dropout: 0, output: 'softmax' });
    expect(planModel(softmaxOut)).toEqual({ unsupported: expect.stringMatching(/activation softmax/) });
    expect(createTapelessStep(model)).toBeNull();
    const supported = buildModel(TINY_LENET, synthetic.info, { seed: 1, l2: 0, dropout: 0 });
    await tf.setBackend('cpu');
    try {
      expect(createTapelessStep(supported)).toBeNull();
    } finally {
      await tf.setBackend('wasm');
      tf.dispose([model, softmaxOut, supported] as unknown as tf.Tensor[]);
    }
  });

  it('trains a whole trial to where the tape trains it, and leaves no tensor or heap buffer behind', async () => {
    const backend = tf.backend() as BackendWasm;
    const input = {
      dataset: synthetic, model: lenet({ dense: [16], dropout: 0 }), config: { ...ADAM, dropout: 0.2, l2: 1e-4 }, epochs: 2, seed: 5,
      trainSamples: 200, valSamples: 64, earlyStopping: NO_EARLY_STOPPING,
    };
    const tensorsBefore = tf.memory().numTensors;
    const idsBefore = backend.numDataIds();
    const tapeless = await trainTrial({ ...input, step: 'auto' });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(backend.numDataIds()).toBe(idsBefore);
    const onTape = await trainTrial({ ...input, step: 'tape' });
    expect(tapeless.step).toBe('tapeless');
    expect(onTape.step).toBe('tape');
    tapeless.history.forEach((m, i) => {
      const t = onTape.history[i]!;
      expect(m.trainLoss!).toBeCloseTo(t.trainLoss!, 4);
      expect(m.valLoss!).toBeCloseTo(t.valLoss!, 4);
      expect(Math.abs(m.valAcc - t.valAcc)).toBeLessThanOrEqual(1 / 64);
    });
  }, 60_000);
});
