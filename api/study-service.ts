// What the API does to studies beyond reading them: create (validate, plan stage 1, store, queue),
// cancel and delete. Validation happens before anything is written, and the study with its first
// stage is written in one MULTI, so a rejected or failed request leaves no half-written study.
import { randomBytes } from 'node:crypto';
import type { StageProgress, StudyEvent, StudyRecord, StudySpec, TrialRecord } from '../types/index.js';
import { trialFinishedEvent } from '../store/study-events.js';
import { FINISHED_TRIAL_STATES } from '../types/index.js';
import { planStage } from '../search/plan-stage.js';
import type { StudyStore } from '../store/study-store.js';
import { enqueueStage, removeStudyJobs, type Queues } from '../store/queues.js';

export interface StudyServiceDeps {
  store: StudyStore;
  queues: Queues;
}

export function newStudyId(): string {
  return randomBytes(6).toString('hex');
}

export async function createStudy({ store, queues }: StudyServiceDeps, spec: StudySpec): Promise<StudyRecord> {
  const id = newStudyId();
  const now = new Date().toISOString();
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
  const events: StudyEvent[] = [
    { type: 'study-state', studyId: id, state: 'queued', message: `study "${spec.name}" queued with ${spec.stages.length} stage(s)` },
    { type: 'stage-started', studyId: id, stage: 0, trialIds: first.stage.trialIds, space: first.stage.space, epochs: first.stage.epochs },
  ];
  await store.createStudy(study, first.trials, events);
  try {
    await enqueueStage(queues, id, 0, first.stage.trialIds);
  } catch (err) {
    // Queueing failed: take the study back out rather than leave one nothing will ever run.
    await store.deleteStudy(id).catch(() => {});
    throw err;
  }
  return study;
}

const isTerminal = (s: StudyRecord['state']) => s === 'completed' || s === 'cancelled' || s === 'failed';

/**
 * Cancels a study: it turns `cancelled` at once, queued trials are removed and marked cancelled,
 * running trials stop between batches (their loop polls the study state). Finished results stay.
 */
export async function cancelStudy({ store, queues }: StudyServiceDeps, studyId: string): Promise<StudyRecord> {
  const now = new Date().toISOString();
  const study = await store.updateStudy(studyId, (s) =>
    isTerminal(s.state)
      ? null
      : {
          study: { ...s, state: 'cancelled', finishedAt: now },
          events: [{ type: 'study-state', studyId, state: 'cancelled', message: 'cancelled by request' }],
        },
  );
  const trials = await store.listTrials(studyId);
  await removeStudyJobs(queues, studyId, trials.map((t) => t.id), study.stages.length);
  for (const t of trials.filter((t) => t.status === 'queued')) {
    await store.updateTrial(studyId, t.id, (cur) =>
      cur.status !== 'queued'
        ? null
        : {
            trial: { ...cur, status: 'cancelled', stopReason: 'study cancelled before the trial started', finishedAt: now },
            events: [trialFinishedEvent({ ...cur, status: 'cancelled', stopReason: 'study cancelled before the trial started' })],
          },
    );
  }
  return study;
}

/** Deletes a study: its jobs (those not running) and every one of its keys. */
export async function deleteStudy({ store, queues }: StudyServiceDeps, studyId: string): Promise<void> {
  const study = await store.requireStudy(studyId);
  if (!isTerminal(study.state)) await cancelStudy({ store, queues }, studyId);
  const trials = await store.listTrials(studyId);
  await removeStudyJobs(queues, studyId, trials.map((t) => t.id), study.stages.length);
  await store.deleteStudy(studyId);
}


/** Per-stage counts for list and detail views. */
export function stageProgress(study: StudyRecord, trials: TrialRecord[]): StageProgress[] {
  return study.spec.stages.map((spec, index) => {
    const record = study.stages[index];
    const own = trials.filter((t) => t.stage === index);
    return {
      index,
      trials: spec.trials,
      epochs: spec.epochs,
      finished: own.filter((t) => FINISHED_TRIAL_STATES.includes(t.status)).length,
      running: own.filter((t) => t.status === 'running').length,
      state: record?.state ?? 'pending',
    };
  });
}
