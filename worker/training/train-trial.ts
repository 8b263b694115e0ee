// Trains one trial: builds the CNN, runs the epochs with the trial's optimizer, reports every epoch,
// and ends as completed, early-stopped, diverged or cancelled — a result with its reason, never an
// exception for a run that merely went badly. (A config that can never train — a model too deep for
// the image, too many samples — does throw.)
//
// Why a custom loop instead of model.fit:
// - Paired trials. model.fit shuffles with Math.random; here epoch e's order is
//   shuffledIndices(n, createRng(seed, 'epoch', e)), and the initial weights come from the same seed
//   (build-model.ts), so two trials with one seed see the same weights and batches whatever their
//   optimizer, and a resumed trial replays the same order. Augmentation (data.augmentation) is
//   drawn from (seed, epoch, position in the order) too: see augmentation.ts, and so are the dropout
//   masks (seedDropout, build-model.ts, before every step).
// - Cooperation. Between batches the loop yields to the event loop (setImmediate), so BullMQ's lock
//   renewal and an HTTP server in the same process keep running, and it checks the AbortSignal.
// - Few syncs. Batch loss and accuracy are summed on the device and read once per epoch (plus one
//   read every DIVERGENCE_CHECK_EVERY batches, so a run that blows up stops mid-epoch).
//
// Reported numbers: trainLoss is the mean softmax cross-entropy over the epoch's batches, weighted by
// batch size, as the weights were while training (dropout on, images augmented when asked); trainAcc
// likewise. valLoss/valAcc come from the validation subset after the epoch (dropout off, never
// augmented). Neither includes the L2 penalty.
// `seconds` is the epoch's wall time (training + validation); `samplesPerSec` counts training only.
//
// The trainer uses whatever tfjs backend is active: call selectBackend (backend.ts) once per process.
import * as tf from '@tensorflow/tfjs';
import { shouldStopEarly } from '../../search/early-stopping.js';
import { createRng, shuffledIndices } from '../../search/rng.js';
import type { AugmentationSpec, EarlyStoppingSpec, EpochMetrics, ModelSpec, StopDecision, TrialConfig, TrialState } from '../../types/index.js';
import { augments, type BatchAugmentation } from './augmentation.js';
import { batchCount, yieldToEventLoop } from './batches.js';
import { createBatchTrainer, type BatchTrainer, type TrainingStepChoice } from './batch-trainers.js';
import { buildModel, seedDropout } from './build-model.js';
import { restoreCheckpoint, serializeCheckpoint, type TrainingCheckpoint } from './checkpoint.js';
import { splitTrainVal, standardisedZero, type DataSubset, type Dataset } from './datasets.js';
import { divergenceReason } from './divergence.js';
import { evaluateSubset } from './evaluate.js';
import { createOptimizer, disposeOptimizer } from '../../optimizers/create-optimizer.js';

export { DIVERGENCE_FACTOR } from './divergence.js';
export type { TrainingCheckpoint } from './checkpoint.js';

/** Inside an epoch, the running mean training loss is read (one sync) every this many batches and put to the divergence rule. */
export const DIVERGENCE_CHECK_EVERY = 8;

export type TrialOutcomeStatus = Extract<TrialState, 'completed' | 'early-stopped' | 'pruned' | 'diverged' | 'cancelled'>;

export interface BatchProgress {
  /** 1-based epoch. */
  epoch: number;
  /** 1-based batch within the epoch. */
  batch: number;
  batches: number;
  /** Positions in the training subset of this batch's examples (a view; copy it to keep it). */
  positions: Int32Array;
}

export interface TrainTrialInput {
  dataset: Dataset;
  model: ModelSpec;
  config: TrialConfig;
  epochs: number;
  /** Trial seed: initial weights and every epoch's data order. Same seed ⇒ same start and batches. */
  seed: number;
  /** Seed of the train/validation split; pass the study seed so all trials validate on the same examples. Defaults to `seed`. */
  splitSeed?: number;
  trainSamples: number;
  valSamples: number;
  /** Random shifts / flips of training images (never validation or test ones). Default: none. */
  augmentation?: AugmentationSpec;
  earlyStopping: EarlyStoppingSpec;
  /** Checked between batches; an aborted signal ends the trial as 'cancelled'. */
  signal?: AbortSignal;
  /** After every epoch (awaited), with the early-stopping verdict; on divergence the verdict says stop, with the divergence reason. */
  onEpoch?: (metrics: EpochMetrics, decision: StopDecision) => void | Promise<void>;
  /** After every training batch (heartbeats, progress). */
  onBatch?: (progress: BatchProgress) => void;
  /** After every epoch that did not diverge (awaited): state to resume from. */
  onCheckpoint?: (checkpoint: TrainingCheckpoint) => void | Promise<void>;
  /**
   * After every epoch's checkpoint (awaited), unless early stopping ended the trial: a reason to
   * stop it as `pruned` (the study's pruner found it trailing its peers), or null to go on.
   */
  shouldPrune?: (metrics: EpochMetrics, history: readonly EpochMetrics[]) => Promise<string | null> | string | null;
  /** Continue a trial from this checkpoint, at epoch checkpoint.epoch + 1. */
  resume?: TrainingCheckpoint;
  /** Once the model exists (and a checkpoint is loaded), before the first batch: e.g. to log or hash it. */
  onModelReady?: (model: tf.LayersModel) => void | Promise<void>;
  /** With the final weights (the best epoch's when restoreBest put them back), just before the model is freed. */
  onFinish?: (model: tf.LayersModel) => void | Promise<void>;
  /** Evaluate the final weights (the best epoch's under restoreBest) on the dataset's test part. Default false. */
  evaluateTest?: boolean;
  /**
   * 'auto' (default): the tapeless step on wasm where it covers the model (same maths, fewer
   * kernels: batch-trainers.ts), else tfjs's tape; 'tape': always the tape.
   */
  step?: TrainingStepChoice;
  /**
   * Threads the batches are split across (data-parallel: this one and threads − 1 helper threads;
   * the tapeless step on wasm only, else ignored). Same result as one thread to float rounding.
   * @defaultValue 1
   */
  threads?: number;
}

export interface TrialOutcome {
  status: TrialOutcomeStatus;
  /** Why it ended: the early-stopping or divergence reason, "cancelled after …", or null when it simply completed. */
  reason: string | null;
  history: EpochMetrics[];
  /**
   * The epoch the trial is ranked by, and its metrics: the early-stopping monitor's best epoch when
   * restoreBest put those weights back or the trial diverged; otherwise the last epoch trained.
   * Null when no epoch finished.
   */
  bestEpoch: number | null;
  bestMetrics: EpochMetrics | null;
  epochsDone: number;
  /** True when the final weights are the monitor's best epoch's rather than the last epoch's. */
  restoredBest: boolean;
  /** The early-stopping rule's last verdict (null when no epoch finished). */
  lastDecision: StopDecision | null;
  /** Only with evaluateTest: loss (null if not finite) and accuracy of the final weights on the test part. */
  test: { loss: number | null; acc: number } | null;
  /** Which training step ran the batches (batch-trainers.ts). */
  step: BatchTrainer['kind'];
  /** Threads the batches were split across (1 unless data-parallel). */
  threads: number;
}

type EpochRun =
  | { kind: 'trained'; loss: number; acc: number; trainSeconds: number; samples: number }
  | { kind: 'diverged'; loss: number; acc: number; trainSeconds: number; samples: number; reason: string }
  | { kind: 'cancelled'; batch: number; batches: number };

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

function checkInput(input: TrainTrialInput): void {
  const { epochs, config } = input;
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`epochs must be a positive integer, got ${epochs}`);
  if (!Number.isInteger(config.batchSize) || config.batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${config.batchSize}`);
  if (!(config.l2 >= 0)) throw new RangeError(`l2 must be ≥ 0, got ${config.l2}`);
  if (!(config.dropout >= 0 && config.dropout < 1)) throw new RangeError(`dropout must be in [0, 1), got ${config.dropout}`);
  const aug = input.augmentation;
  if (aug) {
    const { height, width, flipAugmentation } = input.dataset.info;
    if (!Number.isInteger(aug.shift) || aug.shift < 0 || aug.shift >= Math.min(height, width)) {
      throw new RangeError(`augmentation.shift must be an integer in [0, ${Math.min(height, width) - 1}], got ${aug.shift}`);
    }
    if (aug.flip && !flipAugmentation) throw new RangeError(`augmentation.flip is not allowed for ${input.dataset.name}: ${input.dataset.info.flipNote}`);
  }
}

/** The order in which epoch `epoch` (1-based) visits a training subset of `size` examples. */
export function epochOrder(seed: number, epoch: number, size: number): Int32Array {
  return shuffledIndices(size, createRng(seed, 'epoch', epoch));
}

async function trainEpoch(args: {
  trainer: BatchTrainer;
  model: tf.LayersModel;
  train: DataSubset;
  batchSize: number;
  seed: number;
  epoch: number;
  /** Applied to every training batch of this epoch; undefined for none. */
  augmentation: BatchAugmentation | undefined;
  firstEpochLoss: number | null;
  signal: AbortSignal | undefined;
  onBatch: TrainTrialInput['onBatch'];
}): Promise<EpochRun> {
  const { trainer, model, train, batchSize, seed, epoch, augmentation, signal } = args;
  const order = epochOrder(seed, epoch, train.size);
  const batches = batchCount(train.size, batchSize);
  const started = performance.now();
  let samples = 0;
  trainer.reset();
  for (let b = 0; b < batches; b++) {
    if (signal?.aborted) return { kind: 'cancelled', batch: b, batches };
    const start = b * batchSize;
    const end = Math.min(train.size, start + batchSize);
    seedDropout(model, seed, epoch, b);
    trainer.trainBatch(train, order, start, end, augmentation);
    samples += end - start;
    args.onBatch?.({ epoch, batch: b + 1, batches, positions: order.subarray(start, end) });

    if ((b + 1) % DIVERGENCE_CHECK_EVERY === 0 && b + 1 < batches) {
      const sums = await trainer.sums();
      const running = sums.loss / samples;
      const reason = divergenceReason({ trainLoss: running, epoch, classes: train.info.classes, firstEpochLoss: args.firstEpochLoss, partial: { batch: b + 1, batches } });
      if (reason !== null) {
        return { kind: 'diverged', loss: running, acc: sums.correct / samples, trainSeconds: (performance.now() - started) / 1000, samples, reason };
      }
    }
    await yieldToEventLoop();
  }
  const sums = await trainer.sums();
  const loss = sums.loss / samples;
  const acc = sums.correct / samples;
  const trainSeconds = (performance.now() - started) / 1000;
  const reason = divergenceReason({ trainLoss: loss, epoch, classes: train.info.classes, firstEpochLoss: args.firstEpochLoss });
  return reason === null ? { kind: 'trained', loss, acc, trainSeconds, samples } : { kind: 'diverged', loss, acc, trainSeconds, samples, reason };
}

/**
 * The verdict reported for a diverged epoch: stop, with the divergence reason. A diverged epoch never
 * counts as the best one, even when its validation numbers look fine, so the best epoch is the
 * early-stopping rule's over the epochs before it.
 */
function divergedDecision(history: readonly EpochMetrics[], es: EarlyStoppingSpec, reason: string): StopDecision {
  const before = shouldStopEarly(history.slice(0, -1), es);
  const epoch = history[history.length - 1]?.epoch ?? 0;
  return {
    stop: true,
    reason,
    bestEpoch: before.bestEpoch,
    bestValue: before.bestValue,
    epochsSinceBest: before.bestEpoch === null ? history.length : epoch - before.bestEpoch,
  };
}

/** The weights' copy kept for restoreBest; replaces (and frees) the previous one. */
function snapshotWeights(model: tf.LayersModel, previous: tf.Tensor[] | null): tf.Tensor[] {
  if (previous) tf.dispose(previous);
  return model.getWeights().map((w) => tf.clone(w));
}

export async function trainTrial(input: TrainTrialInput): Promise<TrialOutcome> {
  checkInput(input);
  const { dataset, config, earlyStopping: es, signal } = input;
  const { train, val } = splitTrainVal(dataset, input.trainSamples, input.valSamples, input.splitSeed ?? input.seed);
  const restoreBest = es.enabled && es.restoreBest;
  const augmentation = input.augmentation && augments(input.augmentation) ? input.augmentation : undefined;
  const fill = standardisedZero(dataset);

  const optimizer = createOptimizer(config);
  let model: tf.Sequential;
  try {
    model = buildModel(input.model, dataset.info, { seed: input.seed, l2: config.l2, dropout: config.dropout });
  } catch (err) {
    disposeOptimizer(optimizer);
    throw err;
  }
  let bestWeights: tf.Tensor[] | null = null;
  let trainer: BatchTrainer | undefined;
  try {
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    trainer = await createBatchTrainer(model, optimizer, variables, {
      choice: input.step,
      threads: input.threads ?? 1,
      replica: { model: input.model, info: dataset.info, l2: config.l2, dropout: config.dropout },
      maxRows: config.batchSize,
    });
    const history: EpochMetrics[] = [];
    let lastDecision: StopDecision | null = null;
    let status: TrialOutcomeStatus = 'completed';
    let reason: string | null = null;

    if (input.resume) {
      bestWeights = await restoreCheckpoint(model, optimizer, config.optimizer, input.resume);
      history.push(...input.resume.history.map((m) => ({ ...m })));
      if (history.length > 0) {
        lastDecision = shouldStopEarly(history, es);
        // A trial that had decided to stop but died before reporting it stops again, at once.
        if (es.enabled && lastDecision.stop) { status = 'early-stopped'; reason = lastDecision.reason; }
        // The checkpoint's own epoch was the best one: its weights are the ones just loaded.
        if (restoreBest && !bestWeights && lastDecision.bestEpoch === input.resume.epoch) bestWeights = snapshotWeights(model, null);
      }
    }
    await input.onModelReady?.(model);

    const startEpoch = input.resume ? input.resume.epoch + 1 : 1;
    for (let epoch = startEpoch; epoch <= input.epochs && status === 'completed'; epoch++) {
      if (signal?.aborted) { status = 'cancelled'; reason = `cancelled before epoch ${epoch}`; break; }
      const epochStarted = performance.now();
      const run = await trainEpoch({
        trainer, model, train, batchSize: config.batchSize, seed: input.seed, epoch,
        augmentation: augmentation && { spec: augmentation, seed: input.seed, epoch, fill },
        firstEpochLoss: history[0]?.trainLoss ?? null, signal, onBatch: input.onBatch,
      });
      if (run.kind === 'cancelled') {
        status = 'cancelled';
        reason = `cancelled in epoch ${epoch} after batch ${run.batch} of ${run.batches}`;
        break;
      }
      const evaluation = await evaluateSubset(model, val, signal, trainer.tapeless);
      if (signal?.aborted) { status = 'cancelled'; reason = `cancelled in epoch ${epoch} during validation`; break; }
      const seconds = (performance.now() - epochStarted) / 1000;
      const metrics: EpochMetrics = {
        epoch,
        trainLoss: finiteOrNull(run.loss),
        trainAcc: run.acc,
        valLoss: finiteOrNull(evaluation.loss),
        valAcc: evaluation.acc,
        learningRate: config.learningRate,
        seconds,
        samplesPerSec: run.trainSeconds > 0 ? run.samples / run.trainSeconds : 0,
      };
      history.push(metrics);
      const rule = shouldStopEarly(history, es);
      lastDecision = run.kind === 'diverged' ? divergedDecision(history, es, run.reason) : rule;
      if (restoreBest && run.kind !== 'diverged' && rule.bestEpoch === epoch) bestWeights = snapshotWeights(model, bestWeights);
      await input.onEpoch?.(metrics, lastDecision);

      if (run.kind === 'diverged') { status = 'diverged'; reason = run.reason; break; }
      if (input.onCheckpoint) {
        await input.onCheckpoint(await serializeCheckpoint({
          model, optimizer, optimizerName: config.optimizer, epoch, history,
          bestWeights: restoreBest && rule.bestEpoch !== epoch ? bestWeights : null,
        }));
      }
      if (es.enabled && rule.stop) { status = 'early-stopped'; reason = rule.reason; }
      else if (input.shouldPrune) {
        const why = await input.shouldPrune(metrics, history);
        if (why !== null) { status = 'pruned'; reason = why; }
      }
    }

    // Which epoch the trial is ranked by, and which weights it ends with.
    const last = history[history.length - 1] ?? null;
    const monitorBest = lastDecision?.bestEpoch ?? null;
    let bestEpoch = last?.epoch ?? null;
    let restoredBest = false;
    if ((restoreBest || status === 'diverged') && monitorBest !== null) {
      bestEpoch = monitorBest;
      if (restoreBest && monitorBest !== last?.epoch && bestWeights) {
        model.setWeights(bestWeights);
        restoredBest = true;
      }
    } else if (status === 'diverged') {
      bestEpoch = null; // no epoch with a finite monitored value: nothing to rank by
    }
    const bestMetrics = bestEpoch === null ? null : history.find((m) => m.epoch === bestEpoch) ?? null;

    let test: TrialOutcome['test'] = null;
    if (input.evaluateTest && status !== 'cancelled') {
      const testSet: DataSubset = {
        info: dataset.info, size: dataset.info.testSize, images: dataset.testImages, labels: dataset.testLabels,
        indices: Int32Array.from({ length: dataset.info.testSize }, (_, i) => i),
      };
      const t = await evaluateSubset(model, testSet, signal, trainer.tapeless);
      test = { loss: finiteOrNull(t.loss), acc: t.acc };
    }

    await input.onFinish?.(model);
    return { status, reason, history, bestEpoch, bestMetrics, epochsDone: history.length, restoredBest, lastDecision, test, step: trainer.kind, threads: trainer.threads };
  } finally {
    trainer?.dispose();
    if (bestWeights) tf.dispose(bestWeights);
    disposeOptimizer(optimizer);
    model.dispose();
  }
}
