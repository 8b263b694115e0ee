// How a train job has its trial trained: a TrialRun (plain data: what to train, from where) and
// TrialHooks (where each epoch, checkpoint, pruning question and the final weights go). Two
// runners: in this thread (`runTrialHere`: the tensorflow backend, which has threads of its own,
// and single-slot tests), or in a pool of worker threads, one trial per thread, each with its own
// tfjs and wasm instance (worker/trial-thread/), so WORKER_CONCURRENCY trials use as many cores.
// Either way the train job (train-processor.ts) keeps all Redis I/O on the main thread: locks,
// heartbeats, cancellation, checkpoints and exactly-once epochs work the same.
import type { DatasetName, EpochMetrics, StopDecision } from '../types/index.js';
import type { TrainTrialInput, TrialOutcome } from './training/train-trial.js';
import type { TrainingCheckpoint } from './training/checkpoint.js';

/** Everything trainTrial needs, as structured-clone data: the dataset by name, the resume point decoded. */
export interface TrialRun extends Pick<TrainTrialInput, 'model' | 'config' | 'epochs' | 'seed' | 'splitSeed' | 'trainSamples' | 'valSamples' | 'augmentation' | 'earlyStopping' | 'resume' | 'evaluateTest' | 'threads'> {
  dataset: DatasetName;
  /** Ask `shouldPrune` after every epoch's checkpoint (the study has a pruner). */
  prune: boolean;
  /** Hand the final weights to `onFinalWeights` (the study keeps weights). */
  keepFinalWeights: boolean;
}

export interface TrialHooks {
  /** Aborted: the trial stops at its next batch and ends `cancelled`. */
  signal: AbortSignal;
  onEpoch(metrics: EpochMetrics, decision: StopDecision): Promise<void>;
  onCheckpoint(checkpoint: TrainingCheckpoint): Promise<void>;
  shouldPrune(metrics: EpochMetrics, history: readonly EpochMetrics[]): Promise<string | null>;
  /** The final weights (the best epoch's under restoreBest), encoded as encodeTensors bytes. */
  onFinalWeights(bytes: Uint8Array): Promise<void>;
}

export interface TrialRunner {
  /** 'threads': one worker thread per running trial; 'in-process': on the caller's thread. */
  readonly kind: 'threads' | 'in-process';
  run(run: TrialRun, hooks: TrialHooks): Promise<TrialOutcome>;
  /** Stops the threads (after the runs have ended). */
  close(): Promise<void>;
}

/** Trains the run on this thread with the backend already selected here. */
export async function runTrialHere(run: TrialRun, hooks: TrialHooks): Promise<TrialOutcome> {
  // Loaded lazily: the thread pool's main side never trains, so it need not load tfjs models.
  const [{ loadDataset }, { trainTrial }, { encodeTensors }] = await Promise.all([
    import('./training/datasets.js'),
    import('./training/train-trial.js'),
    import('./training/checkpoint.js'),
  ]);
  const { dataset, prune, keepFinalWeights, ...rest } = run;
  return trainTrial({
    ...rest,
    dataset: await loadDataset(dataset),
    signal: hooks.signal,
    onEpoch: hooks.onEpoch,
    onCheckpoint: hooks.onCheckpoint,
    shouldPrune: prune ? hooks.shouldPrune : undefined,
    onFinish: keepFinalWeights ? async (model) => hooks.onFinalWeights(await encodeTensors(model.getWeights())) : undefined,
  });
}

export const inProcessRunner: TrialRunner = { kind: 'in-process', run: runTrialHere, close: async () => {} };
