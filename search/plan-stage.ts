// Turning a stage's search space into the records of its trials: a pure function, so the API
// (stage 1) and the stage workers (every later stage) plan stages the same way, and a stage
// planned twice (a re-delivered stage job) yields the same trials with the same ids. Under
// `refine: 'per-optimizer'` the trials are shared out evenly among the optimizers (per-optimizer.ts);
// under `conditional` among the kept trials' optimizers. Promoted trials (the previous stage's best,
// continuing from their checkpoint) take the first slots; fresh samples fill the rest.
import type { OptimizerName, SearchSpace, StageRecord, StudySpec, TrialConfig, TrialRecord } from '../types/index.js';
import { sampleStageConfigs } from './sample.js';
import { samplePerOptimizer, spacesByOptimizer, type OptimizerSpaces } from './per-optimizer.js';

/** Trial ids are `s<stage>-t<index>`, e.g. `s0-t03`: stable, sortable, unique within a study. */
export function trialIdFor(stage: number, index: number): string {
  return `s${stage}-t${String(index).padStart(2, '0')}`;
}

export interface PlanOptions {
  /**
   * Each optimizer's own space. Under `refine: 'per-optimizer'` the default is `space` split by
   * optimizer (as for stage 1); under `conditional` the stage processor passes the kept optimizers'.
   */
  optimizerSpaces?: OptimizerSpaces;
  /** Which optimizer each fresh trial samples, cycled (samplePerOptimizer's slots). */
  slots?: readonly OptimizerName[];
  /**
   * Trials of the previous stage that continue in this one (promotion): they take the first
   * slots, keep their config and take over their history; the rest are fresh samples.
   */
  promoted?: readonly TrialRecord[];
}

/** The record of one slot of a stage: a fresh trial, or one continuing `parent`. */
function trialRecord(studyId: string, spec: StudySpec, stage: number, index: number, config: TrialConfig, now: string, parent?: TrialRecord): TrialRecord {
  return {
    id: trialIdFor(stage, index),
    studyId,
    stage,
    index,
    // Paired seeds: every trial of a study starts from the same initial weights and data order,
    // so differences between trials come from their configurations alone.
    seed: spec.seed,
    config,
    epochs: spec.stages[stage]!.epochs,
    status: 'queued',
    epochsDone: parent?.epochsDone ?? 0,
    epochsSinceBest: parent?.epochsSinceBest ?? 0,
    bestEpoch: parent?.bestEpoch ?? null,
    bestMetric: parent?.bestMetric ?? null,
    bestMetrics: parent?.bestMetrics ?? null,
    test: null,
    stopReason: null,
    backend: null,
    host: null,
    attempts: 0,
    resumedFromEpoch: null,
    promotedFrom: parent ? { trialId: parent.id, stage: parent.stage, epoch: parent.epochsDone } : null,
    createdAt: now,
    startedAt: null,
    finishedAt: null,
  };
}

export function planStage(studyId: string, spec: StudySpec, stage: number, space: SearchSpace, now: string, options: PlanOptions = {}): { stage: StageRecord; trials: TrialRecord[] } {
  const stageSpec = spec.stages[stage];
  if (!stageSpec) throw new RangeError(`stage ${stage} does not exist (the study has ${spec.stages.length})`);
  const promoted = (options.promoted ?? []).slice(0, stageSpec.trials);
  const spaces = options.optimizerSpaces ?? (spec.refine === 'per-optimizer' ? spacesByOptimizer(space) : undefined);
  const fresh = stageSpec.trials - promoted.length;
  const configs = spaces
    ? samplePerOptimizer(spaces, fresh, spec.seed, stage, spec.model, options.slots)
    : sampleStageConfigs(space, fresh, spec.seed, stage, spec.model);
  const trials = [
    ...promoted.map((parent, index) => trialRecord(studyId, spec, stage, index, parent.config, now, parent)),
    ...configs.map((config, i) => trialRecord(studyId, spec, stage, promoted.length + i, config, now)),
  ];
  return {
    stage: { index: stage, space, trialIds: trials.map((t) => t.id), epochs: stageSpec.epochs, state: 'queued', ...(spaces ? { spaces } : {}) },
    trials,
  };
}
