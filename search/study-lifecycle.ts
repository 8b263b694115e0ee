// A study's lifecycle as pure steps: start, start running, plan and enter the next stage, finish,
// cancel. Each takes the study as stored (and what the step needs) and returns its next record,
// trials to write with it and the events that announce it (a StudyChange), or null when the step
// has nothing to do, e.g. a study that already ended. The API's study service and the stage and
// train jobs only load, call these and save (store.updateStudy runs a step inside its WATCH
// transaction), so each rule is written once and tested without Redis
// (tests/search/study-lifecycle.test.ts).
import type { StageRecord, StudyChange, StudyEvent, StudyRecord, StudySpec, TrialRecord } from '../types/index.js';
import { isTerminalStudyState, OPTIMIZERS } from '../types/index.js';
import { configIdOf, freshSeedOffset, stageRepeats } from './configurations.js';
import { planStage } from './plan-stage.js';
import { bestSummary } from './rank.js';
import { refineSpace } from './refine.js';
import { hullSpace, refineConditional, refinePerOptimizer, spacesByOptimizer } from './per-optimizer.js';
import { isKeepableTrial } from './trial-lifecycle.js';

/** False when the study is gone, cancelled or failed: nothing more may be planned for it. */
export const isAdvancing = (s: StudyRecord | null): s is StudyRecord => s !== null && s.state !== 'cancelled' && s.state !== 'failed';

/** A new study, queued with its first stage planned: the record, the stage's trials and the opening events. */
export function startStudy(id: string, spec: StudySpec, now: string): Required<StudyChange> {
  const first = planStage(id, spec, 0, spec.space, now);
  const study: StudyRecord = {
    id,
    spec,
    state: 'queued',
    stages: [first.stage],
    currentStage: 0,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
    error: null,
    best: null,
  };
  return {
    study,
    trials: first.trials,
    events: [
      { type: 'study-state', studyId: id, state: 'queued', message: `study "${spec.name}" queued with ${spec.stages.length} stage(s)` },
      { type: 'stage-started', studyId: id, stage: 0, trialIds: first.stage.trialIds, space: first.stage.space, epochs: first.stage.epochs, ...(first.stage.spaces ? { spaces: first.stage.spaces } : {}) },
    ],
  };
}

/** Its first trial has started: a queued study is running. */
export function markStudyRunning(s: StudyRecord): StudyChange | null {
  return s.state !== 'queued' ? null : { study: { ...s, state: 'running' }, events: [{ type: 'study-state', studyId: s.id, state: 'running' }] };
}

/** Cancelled by request: the study and every stage it had not completed say cancelled (its queued trials: cancelQueuedTrial). */
export function cancelStudy(s: StudyRecord, now: string): StudyChange | null {
  if (isTerminalStudyState(s.state)) return null;
  const cancelStage = (st: StageRecord): StageRecord => (st.state === 'completed' ? st : { ...st, state: 'cancelled' });
  return {
    study: { ...s, state: 'cancelled', finishedAt: now, stages: s.stages.map(cancelStage) },
    events: [{ type: 'study-state', studyId: s.id, state: 'cancelled', message: 'cancelled by request' }],
  };
}

export interface StudyEnd {
  state: 'completed' | 'failed';
  /** Every trial of the study (the best configurations come from all of them). */
  trials: readonly TrialRecord[];
  error: string | null;
  /** The stage whose end ends the study, and its trials best first. */
  stage: number;
  ranked: readonly TrialRecord[];
  now: string;
}

/** The study ends (its last stage done, or a stage left nothing to keep): its best configurations, and every stage up to `stage` completed. */
export function finishStudy(s: StudyRecord, { state, trials, error, stage, ranked, now }: StudyEnd): StudyChange | null {
  if (isTerminalStudyState(s.state)) return null;
  const best = bestSummary(trials, s.spec.objective);
  return {
    study: {
      ...s,
      state,
      error,
      best,
      finishedAt: now,
      // Every stage up to this one is done (an earlier one's own job may not have run yet).
      stages: s.stages.map((st) => (st.index <= stage ? { ...st, state: 'completed' as const } : st)),
    },
    events: [
      { type: 'stage-finished', studyId: s.id, stage, ranking: ranked.map((t) => t.id), nextSpace: null },
      { type: 'study-finished', studyId: s.id, state, best },
    ],
  };
}

export type StagePlan = ReturnType<typeof planStage>;

/**
 * The stage after `stage`: its space narrowed by the study's refine mode around the kept
 * configurations, and its trials, promotions first. `ranked` are the stage's configurations best
 * first (rankConfigurations: with repeats, one representative each); `runs` the stage's trials,
 * where a promoted configuration's repeats are found (without repeats, `ranked` itself).
 */
export function planNextStage(study: StudyRecord, stage: number, ranked: readonly TrialRecord[], now: string, runs: readonly TrialRecord[] = ranked): StagePlan {
  const spec = study.spec;
  const next = stage + 1;
  const nextSpec = spec.stages[next]!;
  const finished = study.stages[stage]!;
  const keepable = ranked.filter(isKeepableTrial);
  const kept = keepable.slice(0, nextSpec.keepTop ?? 1);
  const mode = spec.refine ?? 'global';
  if (nextSpec.confirm) {
    // The best configurations again, from scratch, on seeds no stage has used (configurations.ts).
    const chosen = mode === 'per-optimizer' ? OPTIMIZERS.flatMap((o) => keepable.filter((t) => t.config.optimizer === o).slice(0, nextSpec.keepTop ?? 1)) : kept;
    const configs = chosen.map((t) => t.config);
    return planStage(study.id, spec, next, refineSpace(finished.space, configs), now, { configs, seedOffset: freshSeedOffset(spec, next) });
  }
  // Promotion: kept configurations that trained their whole budget continue from their checkpoints
  // (an early-stopped one has said it is done; one already at this stage's epochs has nothing to add).
  // A configuration continues repeat by repeat, so only into a stage with as many seeds.
  const samePairs = stageRepeats(spec, stage) === stageRepeats(spec, next);
  const promotable = nextSpec.promote === false || !samePairs ? [] : kept.filter((t) => t.status === 'completed' && t.epochsDone < nextSpec.epochs).slice(0, nextSpec.trials);
  const promoted = promotable.flatMap((rep) => runs.filter((t) => configIdOf(t) === configIdOf(rep)));
  switch (mode) {
    case 'per-optimizer': {
      // Each optimizer narrows around its own best keepTop trials (search/per-optimizer.ts).
      const spaces = refinePerOptimizer(finished.spaces ?? spacesByOptimizer(finished.space), keepable, nextSpec.keepTop ?? 1);
      return planStage(study.id, spec, next, hullSpace(spaces), now, { optimizerSpaces: spaces, promoted });
    }
    case 'conditional': {
      const refined = refineConditional(finished.spaces ?? spacesByOptimizer(finished.space), kept);
      return planStage(study.id, spec, next, hullSpace(refined.spaces), now, { optimizerSpaces: refined.spaces, slots: refined.slots, promoted });
    }
    case 'global':
      return planStage(study.id, spec, next, refineSpace(finished.space, kept.map((t) => t.config)), now, { promoted });
    default: {
      const never: never = mode;
      throw new TypeError(`unknown refine mode ${String(never)}`);
    }
  }
}

export interface StageAdvance {
  stage: number;
  /** The stage's trials that count, best first (its ranking in the stage-finished event). */
  ranked: readonly TrialRecord[];
  /** The next stage as planned, or null when it had been written already. */
  plan: StagePlan | null;
  /** The barrier (every trial of `stage` ended): `stage` is completed too. False when the next stage starts early. */
  complete: boolean;
}

/**
 * Enters stage `stage + 1` with `plan` unless a next stage is already written (then, at the
 * barrier, only marks `stage` completed). Whoever writes first wins; the others change nothing.
 */
export function advanceStage(s: StudyRecord, { stage, ranked, plan, complete }: StageAdvance): StudyChange | null {
  if (!isAdvancing(s)) return null;
  const next = stage + 1;
  const done = complete && s.stages[stage]?.state !== 'completed';
  const stages = done ? s.stages.map((st) => (st.index === stage ? { ...st, state: 'completed' as const } : st)) : s.stages;
  const finished = (nextSpace: StageRecord['space'] | null): StudyEvent => ({ type: 'stage-finished', studyId: s.id, stage, ranking: ranked.map((t) => t.id), nextSpace });
  if (s.stages[next] || !plan) return done ? { study: { ...s, stages }, events: [finished(s.stages[next]?.space ?? null)] } : null;
  // Each optimizer's own space goes with it, so a page watching live shades them (not only the hull).
  const started: StudyEvent = { type: 'stage-started', studyId: s.id, stage: next, trialIds: plan.stage.trialIds, space: plan.stage.space, epochs: plan.stage.epochs, ...(plan.stage.spaces ? { spaces: plan.stage.spaces } : {}) };
  return {
    study: { ...s, state: 'running', stages: [...stages, plan.stage], currentStage: next },
    trials: plan.trials,
    events: done ? [finished(plan.stage.space), started] : [started],
  };
}

/** "3 diverged (e.g. loss NaN at epoch 1), 1 failed (e.g. error: …)": why a stage has nothing to keep. */
export function summarizeFailures(trials: readonly TrialRecord[]): string {
  const byStatus = new Map<string, TrialRecord[]>();
  for (const t of trials) byStatus.set(t.status, [...(byStatus.get(t.status) ?? []), t]);
  return [...byStatus.entries()].map(([status, ts]) => `${ts.length} ${status}${ts[0]?.stopReason ? ` (e.g. ${ts[0].stopReason})` : ''}`).join(', ');
}
