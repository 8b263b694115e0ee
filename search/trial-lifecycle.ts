// A trial's lifecycle as pure steps: each takes the trial as stored and returns its next record
// with the events that announce it (a TrialChange), or null when the step has nothing to do. The
// train job and the study service only load, call these and save (store.updateTrial runs a step
// inside its transaction), so what "started", "ended" or "handed back" means is written once, here,
// and unit-tested without Redis (tests/search/trial-lifecycle.test.ts).
import type { EpochMetrics, ObjectiveSpec, StopDecision, StudyEvent, TrialChange, TrialRecord, TrialState } from '../types/index.js';
import { FINISHED_TRIAL_STATES } from '../types/index.js';
import { objectiveValue } from './rank.js';

/** True once a trial has ended, whichever way (it is never trained again). */
export const isFinishedTrial = (t: Pick<TrialRecord, 'status'>): boolean => FINISHED_TRIAL_STATES.includes(t.status);

/** A trial a stage can keep and narrow around: it ended by itself (trained out or stopped early) with a finite metric. */
export const isKeepableTrial = (t: TrialRecord): boolean =>
  (t.status === 'completed' || t.status === 'early-stopped') && t.bestMetric !== null && Number.isFinite(t.bestMetric);

/**
 * States of a trial a loss landscape can be drawn around: it trained and has a result. A pruned
 * trial counts (only its budget was cut); a diverged, failed or cancelled one does not.
 */
export const LANDSCAPE_TRIAL_STATES: readonly TrialState[] = ['completed', 'early-stopped', 'pruned'];

export function trialFinishedEvent(t: TrialRecord): StudyEvent {
  return {
    type: 'trial-finished',
    studyId: t.studyId,
    trialId: t.id,
    stage: t.stage,
    status: t.status,
    bestEpoch: t.bestEpoch,
    bestMetric: t.bestMetric,
    reason: t.stopReason,
    epochsDone: t.epochsDone,
  };
}

export interface TrialStart {
  backend: string;
  host: string;
  /** The epoch a re-delivered trial resumes after; null on a first start (or a promoted trial's). */
  resumedFromEpoch: number | null;
  now: string;
}

/** A worker picks the trial up: running, one more attempt, where and on what it runs. */
export function startTrial(t: TrialRecord, { backend, host, resumedFromEpoch, now }: TrialStart): TrialChange {
  return {
    trial: { ...t, status: 'running', attempts: t.attempts + 1, backend, host, startedAt: t.startedAt ?? now, resumedFromEpoch: resumedFromEpoch ?? t.resumedFromEpoch },
    events: [{ type: 'trial-started', studyId: t.studyId, trialId: t.id, stage: t.stage, config: t.config, backend, host, resumedFromEpoch, promotedFrom: t.promotedFrom ?? null }],
  };
}

/** One more epoch trained: progress, the patience counter and the best epoch so far (its event goes out with the epoch, store.recordEpoch). */
export function recordTrialEpoch(t: TrialRecord, metrics: EpochMetrics, decision: StopDecision, bestAt: EpochMetrics | null, objective: ObjectiveSpec): TrialChange {
  return {
    trial: {
      ...t,
      epochsDone: metrics.epoch,
      epochsSinceBest: decision.epochsSinceBest,
      bestEpoch: decision.bestEpoch,
      bestMetrics: bestAt,
      bestMetric: bestAt ? objectiveValue(bestAt, objective) : null,
    },
  };
}

/** The trial ends with `patch` (its status and results) and says so; a trial that had already ended stays as it was. */
export function endTrial(t: TrialRecord, patch: Partial<TrialRecord> & Pick<TrialRecord, 'status'>, now: string): TrialChange | null {
  if (isFinishedTrial(t)) return null;
  const done: TrialRecord = { ...t, ...patch, finishedAt: now };
  return { trial: done, events: [trialFinishedEvent(done)] };
}

/** A queued trial of a cancelled study: it never starts. */
export function cancelQueuedTrial(t: TrialRecord, now: string): TrialChange | null {
  return t.status === 'queued' ? endTrial(t, { status: 'cancelled', stopReason: 'study cancelled before the trial started' }, now) : null;
}

/** A stopping worker hands the running trial back to the queue: another worker resumes it from its checkpoint. */
export function requeueTrial(t: TrialRecord): TrialChange | null {
  return t.status === 'running' ? { trial: { ...t, status: 'queued', host: null } } : null;
}
