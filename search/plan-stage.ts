// Turning a stage's search space into the records of its trials: a pure function, so the API
// (stage 1) and the stage workers (every later stage) plan stages the same way, and a stage
// planned twice (a re-delivered stage job) yields the same trials with the same ids. Under
// `refine: 'per-optimizer'` the trials are shared out evenly among the optimizers (per-optimizer.ts);
// under `conditional` among the kept trials' optimizers. Promoted trials (the previous stage's best,
// continuing from their checkpoint) take the first slots; fresh samples fill the rest.
// With `repeats: R` each slot is a configuration trained R times: trial index c·R + k is repeat k
// of configuration c, with repeat k's seed (search/configurations.ts), so seeds pair across the stage.
import type { OptimizerName, SearchSpace, StageRecord, StudySpec, TrialConfig, TrialRecord } from '../types/index.js';
import { configIdFor, groupConfigurations, repeatSeed, stageRepeats } from './configurations.js';
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
  /** Train these configurations instead of sampling (a `confirm` stage's: the previous stage's best). */
  configs?: readonly TrialConfig[];
  /** Repeat k trains with repeat (k + seedOffset)'s seed: a confirm stage's fresh seeds. Default 0. */
  seedOffset?: number;
}

/** Where a run sits: its slot's configuration and its repeat, the study's repeats and the seed offset. */
interface RunSlot {
  config: number;
  repeat: number;
  repeats: number;
  seedOffset: number;
}

/** The record of one slot of a stage: a fresh trial, or one continuing `parent`. */
function trialRecord(studyId: string, spec: StudySpec, stage: number, slot: RunSlot, config: TrialConfig, now: string, parent?: TrialRecord): TrialRecord {
  const index = slot.config * slot.repeats + slot.repeat;
  return {
    id: trialIdFor(stage, index),
    studyId,
    stage,
    index,
    // Paired seeds: repeat k of every trial of a study starts from the same initial weights and
    // data order, so differences between them come from their configurations alone.
    seed: repeatSeed(spec.seed, slot.repeat + slot.seedOffset),
    ...(slot.repeats > 1 ? { configId: configIdFor(stage, slot.config), repeat: slot.repeat } : {}),
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
  const repeats = stageRepeats(spec, stage);
  const seedOffset = options.seedOffset ?? 0;
  const promoted = groupConfigurations(options.promoted ?? []).slice(0, stageSpec.trials);
  const spaces = options.optimizerSpaces ?? (spec.refine === 'per-optimizer' ? spacesByOptimizer(space) : undefined);
  const fresh = stageSpec.trials - promoted.length;
  const configs = options.configs
    ? options.configs.slice(0, fresh)
    : spaces
      ? samplePerOptimizer(spaces, fresh, spec.seed, stage, spec.model, options.slots)
      : sampleStageConfigs(space, fresh, spec.seed, stage, spec.model);
  const runs = (config: number): RunSlot[] => Array.from({ length: repeats }, (_, repeat) => ({ config, repeat, repeats, seedOffset }));
  const trials = [
    // A promoted configuration's repeat k continues its parent's repeat k.
    ...promoted.flatMap((parents, c) => runs(c).map((slot) => trialRecord(studyId, spec, stage, slot, parents[slot.repeat]!.config, now, parents[slot.repeat]))),
    ...configs.flatMap((config, i) => runs(promoted.length + i).map((slot) => trialRecord(studyId, spec, stage, slot, config, now))),
  ];
  return {
    stage: { index: stage, space, trialIds: trials.map((t) => t.id), epochs: stageSpec.epochs, state: 'queued', ...(spaces ? { spaces } : {}) },
    trials,
  };
}
