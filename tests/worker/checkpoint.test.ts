// Checkpoint bytes survive a round trip: tensors, the optimizer's state and the history.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../../types/index.js';
import { decodeCheckpoint, decodeTensors, encodeCheckpoint, encodeTensors, type TrainingCheckpoint } from '../../worker/training/checkpoint.js';

const metrics: EpochMetrics = { epoch: 1, trainLoss: 0.5, trainAcc: 0.8, valLoss: null, valAcc: 0.75, learningRate: 0.01, seconds: 1.5, samplesPerSec: 300 };

describe('checkpoint encoding', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('encodes tensors of several shapes and dtypes and decodes them back unchanged', async () => {
    const tensors = [tf.tensor2d([[1.5, -2], [3, 4e-9]]), tf.scalar(7, 'int32'), tf.zeros([0, 3])];
    const decoded = decodeTensors(await encodeTensors(tensors));
    expect(decoded.map((t) => t.shape)).toEqual([[2, 2], [], [0, 3]]);
    expect(decoded.map((t) => t.dtype)).toEqual(['float32', 'int32', 'float32']);
    expect(Array.from(decoded[0]!.dataSync())).toEqual(Array.from(tensors[0]!.dataSync()));
    expect(decoded[1]!.dataSync()[0]).toBe(7);
    tf.dispose([...tensors, ...decoded]);
  });

  it('round-trips a whole checkpoint through one byte array, with and without best weights', () => {
    const base: TrainingCheckpoint = {
      version: 1, optimizer: 'adam', epoch: 3,
      weights: Uint8Array.from([1, 2, 3]), optimizerState: Uint8Array.from([4, 5]),
      history: [metrics], bestWeights: null,
    };
    for (const ckpt of [base, { ...base, bestWeights: Uint8Array.from([9, 9, 9, 9]) }]) {
      expect(decodeCheckpoint(encodeCheckpoint(ckpt))).toEqual(ckpt);
    }
  });

  it('refuses bytes that are not a checkpoint', () => {
    expect(() => decodeCheckpoint(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/not a training checkpoint/);
  });
});
