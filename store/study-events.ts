// Builders for the events that go onto a study's stream, so the API and the workers describe
// the same happening with the same fields.
import type { StudyEvent, TrialRecord } from '../types/index.js';

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
