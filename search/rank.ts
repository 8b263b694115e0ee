// Which trials did best: the order a stage keeps its top trials by, and the study's best
// configurations (overall and per optimizer). Pure and deterministic, so the stage job, the API
// and the dashboard agree on the ranking however the trials were listed.
//
// The rule: trials whose status is diverged, failed or cancelled, and trials without a finite
// `bestMetric`, rank last. The rest sort by `bestMetric` in the objective's direction (max: higher
// first; min: lower first). Ties, and the order among the unranked, go to fewer epochs trained
// (the cheaper result), then the earlier stage, then the lower index, then the id.
import type { BestConfiguration, BestSummary, EpochMetrics, MetricName, ObjectiveSpec, RepeatSummary, TrialRecord, TrialState } from '../types/index.js';
import { monitoredValue } from './early-stopping.js';
import { groupConfigurations, representative, repeatSummary } from './configurations.js';

/** States whose metric says nothing about the configuration's quality. */
export const UNRANKED_STATES: readonly TrialState[] = ['diverged', 'failed', 'cancelled'];

/** The objective metric of one epoch; null when it is missing or not finite. */
export function objectiveValue(metrics: EpochMetrics, objective: ObjectiveSpec | MetricName): number | null {
  return monitoredValue(metrics, typeof objective === 'string' ? objective : objective.metric);
}

/** True when a trial takes part in the ranking: not diverged/failed/cancelled, with a finite bestMetric. */
export function isRanked(trial: TrialRecord): boolean {
  return !UNRANKED_STATES.includes(trial.status) && trial.bestMetric !== null && Number.isFinite(trial.bestMetric);
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Comparator: negative when `a` ranks before `b`. */
export function compareTrials(a: TrialRecord, b: TrialRecord, objective: ObjectiveSpec): number {
  const ra = isRanked(a);
  const rb = isRanked(b);
  if (ra !== rb) return ra ? -1 : 1;
  if (ra && rb && a.bestMetric !== b.bestMetric) {
    const diff = a.bestMetric! - b.bestMetric!;
    return objective.mode === 'max' ? -diff : diff;
  }
  return a.epochsDone - b.epochsDone || a.stage - b.stage || a.index - b.index || byText(a.id, b.id);
}

/** The trials sorted best first (a new array; the input is left as it is). */
export function rankTrials(trials: readonly TrialRecord[], objective: ObjectiveSpec): TrialRecord[] {
  return [...trials].sort((a, b) => compareTrials(a, b, objective));
}

/** The best `count` ranked trials (fewer when fewer have a finite metric): what a stage narrows around. */
export function topTrials(trials: readonly TrialRecord[], objective: ObjectiveSpec, count: number): TrialRecord[] {
  return rankTrials(trials, objective).filter(isRanked).slice(0, Math.max(0, count));
}

/**
 * The configurations of `trials` best first, each as its representative (search/configurations.ts:
 * the aggregate of its repeats; a one-run configuration is the run itself, so without repeats this
 * is rankTrials).
 */
export function rankConfigurations(trials: readonly TrialRecord[], objective: ObjectiveSpec): TrialRecord[] {
  return rankTrials(groupConfigurations(trials).map((runs) => representative(runs, objective)), objective);
}

export function toBestConfiguration(trial: TrialRecord, repeats?: RepeatSummary): BestConfiguration {
  return {
    trialId: trial.id,
    stage: trial.stage,
    config: trial.config,
    metric: trial.bestMetric,
    metrics: trial.bestMetrics,
    status: trial.status,
    epochsDone: trial.epochsDone,
    stopReason: trial.stopReason,
    test: trial.test,
    ...(repeats ? { repeats } : {}),
  };
}

/** The best ranked configuration overall and per optimizer (with its repeats, when it has several); null / absent where none is ranked. */
export function bestSummary(trials: readonly TrialRecord[], objective: ObjectiveSpec): BestSummary {
  const groups = groupConfigurations(trials);
  const runsOf = new Map(groups.map((runs) => [runs[0]!.id, runs]));
  const ranked = rankTrials(groups.map((runs) => representative(runs, objective)), objective).filter(isRanked);
  const best = (t: TrialRecord) => toBestConfiguration(t, repeatSummary(runsOf.get(t.id) ?? [t], objective));
  const first = ranked[0];
  const byOptimizer: BestSummary['byOptimizer'] = {};
  for (const t of ranked) byOptimizer[t.config.optimizer] ??= best(t);
  return { objective, overall: first ? best(first) : null, byOptimizer };
}
