// Starting a study's next stage: narrowing the space around the kept trials, planning its trials
// (promotions first), writing them, copying the promoted trials' state and queueing the stage.
// Two callers: the stage job, once every trial of a stage has finished (the barrier), and — so no
// worker idles while a stage's last trials run — `planNextStageEarly`, as soon as a stage has no
// trial left to start and enough finished ones to keep. Whoever writes the next stage first wins
// (one WATCH transaction); both then launch the stage *as written*, so a race between two workers
// can never copy the wrong parent into a promoted trial or queue trials that were not planned.
import type { StageRecord, StudyEvent, StudyRecord, TrialRecord } from '../types/index.js';
import { FINISHED_TRIAL_STATES } from '../types/index.js';
import { rankTrials } from '../search/rank.js';
import { refineSpace } from '../search/refine.js';
import { hullSpace, refineConditional, refinePerOptimizer, spacesByOptimizer } from '../search/per-optimizer.js';
import { planStage } from '../search/plan-stage.js';
import type { StudyStore } from '../store/study-store.js';
import { enqueueStage, removeStudyJobs, type Queues } from '../store/queues.js';

export interface NextStageDeps {
  store: StudyStore;
  queues: Queues;
  log?: (line: string) => void;
}

/** A trial a stage can keep: it ended by itself with a finite metric. */
export const usable = (t: TrialRecord) => (t.status === 'completed' || t.status === 'early-stopped') && t.bestMetric !== null && Number.isFinite(t.bestMetric);

/** False when the study is gone, cancelled or failed: nothing more may be planned for it. */
export const advancing = (s: StudyRecord | null): s is StudyRecord => s !== null && s.state !== 'cancelled' && s.state !== 'failed';

const isFinished = (t: TrialRecord) => FINISHED_TRIAL_STATES.includes(t.status);

/** The next stage's space (narrowed by the study's refine mode) and trials, promotions first. */
function planNext(study: StudyRecord, stage: number, ranked: TrialRecord[], now: string): ReturnType<typeof planStage> {
  const spec = study.spec;
  const next = stage + 1;
  const nextSpec = spec.stages[next]!;
  const finished = study.stages[stage]!;
  const usableRanked = ranked.filter(usable);
  const kept = usableRanked.slice(0, nextSpec.keepTop ?? 1);
  // Promotion: kept trials that trained their whole budget continue from their checkpoint (an
  // early-stopped one has said it is done; one already at this stage's epochs has nothing to add).
  const promoted = nextSpec.promote === false ? [] : kept.filter((t) => t.status === 'completed' && t.epochsDone < nextSpec.epochs).slice(0, nextSpec.trials);
  const mode = spec.refine ?? 'global';
  switch (mode) {
    case 'per-optimizer': {
      // Each optimizer narrows around its own best keepTop trials (search/per-optimizer.ts).
      const spaces = refinePerOptimizer(finished.spaces ?? spacesByOptimizer(finished.space), usableRanked, nextSpec.keepTop ?? 1);
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

/**
 * Writes stage `stage + 1` planned from `ranked` (the stage's trials that count, best first),
 * unless it exists already. `complete`: the barrier call, which also marks `stage` completed.
 */
export async function writeNextStage(store: StudyStore, study: StudyRecord, stage: number, ranked: TrialRecord[], complete: boolean): Promise<void> {
  const next = stage + 1;
  const plan = study.stages[next] ? null : planNext(study, stage, ranked, new Date().toISOString());
  const finishedEvent: StudyEvent = { type: 'stage-finished', studyId: study.id, stage, ranking: ranked.map((t) => t.id), nextSpace: null };
  await store.updateStudy(study.id, (s) => {
    if (!advancing(s)) return null;
    const done = complete && s.stages[stage]?.state !== 'completed';
    const stages = done ? s.stages.map((st) => (st.index === stage ? { ...st, state: 'completed' as const } : st)) : s.stages;
    if (s.stages[next] || !plan) {
      return done ? { study: { ...s, stages }, events: [{ ...finishedEvent, nextSpace: s.stages[next]?.space ?? null }] } : null;
    }
    const started: StudyEvent = { type: 'stage-started', studyId: s.id, stage: next, trialIds: plan.stage.trialIds, space: plan.stage.space, epochs: plan.stage.epochs };
    return {
      study: { ...s, state: 'running', stages: [...stages, plan.stage], currentStage: next },
      trials: plan.trials,
      events: done ? [{ ...finishedEvent, nextSpace: plan.stage.space }, started] : [started],
    };
  });
}

/**
 * Queues stage `next` as it is written: promoted trials first get copies of their parents' state
 * (never over their own), then the stage's jobs (derived ids: queueing twice adds nothing).
 * False when the study was cancelled meanwhile (its jobs are taken back out).
 */
export async function launchStage(deps: NextStageDeps, studyId: string, next: number): Promise<boolean> {
  const { store, queues } = deps;
  const study = await store.getStudy(studyId);
  const record: StageRecord | undefined = study?.stages[next];
  if (!advancing(study) || !record) return false;
  const trials = (await store.listTrials(studyId)).filter((t) => t.stage === next);
  for (const t of trials) {
    if (t.promotedFrom) await store.copyTrialState(studyId, t.promotedFrom.trialId, t.id);
  }
  await enqueueStage(queues, studyId, next, record.trialIds);
  if (!advancing(await store.getStudy(studyId))) {
    // Cancelled while the stage was being queued, perhaps after the cancel removed the study's jobs: take them back out.
    await removeStudyJobs(queues, studyId, { stages: [next], trialIds: record.trialIds, landscapeIds: [] });
    return false;
  }
  return true;
}

/**
 * Whether some worker slot has nothing to train: the live workers' slots (their heartbeats) against
 * the train jobs running and waiting. `ending`: the caller's own job is about to end (still active).
 */
async function aSlotIsFree(deps: NextStageDeps, ending: boolean): Promise<boolean> {
  const [workers, active, waiting] = await Promise.all([deps.store.listWorkers(), deps.queues.train.getActiveCount(), deps.queues.train.getWaitingCount()]);
  const slots = workers.reduce((n, w) => n + w.concurrency, 0);
  return slots > active - (ending ? 1 : 0) + waiting;
}

/**
 * Plans and queues the next stage before its barrier when stage `stage` has no trial left to
 * start while a worker slot is free, and at least keepTop of its trials have finished usable:
 * the next stage narrows around the best of those. Trials still running compete for the study's
 * best but not for this promotion. With one worker slot this never happens (nothing idles), so a
 * one-worker study is planned exactly as at the barrier. True when it started the next stage.
 */
export async function planNextStageEarly(deps: NextStageDeps, studyId: string, stage: number, ending: boolean): Promise<boolean> {
  const study = await deps.store.getStudy(studyId);
  const next = stage + 1;
  if (!advancing(study) || next >= study.spec.stages.length || study.stages[next]) return false;
  const own = (await deps.store.listTrials(studyId)).filter((t) => t.stage === stage);
  if (own.some((t) => t.status === 'queued') || own.every(isFinished)) return false; // something to start yet, or the barrier is here
  if (!(await aSlotIsFree(deps, ending))) return false;
  const ranked = rankTrials(own.filter(isFinished), study.spec.objective);
  if (ranked.filter(usable).length < (study.spec.stages[next]!.keepTop ?? 1)) return false;
  await writeNextStage(deps.store, study, stage, ranked, false);
  const launched = await launchStage(deps, studyId, next);
  if (launched) deps.log?.(`study ${studyId}: stage ${next + 1} queued early, around the best of ${ranked.length} finished of ${own.length} trials of stage ${stage + 1}`);
  return launched;
}
