// The `stage` job runs once every `train` job of its stage has finished (it is their BullMQ flow
// parent). It ranks the stage's trials, and either narrows the space around the best ones and
// queues the next stage (worker/next-stage.ts; the stage may have been started early already), or
// finishes the study with its best configurations. Re-running it is harmless: the next stage's
// trials and jobs have derived ids and are written once. A stage job whose earlier stage still
// trains (possible after early planning) waits for it, so the study never finishes under a
// running trial. A cancelled (or deleted) study stays so: a stage job that runs after the cancel,
// or while it lands, neither plans nor queues a next stage and never writes over the cancelled record.
import { DelayedError, type Job } from 'bullmq';
import type { StageJobData, StageJobResult } from '../types/index.js';
import { rankConfigurations } from '../search/rank.js';
import { finishStudy, isAdvancing, summarizeFailures } from '../search/study-lifecycle.js';
import { isFinishedTrial, isKeepableTrial } from '../search/trial-lifecycle.js';
import { StudyNotFoundError, type StudyStore } from '../store/study-store.js';
import type { Queues } from '../store/queues.js';
import { launchStage, writeNextStage } from './next-stage.js';

export interface StageProcessorDeps {
  store: StudyStore;
  queues: Queues;
  log?: (line: string) => void;
}

/** How long a stage job waits before it looks again at an earlier stage that is still running. */
export const STAGE_RECHECK_MS = 1000;

export async function processStageJob(deps: StageProcessorDeps, job: Job<StageJobData>, token?: string): Promise<StageJobResult> {
  try {
    const result = await advanceStudy(deps, job.data);
    if (result === 'wait') {
      // A stage started early finished before the stage it came from: look again shortly (no attempt used).
      await job.moveToDelayed(Date.now() + STAGE_RECHECK_MS, token);
      throw new DelayedError();
    }
    return result;
  } catch (err) {
    // Deleted while the stage was being ranked: nothing to advance.
    if (err instanceof StudyNotFoundError) return { studyId: job.data.studyId, stage: job.data.stage, next: 'cancelled' };
    throw err;
  }
}

async function advanceStudy(deps: StageProcessorDeps, { studyId, stage }: StageJobData): Promise<StageJobResult | 'wait'> {
  const { store } = deps;
  const cancelled: StageJobResult = { studyId, stage, next: 'cancelled' };
  const study = await store.getStudy(studyId);
  if (!isAdvancing(study)) return cancelled;
  // Finished by a later stage's job while this one waited to run (early planning): nothing left to do.
  if (study.state === 'completed') return { studyId, stage, next: 'done' };

  const spec = study.spec;
  const trials = await store.listTrials(studyId);
  if (trials.some((t) => t.stage < stage && !isFinishedTrial(t))) return 'wait';
  const own = trials.filter((t) => t.stage === stage);
  const ranked = rankConfigurations(own, spec.objective);
  const next = stage + 1;
  const hasNext = next < spec.stages.length;
  const kept = ranked.filter(isKeepableTrial).slice(0, spec.stages[next]?.keepTop ?? 1);

  if (kept.length === 0 && !study.stages[next]) {
    const reasons = summarizeFailures(own);
    const message = `every trial of stage ${stage + 1} ended without a usable result: ${reasons}`;
    await store.updateStudy(studyId, (s) => finishStudy(s, { state: 'failed', trials, error: message, stage, ranked, now: new Date().toISOString() }));
    deps.log?.(`study ${studyId} failed: ${message}`);
    return { studyId, stage, next: 'done' };
  }

  if (!hasNext) {
    await store.updateStudy(studyId, (s) => finishStudy(s, { state: 'completed', trials, error: null, stage, ranked, now: new Date().toISOString() }));
    deps.log?.(`study ${studyId} completed`);
    return { studyId, stage, next: 'done' };
  }

  const early = study.stages[next] !== undefined;
  await writeNextStage(store, study, stage, ranked, true, own);
  if (!(await launchStage(deps, studyId, next))) return cancelled;
  // The finished stage's checkpoints were kept for promotion; the promoted trials have their copies.
  for (const t of own) await store.artifacts.deleteCheckpoint(studyId, t.id);
  const planned = (await store.getStudy(studyId))?.stages[next];
  deps.log?.(`study ${studyId}: stage ${stage + 1} done; stage ${next + 1} ${early ? 'had been queued early' : 'queued'} with ${planned?.trialIds.length ?? 0} trial(s) around the best ${kept.length}`);
  return { studyId, stage, next: 'stage' };
}
