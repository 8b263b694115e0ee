// Starting a study's next stage: narrowing the space around the kept trials, planning its trials
// (promotions first), writing them, copying the promoted trials' state and queueing the stage.
// Two callers: the stage job, once every trial of a stage has finished (the barrier), and — so no
// worker idles while a stage's last trials run — `planNextStageEarly`, as soon as a stage has no
// trial left to start and enough finished ones to keep. Whoever writes the next stage first wins
// (one WATCH transaction); both then launch the stage *as written*, so a race between two workers
// can never copy the wrong parent into a promoted trial or queue trials that were not planned.
import type { StageRecord, StudyRecord, TrialRecord } from '../types/index.js';
import { rankConfigurations } from '../search/rank.js';
import { advanceStage, isAdvancing, planNextStage } from '../search/study-lifecycle.js';
import { isFinishedTrial, isKeepableTrial } from '../search/trial-lifecycle.js';
import type { StudyStore } from '../store/study-store.js';
import { enqueueStage, removeStudyJobs, type Queues } from '../store/queues.js';

export interface NextStageDeps {
  store: StudyStore;
  queues: Queues;
  log?: (line: string) => void;
}

/**
 * Writes stage `stage + 1` planned from `ranked` (the stage's configurations that count, best
 * first; `runs` their trials), unless it exists already. `complete`: the barrier call, which also
 * marks `stage` completed.
 */
export async function writeNextStage(store: StudyStore, study: StudyRecord, stage: number, ranked: TrialRecord[], complete: boolean, runs: readonly TrialRecord[]): Promise<void> {
  const plan = study.stages[stage + 1] ? null : planNextStage(study, stage, ranked, new Date().toISOString(), runs);
  await store.updateStudy(study.id, (s) => advanceStage(s, { stage, ranked, plan, complete }));
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
  if (!isAdvancing(study) || !record) return false;
  const trials = (await store.listTrials(studyId)).filter((t) => t.stage === next);
  for (const t of trials) {
    if (t.promotedFrom) await store.artifacts.copyTrialState(studyId, t.promotedFrom.trialId, t.id);
  }
  await enqueueStage(queues, studyId, next, record.trialIds);
  if (!isAdvancing(await store.getStudy(studyId))) {
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
  const [workers, active, waiting] = await Promise.all([deps.store.workers.listWorkers(), deps.queues.train.getActiveCount(), deps.queues.train.getWaitingCount()]);
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
  // A confirm stage retrains every optimizer's best: it waits for the barrier, when all are known.
  if (!isAdvancing(study) || next >= study.spec.stages.length || study.stages[next] || study.spec.stages[next]!.confirm) return false;
  const own = (await deps.store.listTrials(studyId)).filter((t) => t.stage === stage);
  if (own.some((t) => t.status === 'queued') || own.every(isFinishedTrial)) return false; // something to start yet, or the barrier is here
  if (!(await aSlotIsFree(deps, ending))) return false;
  // Configurations whose runs have all finished (a configuration of one run: that run).
  const ranked = rankConfigurations(own, study.spec.objective).filter(isFinishedTrial);
  if (ranked.filter(isKeepableTrial).length < (study.spec.stages[next]!.keepTop ?? 1)) return false;
  await writeNextStage(deps.store, study, stage, ranked, false, own);
  const launched = await launchStage(deps, studyId, next);
  if (launched) deps.log?.(`study ${studyId}: stage ${next + 1} queued early, around the best of ${ranked.length} finished of ${own.length} trials of stage ${stage + 1}`);
  return launched;
}
