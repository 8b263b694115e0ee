// Shared pieces of the training tests: the tiny LeNet the synthetic set trains in seconds on the
// pure-JS cpu backend, a default trial config, early stopping switched off, and a weights hash.
import type * as tf from '@tensorflow/tfjs';
import type { EarlyStoppingSpec, ModelSpec, TrialConfig } from '../../types/index.js';

export const TINY_LENET: ModelSpec = { kind: 'lenet', filters: [4], kernelSize: 5, padding: 'valid', activation: 'relu', pooling: 'max', dense: [16], dropout: 0, l2: 0 };

export const ADAM: TrialConfig = { optimizer: 'adam', learningRate: 0.01, batchSize: 32, l2: 0, dropout: 0 };

export const NO_EARLY_STOPPING: EarlyStoppingSpec = { enabled: false, monitor: 'val_loss', mode: 'min', patience: 3, minDelta: 0, warmup: 0, restoreBest: false };

/** FNV-1a over every weight's float32 bytes, in model order. */
export function weightsFingerprint(model: tf.LayersModel): string {
  let h = 0x811c9dc5;
  for (const w of model.getWeights()) {
    const values = w.dataSync() as Float32Array;
    const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
