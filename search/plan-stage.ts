// Turning a stage's search space into the records of its trials: a pure function, so the API
// (stage 1) and the stage workers (every later stage) plan stages the same way, and a stage
// planned twice (a re-delivered stage job) yields the same trials with the same ids. Under
// `refine: 'per-optimizer'` the trials are shared out evenly among the optimizers (per-optimizer.ts).
import type { SearchSpace, StageRecord, StudySpec, TrialRecord } from '../types/index.js';
import { sampleStageConfigs } from './sample.js';
import { samplePerOptimizer, spacesByOptimizer, type OptimizerSpaces } from './per-optimizer.js';

/** Trial ids are `s<stage>-t<index>`, e.g. `s0-t03`: stable, sortable, unique within a study. */
export function trialIdFor(stage: number, index: number): string {
  return `s${stage}-t${String(index).padStart(2, '0')}`;
}

export function planStage(
  studyId: string,
  spec: StudySpec,
  stage: number,
  space: SearchSpace,
  now: string,
  /** Under `refine: 'per-optimizer'`: each optimizer's space (default: `space` split by optimizer, as for stage 1). */
  optimizerSpaces?: OptimizerSpaces,
): { stage: StageRecord; trials: TrialRecord[] } {
  const stageSpec = spec.stages[stage];
  if (!stageSpec) throw new RangeError(`stage ${stage} does not exist (the study has ${spec.stages.length})`);
  const spaces = spec.refine === 'per-optimizer' ? (optimizerSpaces ?? spacesByOptimizer(space)) : undefined;
  const configs = spaces
    ? samplePerOptimizer(spaces, stageSpec.trials, spec.seed, stage, spec.model)
    : sampleStageConfigs(space, stageSpec.trials, spec.seed, stage, spec.model);
  const trials = configs.map((config, index): TrialRecord => ({
    id: trialIdFor(stage, index),
    studyId,
    stage,
    index,
    // Paired seeds: every trial of a study starts from the same initial weights and data order,
    // so differences between trials come from their configurations alone.
    seed: spec.seed,
    config,
    epochs: stageSpec.epochs,
    status: 'queued',
    epochsDone: 0,
    epochsSinceBest: 0,
    bestEpoch: null,
    bestMetric: null,
    bestMetrics: null,
    test: null,
    stopReason: null,
    backend: null,
    host: null,
    attempts: 0,
    resumedFromEpoch: null,
    createdAt: now,
    startedAt: null,
    finishedAt: null,
  }));
  return {
    stage: { index: stage, space, trialIds: trials.map((t) => t.id), epochs: stageSpec.epochs, state: 'queued', ...(spaces ? { spaces } : {}) },
    trials,
  };
}
