// What the compare page draws, as pure functions of a study's trial records and their epoch
// histories (GET /api/studies/:id/trials and …/trials/:trialId/metrics): the best trial's curve,
// and the best value so far against the epochs the whole study had trained by then.
//
// "By then" needs the order in which the study's trials finished their epochs, which the records
// give only as times: a finished trial's last epoch ended at its `finishedAt`, and each earlier
// epoch `seconds` (its own training and evaluation time) before the next one ended; a trial still
// running counts forward from its `startedAt` instead. A promoted trial's history begins with its
// parent's epochs, which the parent already counts, so only the epochs after `promotedFrom.epoch`
// are its own. Ties (and trials without times) fall back to trial id, then epoch.
import type { EpochMetrics, MetricName, TrialRecord } from '../../../types/index.js';
import { defaultMode } from '../../../search/defaults.js';
import { metricOf } from '../study/study-model.js';

/** One line of a chart: y[i] at x[i]; null is a gap (a loss that was not finite). */
export interface Series {
  x: number[];
  y: Array<number | null>;
}

/** One epoch a study trained, with the time it ended (ms since the epoch; Infinity when unknown). */
export interface TrainedEpoch {
  trialId: string;
  metrics: EpochMetrics;
  endedAt: number;
}

export type EpochsOf = (trialId: string) => readonly EpochMetrics[];

/** A trial's own epochs (after the epoch it was promoted at), one per epoch number, in order. */
function ownEpochs(trial: TrialRecord, history: readonly EpochMetrics[]): EpochMetrics[] {
  const from = trial.promotedFrom?.epoch ?? 0;
  const byEpoch = new Map<number, EpochMetrics>();
  for (const m of history) if (m.epoch > from) byEpoch.set(m.epoch, m);
  return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
}

/** When each of a trial's own epochs ended: backwards from `finishedAt`, else forwards from `startedAt`. */
function epochEnds(trial: TrialRecord, epochs: readonly EpochMetrics[]): number[] {
  const finished = trial.finishedAt ? Date.parse(trial.finishedAt) : NaN;
  const started = trial.startedAt ? Date.parse(trial.startedAt) : NaN;
  const ends = new Array<number>(epochs.length).fill(Infinity);
  if (Number.isFinite(finished)) {
    let t = finished;
    for (let i = epochs.length - 1; i >= 0; i--) {
      ends[i] = t;
      t -= epochs[i]!.seconds * 1000;
    }
  } else if (Number.isFinite(started)) {
    let t = started;
    epochs.forEach((m, i) => (ends[i] = t += m.seconds * 1000));
  }
  return ends;
}

/** Every epoch the study trained, each counted once, in the order they ended. */
export function trainedEpochs(trials: readonly TrialRecord[], epochsOf: EpochsOf): TrainedEpoch[] {
  const all = trials.flatMap((t) => {
    const own = ownEpochs(t, epochsOf(t.id));
    const ends = epochEnds(t, own);
    return own.map((metrics, i): TrainedEpoch => ({ trialId: t.id, metrics, endedAt: ends[i]! }));
  });
  const time = (e: TrainedEpoch) => (Number.isFinite(e.endedAt) ? e.endedAt : Number.MAX_VALUE);
  return all.sort((a, b) => time(a) - time(b) || a.trialId.localeCompare(b.trialId) || a.metrics.epoch - b.metrics.epoch);
}

/**
 * The best value of `metric` (lowest loss, highest accuracy) over every epoch trained so far,
 * against the epochs the study had trained: x = 1, 2, … N; y is null until a finite value.
 */
export function bestSoFarByCumulativeEpochs(trials: readonly TrialRecord[], epochsOf: EpochsOf, metric: MetricName): Series {
  const better = defaultMode(metric) === 'min' ? (a: number, b: number) => a < b : (a: number, b: number) => a > b;
  let best: number | null = null;
  const x: number[] = [];
  const y: Array<number | null> = [];
  trainedEpochs(trials, epochsOf).forEach((e, i) => {
    const v = metricOf(e.metrics, metric);
    if (v !== null && (best === null || better(v, best))) best = v;
    x.push(i + 1);
    y.push(best);
  });
  return { x, y };
}

/** One trial's curve: `metric` per epoch of its whole history (a promoted trial's parent's epochs included). */
export function trialCurve(history: readonly EpochMetrics[], metric: MetricName): Series {
  const epochs = [...history].sort((a, b) => a.epoch - b.epoch);
  return { x: epochs.map((m) => m.epoch), y: epochs.map((m) => metricOf(m, metric)) };
}

/** Series on one shared x column (the union of their x values) as uPlot wants them; null where a series has no point. */
export function alignSeries(series: readonly Series[]): [number[], ...Array<Array<number | null>>] {
  const xs = [...new Set(series.flatMap((s) => s.x))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const columns = series.map((s) => {
    const col = new Array<number | null>(xs.length).fill(null);
    s.x.forEach((x, i) => (col[index.get(x)!] = s.y[i] ?? null));
    return col;
  });
  return [xs, ...columns];
}
