// How far one stage of a study has got, as counts and one state word, from the stage's record
// and its trials' states. The API's study views and the dashboard's stage bars both call this,
// so the two never disagree: a cancelled trial is not counted as done, and every stage a
// cancelled study had not completed (never-planned ones included) says `cancelled`.
import type { StageProgress, StageRecord, StudyState, TrialState } from '../types/index.js';

export type StageTally = Pick<StageProgress, 'finished' | 'cancelled' | 'running'>;

/** Counts a stage's trials: done (with a result of their own), cancelled, running; queued ones are not counted. */
export function tallyTrials(states: Iterable<TrialState>): StageTally {
  const tally: StageTally = { finished: 0, cancelled: 0, running: 0 };
  for (const state of states) {
    switch (state) {
      case 'queued':
        break;
      case 'running':
        tally.running++;
        break;
      case 'cancelled':
        tally.cancelled++;
        break;
      case 'completed':
      case 'early-stopped':
      case 'pruned':
      case 'diverged':
      case 'failed':
        tally.finished++;
        break;
      default: {
        const never: never = state;
        return never;
      }
    }
  }
  return tally;
}

/**
 * The state a stage is shown in. `record` is its StageRecord's state, null while the stage is not
 * planned yet. A completed stage stays completed after a cancel; any other stage of a cancelled
 * study is cancelled; a planned stage is running once any of its trials has started.
 */
export function stageState(record: StageRecord['state'] | null, study: StudyState, tally: StageTally): StageProgress['state'] {
  if (record === 'completed' || record === 'cancelled') return record;
  if (study === 'cancelled') return 'cancelled';
  if (record === null) return 'pending';
  return tally.running + tally.finished + tally.cancelled > 0 ? 'running' : 'queued';
}
