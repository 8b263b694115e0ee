// What the API does to studies beyond reading them: create (validate, plan stage 1, store, queue),
// cancel and delete. Validation happens before anything is written, and the study with its first
// stage is written in one MULTI, so a rejected or failed request leaves no half-written study.
// Cancel and delete are whole: a cancelled study's stages and queued trials say cancelled too, and
// a deleted study leaves no key and no job behind, its landscapes' included.
import { randomBytes } from 'node:crypto';
import type { StageProgress, StudyRecord, StudySpec, TrialRecord } from '../types/index.js';
import { cancelStudy as cancelStudyRecord, startStudy } from '../search/study-lifecycle.js';
import { cancelQueuedTrial } from '../search/trial-lifecycle.js';
import { stageState, tallyTrials } from '../search/stage-progress.js';
import { plannedRuns } from '../search/configurations.js';
import { StudyNotFoundError, type StudyStore } from '../store/study-store.js';
import { enqueueStage, removeStudyJobs, type Queues, type StudyJobs } from '../store/queues.js';

export interface StudyServiceDeps {
  store: StudyStore;
  queues: Queues;
  /**
   * How long DELETE waits for the study's running jobs to stop (a trial stops within about a
   * second of its study going, a landscape within a row) so that it can remove them too.
   * @defaultValue 15000 (DELETE_WAIT_MS)
   */
  deleteWaitMs?: number;
}

export const DELETE_WAIT_MS = 15_000;

export function newStudyId(): string {
  return randomBytes(6).toString('hex');
}

export async function createStudy({ store, queues }: StudyServiceDeps, spec: StudySpec): Promise<StudyRecord> {
  const id = newStudyId();
  const { study, trials, events } = startStudy(id, spec, new Date().toISOString());
  await store.createStudy(study, trials, events);
  try {
    await enqueueStage(queues, id, 0, study.stages[0]!.trialIds);
  } catch (err) {
    // Queueing failed: take the study back out rather than leave one nothing will ever run.
    await store.deleteStudy(id).catch(() => {});
    throw err;
  }
  return study;
}

/**
 * Cancels a study: it turns `cancelled` at once with every stage it had not completed, queued
 * trials are removed and marked cancelled, running trials stop between batches (their loop polls
 * the study state) and end `cancelled`. Finished results stay. Stages never planned have no
 * record; the API and the dashboard show them `cancelled` too (search/stage-progress.ts).
 */
export async function cancelStudy({ store, queues }: StudyServiceDeps, studyId: string): Promise<StudyRecord> {
  const now = new Date().toISOString();
  const study = await store.updateStudy(studyId, (s) => cancelStudyRecord(s, now));
  const trials = await store.listTrials(studyId);
  await removeStudyJobs(queues, studyId, { stages: study.stages.map((st) => st.index), trialIds: trials.map((t) => t.id), landscapeIds: [] });
  for (const t of trials.filter((t) => t.status === 'queued')) await store.updateTrial(studyId, t.id, (cur) => cancelQueuedTrial(cur, now));
  return study;
}

/**
 * Deletes a study with every one of its keys and jobs. Its record goes first, so from then on it
 * reads as not found, its running trials and landscapes stop by themselves and write nothing.
 * Jobs are removed as soon as they are not running; DELETE waits up to `deleteWaitMs` for the
 * running ones to stop. Throws StudyNotFoundError (a 404) when the study is already gone.
 */
export async function deleteStudy({ store, queues, deleteWaitMs = DELETE_WAIT_MS }: StudyServiceDeps, studyId: string): Promise<void> {
  if (!(await store.hideStudy(studyId))) throw new StudyNotFoundError(studyId);
  const deadline = Date.now() + deleteWaitMs;
  for (;;) {
    // Read afresh each time: a stage job running as the record went may have planned one more stage.
    const { left } = await removeStudyJobs(queues, studyId, await studyJobs(store, studyId));
    if (left === 0 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await store.deleteStudy(studyId);
}

/** The jobs a study may have, read from its trials and landscapes (its stages from its trials'). */
async function studyJobs(store: StudyStore, studyId: string): Promise<StudyJobs> {
  const [trials, landscapes] = await Promise.all([store.listTrials(studyId), store.landscapes.listLandscapes(studyId)]);
  return {
    stages: [...new Set(trials.map((t) => t.stage))],
    trialIds: trials.map((t) => t.id),
    landscapeIds: landscapes.map((l) => l.id),
  };
}


/** Per-stage counts for list and detail views: cancelled trials apart from the done ones (search/stage-progress.ts). */
export function stageProgress(study: StudyRecord, trials: TrialRecord[]): StageProgress[] {
  return study.spec.stages.map((spec, index) => {
    const tally = tallyTrials(trials.filter((t) => t.stage === index).map((t) => t.status));
    return { index, trials: plannedRuns(study.spec, index, study.stages[index]), epochs: spec.epochs, ...tally, state: stageState(study.stages[index]?.state ?? null, study.state, tally) };
  });
}
