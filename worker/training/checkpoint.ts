// A trial's state after an epoch, as plain bytes, so any worker can resume a trial another worker
// started (BullMQ delivers at least once; a killed worker's job is re-run elsewhere).
//
// What a resumed trial needs to continue exactly where it stopped: the model weights, the
// optimizer's state (step count and moment/accumulator tensors) and the metric history (for the
// early-stopping rule). The data order needs nothing: epoch e is shuffled from (seed, 'epoch', e),
// and its augmentation drawn from (seed, e, position) (augmentation.ts). Dropout masks are not
// replayed (tfjs draws them from an unseeded generator). Resuming is bit-exact for momentum and
// rmsprop (tested; sgd keeps only its step count); for Adam it matches to float32 rounding, because
// tfjs restores the bias-correction powers as pow(β, t + 1) where training multiplied by β once per
// step.
//
// Tensor bytes: [uint32 LE header length][header JSON: tfjs weight specs][tensor data], tensors in
// a fixed order and named by position ("t0", "t1", …), because tfjs variable names carry a
// process-wide counter and differ between the writing and the resuming model.
import * as tf from '@tensorflow/tfjs';
import type { EpochMetrics, OptimizerName } from '../../types/index.js';

export const CHECKPOINT_VERSION = 1;

export interface TrainingCheckpoint {
  version: typeof CHECKPOINT_VERSION;
  optimizer: OptimizerName;
  /** Last completed epoch, 1-based; training resumes at epoch + 1. */
  epoch: number;
  /** Model weights in `model.getWeights()` order. */
  weights: Uint8Array;
  /** `optimizer.getWeights()`: the step count, then the optimizer's slot variables. */
  optimizerState: Uint8Array;
  history: EpochMetrics[];
  /** Weights of the best epoch so far when restoreBest is on and that epoch is not `epoch`; else null. */
  bestWeights: Uint8Array | null;
}

/** Encodes tensors (float32 / int32 / bool) into one self-describing byte array. */
export async function encodeTensors(tensors: readonly tf.Tensor[]): Promise<Uint8Array> {
  const { data, specs } = await tf.io.encodeWeights(tensors.map((tensor, i) => ({ name: `t${i}`, tensor })));
  const header = new TextEncoder().encode(JSON.stringify(specs));
  const out = new Uint8Array(4 + header.length + data.byteLength);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  out.set(new Uint8Array(data), 4 + header.length);
  return out;
}

/** The reverse of encodeTensors; the caller owns (and disposes) the tensors. */
export function decodeTensors(bytes: Uint8Array): tf.Tensor[] {
  if (bytes.byteLength < 4) throw new Error('checkpoint tensor block is truncated');
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  const specs = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + headerLength))) as tf.io.WeightsManifestEntry[];
  const data = bytes.slice(4 + headerLength).buffer; // a copy: decodeWeights wants an ArrayBuffer of its own
  const named = tf.io.decodeWeights(data, specs);
  return specs.map((spec) => {
    const t = named[spec.name];
    if (!t) throw new Error(`checkpoint tensor ${spec.name} is missing`);
    return t;
  });
}

/** Snapshot of the model and optimizer after `epoch`. Creates no lasting tensors. */
export async function serializeCheckpoint(args: {
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  optimizerName: OptimizerName;
  epoch: number;
  history: readonly EpochMetrics[];
  bestWeights: readonly tf.Tensor[] | null;
}): Promise<TrainingCheckpoint> {
  const optimizerWeights = await args.optimizer.getWeights();
  try {
    return {
      version: CHECKPOINT_VERSION,
      optimizer: args.optimizerName,
      epoch: args.epoch,
      weights: await encodeTensors(args.model.getWeights()),
      optimizerState: await encodeTensors(optimizerWeights.map((w) => w.tensor)),
      history: args.history.map((m) => ({ ...m })),
      bestWeights: args.bestWeights ? await encodeTensors(args.bestWeights) : null,
    };
  } finally {
    optimizerWeights[0]?.tensor.dispose(); // the step count is a fresh scalar; the rest are live variables
  }
}

/**
 * Loads a checkpoint into a freshly built model and optimizer of the same shape and kind.
 * Returns the best-epoch weights (caller owns them) or null.
 */
export async function restoreCheckpoint(model: tf.LayersModel, optimizer: tf.Optimizer, optimizerName: OptimizerName, ckpt: TrainingCheckpoint): Promise<tf.Tensor[] | null> {
  if (ckpt.version !== CHECKPOINT_VERSION) throw new Error(`checkpoint version ${String(ckpt.version)} is not ${CHECKPOINT_VERSION}`);
  if (ckpt.optimizer !== optimizerName) throw new Error(`checkpoint was written by a ${ckpt.optimizer} trial, not ${optimizerName}`);
  const weights = decodeTensors(ckpt.weights);
  try {
    model.setWeights(weights); // throws on a shape mismatch
  } finally {
    tf.dispose(weights);
  }
  const state = decodeTensors(ckpt.optimizerState);
  try {
    // Slot variables are created from these tensors (sharing their data), so they can be freed after.
    await optimizer.setWeights(state.map((tensor, i) => ({ name: i === 0 ? 'iter' : `slot${i}`, tensor })));
  } finally {
    tf.dispose(state);
  }
  return ckpt.bestWeights ? decodeTensors(ckpt.bestWeights) : null;
}

// Whole-checkpoint bytes, for one Redis value:
//   "OPCK" | uint32 LE meta length | meta JSON {version, optimizer, epoch, history, lengths} |
//   weights | optimizerState | bestWeights (absent when null)
const MAGIC = [0x4f, 0x50, 0x43, 0x4b]; // "OPCK"

interface CheckpointMeta {
  version: number;
  optimizer: OptimizerName;
  epoch: number;
  history: EpochMetrics[];
  lengths: { weights: number; optimizerState: number; bestWeights: number | null };
}

export function encodeCheckpoint(ckpt: TrainingCheckpoint): Uint8Array {
  const meta: CheckpointMeta = {
    version: ckpt.version,
    optimizer: ckpt.optimizer,
    epoch: ckpt.epoch,
    history: ckpt.history,
    lengths: { weights: ckpt.weights.length, optimizerState: ckpt.optimizerState.length, bestWeights: ckpt.bestWeights?.length ?? null },
  };
  const metaBytes = new TextEncoder().encode(JSON.stringify(meta));
  const blobs = [ckpt.weights, ckpt.optimizerState, ...(ckpt.bestWeights ? [ckpt.bestWeights] : [])];
  const out = new Uint8Array(8 + metaBytes.length + blobs.reduce((n, b) => n + b.length, 0));
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, metaBytes.length, true);
  out.set(metaBytes, 8);
  let offset = 8 + metaBytes.length;
  for (const blob of blobs) {
    out.set(blob, offset);
    offset += blob.length;
  }
  return out;
}

export function decodeCheckpoint(bytes: Uint8Array): TrainingCheckpoint {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('not a training checkpoint (bad magic bytes)');
  const metaLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  const meta = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + metaLength))) as CheckpointMeta;
  if (meta.version !== CHECKPOINT_VERSION) throw new Error(`checkpoint version ${meta.version} is not ${CHECKPOINT_VERSION}`);
  let offset = 8 + metaLength;
  const take = (n: number) => {
    if (offset + n > bytes.length) throw new Error('checkpoint is truncated');
    const part = bytes.slice(offset, offset + n);
    offset += n;
    return part;
  };
  const weights = take(meta.lengths.weights);
  const optimizerState = take(meta.lengths.optimizerState);
  const bestWeights = meta.lengths.bestWeights === null ? null : take(meta.lengths.bestWeights);
  return { version: CHECKPOINT_VERSION, optimizer: meta.optimizer, epoch: meta.epoch, history: meta.history, weights, optimizerState, bestWeights };
}
