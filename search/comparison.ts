// The optimizer race's verdict (GET /api/studies/:id/comparison): each optimizer's best
// configuration in the study's last stage (a confirm stage, when the study has one: the best
// configurations retrained on fresh seeds), and for every pair of optimizers whether one is better,
// in words and numbers. Pure: the route loads the records and calls compareOptimizers.
//
// The rule: repeat k of both configurations ran on the same seed, so the pair is judged on the
// paired differences dₖ (search/stats.ts, signed so that positive means the first is better). The
// first of a pair is the one with the better score. The difference is clear when its 95 % t-interval
// excludes 0; otherwise "no clear difference". One seed (or none in common) gives no interval, so
// no verdict. Each optimizer's own number is mean ± the half-width of its 95 % t-interval over its
// repeats (the score that ranks it is the objective's aggregate, the mean unless `median`).
import type { MeanInterval, MetricName, ObjectiveSpec, StudyRecord, TrialRecord } from '../types/index.js';
import type { ComparisonOptimizer, ComparisonPair, ComparisonResponse } from '../types/api.js';
import { aggregateOf, groupConfigurations, repeatsOf, stageRepeats } from './configurations.js';
import { isRanked, rankTrials } from './rank.js';
import { representative } from './configurations.js';
import { pairedDifference, tInterval } from './stats.js';

/** One optimizer's best configuration, and a pair's verdict: the shapes the route answers with (types/api.ts). */
export type OptimizerResult = ComparisonOptimizer;
export type PairVerdict = ComparisonPair;
export type OptimizerComparison = Omit<ComparisonResponse, 'studyId' | 'state' | 'final'>;

export const INTERVAL_METHOD = "95 % Student-t interval over a configuration's repeats: mean ± t(0.975, n − 1) · sd / √n; paired differences likewise";

/** Decimals a metric's numbers are written with: accuracy 3 (0.981), loss 4. */
export const metricDecimals = (metric: MetricName): number => (metric === 'val_acc' ? 3 : 4);

function formatter(metric: MetricName): (v: number) => string {
  const d = metricDecimals(metric);
  return (v) => (v < 0 ? `−${(-v).toFixed(d)}` : v.toFixed(d));
}

/** "0.981 ± 0.002", or "0.981" without an interval. */
export function formatMeanInterval(i: MeanInterval, metric: MetricName): string {
  const f = formatter(metric);
  return i.halfWidth === null ? f(i.mean) : `${f(i.mean)} ± ${f(i.halfWidth)}`;
}

function pairVerdict(a: OptimizerResult, b: OptimizerResult, objective: ObjectiveSpec): PairVerdict {
  const f = formatter(objective.metric);
  const paired = pairedDifference(a.values, b.values, objective.mode);
  const d = paired.difference;
  const better = d && d.low !== null && d.high !== null ? (d.low > 0 ? a.optimizer : d.high < 0 ? b.optimizer : null) : null;
  const own = (r: OptimizerResult) => `${r.optimizer} ${r.interval ? formatMeanInterval(r.interval, objective.metric) : '–'}`;
  const head = `${own(a)} vs ${own(b)}`;
  let verdict: string;
  if (paired.n === 0) verdict = `${head}: no seed where both have a result, so no verdict`;
  else if (!d || d.low === null || d.high === null) {
    verdict = `${head} on ${paired.n} seed: one seed has no spread to measure, so no verdict (set repeats ≥ 2)`;
  } else {
    const counts = `${better === b.optimizer ? b.optimizer : a.optimizer} better in ${better === b.optimizer ? paired.losses : paired.wins} of ${paired.n}`;
    const numbers = `paired difference ${f(d.mean)} (95 % CI ${f(d.low)} … ${f(d.high)})`;
    verdict = better ? `${head} over ${paired.n} paired seeds: ${counts}, ${numbers}` : `${head} over ${paired.n} paired seeds: no clear difference (${counts}, ${numbers})`;
  }
  return { first: a.optimizer, second: b.optimizer, seeds: paired.n, wins: paired.wins, losses: paired.losses, ties: paired.ties, difference: d, better, verdict };
}

/** Each optimizer's best configuration of the study's last stage with results, and a verdict per pair. */
export function compareOptimizers(study: Pick<StudyRecord, 'spec'>, trials: readonly TrialRecord[]): OptimizerComparison {
  const { spec } = study;
  const objective = { ...spec.objective, aggregate: aggregateOf(spec.objective) };
  const stage = trials.reduce<number | null>((s, t) => (t.bestMetric !== null && (s === null || t.stage > s) ? t.stage : s), null);
  const groups = groupConfigurations(trials.filter((t) => t.stage === stage));
  const runsOf = new Map(groups.map((runs) => [runs[0]!.id, runs]));
  const ranked = rankTrials(groups.map((runs) => representative(runs, spec.objective)), spec.objective).filter(isRanked);
  const optimizers: OptimizerResult[] = [];
  for (const rep of ranked) {
    if (optimizers.some((o) => o.optimizer === rep.config.optimizer)) continue;
    const runs = runsOf.get(rep.id) ?? [rep];
    const values = runs.map((t) => (isRanked(t) ? t.bestMetric : null));
    optimizers.push({
      optimizer: rep.config.optimizer,
      configId: rep.configId ?? rep.id,
      config: rep.config,
      status: rep.status,
      trialIds: runs.map((t) => t.id),
      seeds: runs.map((t) => t.seed),
      values,
      score: rep.bestMetric!,
      interval: tInterval(values.filter((v): v is number => v !== null)),
    });
  }
  const pairs = optimizers.flatMap((a, i) => optimizers.slice(i + 1).map((b) => pairVerdict(a, b, spec.objective)));
  const confirm = stage !== null && spec.stages[stage]?.confirm === true;
  const repeats = stage === null ? repeatsOf(spec) : stageRepeats(spec, stage);
  const note =
    repeats < 2
      ? 'one seed per configuration: no intervals and no verdicts; set repeats ≥ 2 to compare'
      : confirm
        ? `each optimizer's best configuration retrained on ${repeats} fresh paired seeds (the confirm stage), so choosing it did not flatter it`
        : `the last stage's best configurations on the seeds they were chosen on: choosing the best flatters it a little; a confirm stage retrains them on fresh seeds`;
  return { stage, confirm, repeats, objective, interval: INTERVAL_METHOD, optimizers, pairs, note };
}
