// The `train` job: one trial, from its stored config to a finished TrialRecord. Idempotent under
// BullMQ's at-least-once delivery: a finished trial is not trained again, a re-delivered one
// resumes from its last checkpoint, and each epoch reaches the history and the stream once.
import { UnrecoverableError, WaitingError, type Job } from 'bullmq';
import type { EpochMetrics, StudyRecord, TrainJobData, TrainJobResult, TrialRecord } from '../types/index.js';
import { objectiveValue } from '../search/rank.js';
import { markStudyRunning } from '../search/study-lifecycle.js';
import { endTrial, isFinishedTrial, recordTrialEpoch, requeueTrial, startTrial } from '../search/trial-lifecycle.js';
import { prunerOf } from '../search/defaults.js';
import { bestSoFar, pruneVerdict } from '../search/pruning.js';
import { configurationStanding } from '../search/configuration-pruning.js';
import { aggregateOf, configIdOf } from '../search/configurations.js';
import type { StudyStore } from '../store/study-store.js';
import { decodeCheckpoint, encodeCheckpoint } from './training/checkpoint.js';
import { inProcessRunner, type TrialRunner } from './trial-runner.js';
import type { WorkerStatus } from './worker-status.js';
import { withDeadline } from '../runtime/deadline.js';

export interface TrainProcessorDeps {
  store: StudyStore;
  status: WorkerStatus;
  /** How often a running trial checks whether its study was cancelled or deleted. */
  cancelPollMs?: number;
  /**
   * Aborted when the worker is asked to stop (SIGTERM): the running trial finishes its current
   * epoch, checkpoints it and goes back to the queue for another worker to resume.
   */
  drain?: AbortSignal;
  /** How long a draining trial may take to finish its epoch before it stops at the next batch. @defaultValue 10000 */
  drainGraceMs?: number;
  /** Bound on each Redis step of handing a trial back while the worker stops. @defaultValue 2000 */
  redisStepMs?: number;
  log?: (line: string) => void;
  /**
   * Called when this trial has started and again when it has ended: the moments its stage may
   * have run out of trials to start, so the next stage can be started early (worker/next-stage.ts).
   */
  onStageMayAdvance?: (studyId: string, stage: number, ending: boolean) => Promise<unknown>;
  /** Where the trial trains: a pool of training threads, or this thread. @defaultValue inProcessRunner */
  runner?: TrialRunner;
}

const CANCELLABLE = new Set<StudyRecord['state']>(['cancelled', 'failed']);

export async function processTrainJob(deps: TrainProcessorDeps, job: Job<TrainJobData>, token?: string): Promise<TrainJobResult> {
  const { store, status } = deps;
  const { studyId, trialId } = job.data;
  const study = await store.getStudy(studyId);
  const stored = study ? await store.getTrial(studyId, trialId) : null;
  if (!study || !stored) throw new UnrecoverableError(`study ${studyId} or its trial ${trialId} no longer exists`);
  if (isFinishedTrial(stored)) return resultOf(stored);
  if (CANCELLABLE.has(study.state)) return resultOf(await finish(store, stored, { status: 'cancelled', stopReason: `study ${study.state} before the trial started` }));

  if (deps.drain?.aborted) return requeue(deps, job, token, stored);

  const spec = study.spec;
  const checkpointBytes = await store.artifacts.loadCheckpoint(studyId, trialId);
  // Exactly-once epochs: trainTrial records an epoch (onEpoch) before it checkpoints it, so a crash
  // in between replays that epoch from the previous checkpoint. The replay is deterministic (same
  // weights, same data order) and recordEpoch keeps the first copy, so the stream sees it once.
  const resume = checkpointBytes ? decodeCheckpoint(checkpointBytes) : undefined;
  // A promoted trial starts from its parent's checkpoint: that is its start, not a resume.
  const resumedFromEpoch = resume && resume.epoch !== (stored.promotedFrom?.epoch ?? null) ? resume.epoch : null;

  const start = { backend: status.backend, host: status.host, resumedFromEpoch, now: new Date().toISOString() };
  let trial = await store.updateTrial(studyId, trialId, (t) => startTrial(t, start));
  if (study.state === 'queued') await store.updateStudy(studyId, markStudyRunning);
  const from = stored.promotedFrom ? `, continuing ${stored.promotedFrom.trialId} after epoch ${stored.promotedFrom.epoch}` : '';
  await deps.onStageMayAdvance?.(studyId, trial.stage, false).catch(() => {});
  deps.log?.(`trial ${studyId}/${trialId} started (${describeConfig(trial)})${resumedFromEpoch !== null ? `, resuming after epoch ${resumedFromEpoch}` : from}`);
  const pruner = prunerOf(spec);
  // A worker killed after checkpointing an epoch but before reporting it to the pruner's table left
  // that epoch out of the table, and the resumed trial does not train it again: report the resumed
  // epochs once more (tables are keyed by trial, so an epoch already there is only rewritten).
  // A promoted trial's inherited epochs are its parent's, not its own: they are left out.
  if (resume && resumedFromEpoch !== null && pruner.type !== 'none') {
    const own = resume.history.filter((m) => m.epoch > (stored.promotedFrom?.epoch ?? 0));
    for (const m of own) {
      const value = bestSoFar(resume.history.filter((h) => h.epoch <= m.epoch), spec.objective);
      if (value !== null) await store.pruneTables.reportAndRead(studyId, m.epoch, trialId, value);
    }
  }

  const abort = new AbortController();
  const poll = setInterval(() => {
    store
      .getStudy(studyId)
      .then((s) => {
        if (!s || CANCELLABLE.has(s.state)) abort.abort();
      })
      .catch(() => {});
  }, deps.cancelPollMs ?? 1000);
  status.setTrial(`${studyId}/${trialId}`, { studyId, trialId, epoch: resume?.epoch ?? 0 });
  let drained = false;
  // Stopping worker: the epoch in progress gets a grace to finish and checkpoint; after that the
  // trial stops at its next batch and resumes from its last checkpoint (that epoch is retrained).
  let graceTimer: NodeJS.Timeout | undefined;
  const onDrain = () => {
    graceTimer = setTimeout(() => {
      if (abort.signal.aborted) return;
      drained = true;
      abort.abort();
    }, deps.drainGraceMs ?? 10_000);
  };
  deps.drain?.addEventListener('abort', onDrain, { once: true });

  try {
    const history: EpochMetrics[] = resume ? [...resume.history] : [];
    const runner = deps.runner ?? inProcessRunner;
    let stageConfigs: Promise<(runId: string) => string> | undefined;
    const outcome = await runner.run(
      {
        dataset: spec.dataset,
        model: spec.model,
        config: trial.config,
        epochs: trial.epochs,
        seed: trial.seed,
        splitSeed: spec.seed,
        trainSamples: spec.data.trainSamples,
        valSamples: spec.data.valSamples,
        augmentation: spec.data.augmentation,
        earlyStopping: spec.earlyStopping,
        resume,
        evaluateTest: true,
        prune: pruner.type !== 'none',
        keepFinalWeights: spec.keepWeights === true,
      },
      {
        signal: abort.signal,
        onEpoch: async (metrics, decision) => {
          history.push(metrics);
          const bestAt = history.find((m) => m.epoch === decision.bestEpoch) ?? null;
          await store.events.recordEpoch(studyId, trialId, metrics, {
            type: 'epoch',
            studyId,
            trialId,
            stage: trial.stage,
            metrics,
            epochsSinceBest: decision.epochsSinceBest,
            patience: spec.earlyStopping.patience,
          });
          trial = await store.updateTrial(studyId, trialId, (t) => recordTrialEpoch(t, metrics, decision, bestAt, spec.objective));
          status.setSpeed(metrics.samplesPerSec);
          status.setTrial(`${studyId}/${trialId}`, { studyId, trialId, epoch: metrics.epoch });
          await job.updateProgress({ epoch: metrics.epoch, epochs: trial.epochs });
        },
        onCheckpoint: async (checkpoint) => {
          await store.artifacts.saveCheckpoint(studyId, trialId, await encodeCheckpoint(checkpoint));
          // keepWeights: each epoch's weights stay after the checkpoint is gone (loss landscapes project them).
          if (spec.keepWeights) await store.artifacts.saveWeights(studyId, trialId, checkpoint.epoch, checkpoint.weights);
          if (deps.drain?.aborted && !abort.signal.aborted) {
            drained = true;
            abort.abort(); // stops before the next epoch; this one is recorded and checkpointed
          }
        },
        // The pruner judges the trial against the study's table for this epoch (it reports its own value first).
        shouldPrune: async (metrics, hist) => {
          const value = bestSoFar(hist, spec.objective);
          if (value === null) return null;
          // Configurations, not runs, are judged: with repeats, a run stands for its configuration's aggregate.
          const table = await store.pruneTables.reportAndRead(studyId, metrics.epoch, trialId, value);
          // The stage's runs are all written when it is planned: read their configurations once per job.
          stageConfigs ??= trial.configId ? configurationsOfStage(store, studyId, trial.stage) : Promise.resolve((id: string) => id);
          const configOf = await stageConfigs;
          const standing = configurationStanding(table, trialId, configOf, aggregateOf(spec.objective));
          const verdict = pruneVerdict({ pruner, metric: spec.objective.metric, mode: spec.objective.mode, epoch: metrics.epoch, epochs: trial.epochs, value: standing.value, peers: standing.peers, peerNoun: trial.configId ? 'configuration' : 'trial' });
          if (!verdict.prune) return null;
          return trial.configId ? `configuration ${trial.configId} (${aggregateOf(spec.objective)} of ${standing.runs} run${standing.runs === 1 ? '' : 's'}): ${verdict.reason}` : verdict.reason;
        },
        // keepWeights: the final weights (the best epoch's under restoreBest), the centre of a landscape.
        onFinalWeights: (bytes) => store.artifacts.saveWeights(studyId, trialId, 'final', bytes),
      },
    );
    if (drained && outcome.status === 'cancelled') return await requeue(deps, job, token, trial);

    const finished = await finish(store, trial, {
      status: outcome.status,
      stopReason: outcome.reason,
      epochsDone: outcome.epochsDone,
      bestEpoch: outcome.bestEpoch,
      bestMetrics: outcome.bestMetrics,
      bestMetric: outcome.bestMetrics ? objectiveValue(outcome.bestMetrics, spec.objective) : null,
      test: outcome.test,
    });
    // A trial that trained its whole budget may be promoted into the next stage: its checkpoint
    // stays until that stage is planned (the stage job deletes it then).
    const next = spec.stages[trial.stage + 1];
    if (!(finished.status === 'completed' && next && next.promote !== false)) await store.artifacts.deleteCheckpoint(studyId, trialId);
    const how = `${outcome.step} step${outcome.threads > 1 ? ` on ${outcome.threads} threads` : ''}`;
    deps.log?.(`trial ${studyId}/${trialId} ${finished.status}${finished.stopReason ? `: ${finished.stopReason}` : ''} (${how})`);
    await deps.onStageMayAdvance?.(studyId, finished.stage, true).catch(() => {});
    return resultOf(finished);
  } catch (err) {
    if (err instanceof WaitingError) throw err; // handed back to the queue, not a failure
    const message = err instanceof Error ? err.message : String(err);
    const lastAttempt = err instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    deps.log?.(`trial ${studyId}/${trialId} error${lastAttempt ? '' : ' (will retry)'}: ${message}`);
    if (lastAttempt) await finish(store, trial, { status: 'failed', stopReason: `error: ${message}` }).catch(() => {});
    throw err;
  } finally {
    clearInterval(poll);
    clearTimeout(graceTimer);
    deps.drain?.removeEventListener('abort', onDrain);
    status.setTrial(`${studyId}/${trialId}`, null);
  }
}

/** Writes the trial's final state and its `trial-finished` event together. */
async function finish(store: StudyStore, trial: TrialRecord, patch: Partial<TrialRecord> & Pick<TrialRecord, 'status'>): Promise<TrialRecord> {
  return store.updateTrial(trial.studyId, trial.id, (t) => endTrial(t, patch, new Date().toISOString()));
}

/** Puts the trial back in the queue (not failed, not retried): another worker resumes it from its checkpoint. */
async function requeue(deps: TrainProcessorDeps, job: Job<TrainJobData>, token: string | undefined, trial: TrialRecord): Promise<never> {
  const stepMs = deps.redisStepMs ?? 2000;
  try {
    await withDeadline(
      deps.store.updateTrial(trial.studyId, trial.id, requeueTrial),
      stepMs,
      'marking the trial queued',
    );
    await withDeadline(job.moveToWait(token), stepMs, 'moving the job back to the queue');
    deps.log?.(`trial ${trial.studyId}/${trial.id} handed back to the queue after epoch ${trial.epochsDone} (worker stopping)`);
  } catch (err) {
    // Redis is away: the job keeps its lock until it expires, then BullMQ's stall check hands it
    // to another worker, which resumes from the last checkpoint. Nothing recorded is lost.
    deps.log?.(`trial ${trial.studyId}/${trial.id} left for stall recovery after epoch ${trial.epochsDone} (${(err as Error).message})`);
  }
  throw new WaitingError();
}

/** Run id → configuration id for a stage's runs (a run not found is its own configuration). */
async function configurationsOfStage(store: StudyStore, studyId: string, stage: number): Promise<(runId: string) => string> {
  const byRun = new Map((await store.listTrials(studyId)).filter((t) => t.stage === stage).map((t) => [t.id, configIdOf(t)]));
  return (id) => byRun.get(id) ?? id;
}

const resultOf = (t: TrialRecord): TrainJobResult => ({ trialId: t.id, status: t.status, bestMetric: t.bestMetric });

function describeConfig(t: TrialRecord): string {
  const c = t.config;
  return `${c.optimizer} lr=${c.learningRate.toExponential(2)} batch=${c.batchSize}, ${t.epochs} epoch(s)`;
}
