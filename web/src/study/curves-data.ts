// Turns the study's trials into what the curves chart draws: uPlot's aligned columns (epochs on x,
// one column per trial and curve; a promoted trial continues its parent's line), the stop / prune /
// divergence / best-epoch markers, and a y range that
// a diverged trial's exploding loss cannot flatten. Pure data, no DOM: the chart, the bench and
// the Node tests share it. NaN never reaches a column: a missing or non-finite value is a gap.
import type { EpochMetrics } from '../../../types/index.js';
import { optimizerColor } from '../shared/chart-colors.js';
import type { TrialView } from './study-model.js';

export const CURVE_METRICS = {
  loss: { val: 'valLoss', train: 'trainLoss', label: 'loss' },
  acc: { val: 'valAcc', train: 'trainAcc', label: 'accuracy' },
} as const satisfies Record<string, { val: keyof EpochMetrics; train: keyof EpochMetrics; label: string }>;
export type CurveMetric = keyof typeof CURVE_METRICS;

export const MARKER_KINDS = { stop: 'stop', pruned: 'pruned', diverged: 'diverged', best: 'best' } as const;
export type MarkerKind = (typeof MARKER_KINDS)[keyof typeof MARKER_KINDS];

export interface CurveSeries {
  trial: TrialView;
  kind: 'val' | 'train';
  color: string;
  /** Finite points in the column (a single point gets a dot, since a line needs two). */
  points: number;
}

export interface CurveMarker {
  trial: TrialView;
  kind: MarkerKind;
  epoch: number;
  /** Null when the value is not finite (a diverged loss): drawn on the top edge. */
  value: number | null;
}

export interface CurveData {
  /** Column 0 is the epochs 1..maxEpoch; then one column per series, aligned with it. */
  columns: (number | null)[][];
  series: CurveSeries[];
  markers: CurveMarker[];
  maxEpoch: number;
  /** Range of y worth showing; null when there is nothing yet. */
  yRange: [number, number] | null;
}

export interface CurveOptions {
  showTrain: boolean;
  logY: boolean;
}

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function column(t: TrialView, key: keyof EpochMetrics, maxEpoch: number, logY: boolean): { col: (number | null)[]; points: number } {
  const col: (number | null)[] = new Array<number | null>(maxEpoch).fill(null);
  let points = 0;
  for (const m of t.epochs) {
    if (m.epoch < 1 || m.epoch > maxEpoch) continue;
    let v = finite(m[key]);
    if (v !== null && logY && v <= 0) v = null;
    if (v !== null) points++;
    col[m.epoch - 1] = v;
  }
  return { col, points };
}

function valueAt(t: TrialView, key: keyof EpochMetrics, epoch: number): number | null {
  const m = t.epochs.find((e) => e.epoch === epoch);
  return m ? finite(m[key]) : null;
}

/**
 * A promoted trial is one line with the trial it continues: the parent's epochs up to the
 * promotion, then its own. The parents themselves are not drawn on their own.
 */
export function joinPromotions(trials: readonly TrialView[]): TrialView[] {
  const byId = new Map(trials.map((t) => [t.id, t]));
  const continued = new Set(trials.flatMap((t) => (t.promotedFrom && byId.has(t.promotedFrom.trialId) ? [t.promotedFrom.trialId] : [])));
  const joined = (t: TrialView, depth = 0): TrialView => {
    const parent = t.promotedFrom ? byId.get(t.promotedFrom.trialId) : undefined;
    if (!parent || !t.promotedFrom || depth > 16) return t;
    const upTo = t.promotedFrom.epoch;
    const before = joined(parent, depth + 1).epochs.filter((e) => e.epoch <= upTo && !t.epochs.some((o) => o.epoch === e.epoch));
    return { ...t, epochs: [...before, ...t.epochs].sort((a, b) => a.epoch - b.epoch) };
  };
  return trials.filter((t) => !continued.has(t.id)).map((t) => joined(t));
}

export function buildCurveData(allTrials: readonly TrialView[], metric: CurveMetric, options: CurveOptions): CurveData {
  const trials = joinPromotions(allTrials);
  const keys = CURVE_METRICS[metric];
  const logY = metric === 'loss' && options.logY;
  let maxEpoch = 1;
  for (const t of trials) maxEpoch = Math.max(maxEpoch, t.epochsPlanned, t.epochs[t.epochs.length - 1]?.epoch ?? 0);

  const columns: (number | null)[][] = [Array.from({ length: maxEpoch }, (_, i) => i + 1)];
  const series: CurveSeries[] = [];
  const markers: CurveMarker[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  let anyLo = Infinity;
  let anyHi = -Infinity;

  const add = (t: TrialView, kind: 'val' | 'train') => {
    const { col, points } = column(t, kind === 'val' ? keys.val : keys.train, maxEpoch, logY);
    columns.push(col);
    series.push({ trial: t, kind, color: optimizerColor(t.config?.optimizer), points });
    for (const v of col) {
      if (v === null) continue;
      anyLo = Math.min(anyLo, v);
      anyHi = Math.max(anyHi, v);
      if (t.status !== 'diverged') {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  };

  for (const t of trials) {
    add(t, 'val');
    if (options.showTrain) add(t, 'train');
    const last = t.epochs[t.epochs.length - 1];
    if (!last) continue;
    if ((t.status === 'early-stopped' || t.status === 'pruned' || t.status === 'completed' || t.status === 'diverged') && t.bestEpoch !== null) {
      const v = valueAt(t, keys.val, t.bestEpoch);
      if (v !== null) markers.push({ trial: t, kind: MARKER_KINDS.best, epoch: t.bestEpoch, value: v });
    }
    if (t.status === 'early-stopped') {
      markers.push({ trial: t, kind: MARKER_KINDS.stop, epoch: last.epoch, value: valueAt(t, keys.val, last.epoch) });
    } else if (t.status === 'pruned') {
      markers.push({ trial: t, kind: MARKER_KINDS.pruned, epoch: last.epoch, value: valueAt(t, keys.val, last.epoch) });
    } else if (t.status === 'diverged') {
      markers.push({ trial: t, kind: MARKER_KINDS.diverged, epoch: last.epoch, value: valueAt(t, keys.val, last.epoch) });
    }
  }

  // Scale to the trials that trained sensibly; a diverged trial's loss runs off the top instead.
  if (lo === Infinity) {
    lo = anyLo;
    hi = anyHi;
  }
  let yRange: [number, number] | null = null;
  if (metric === 'acc') yRange = [0, 1];
  else if (lo !== Infinity) {
    if (logY) yRange = [lo / 1.25, hi * 1.25];
    else {
      const pad = Math.max((hi - lo) * 0.06, Math.abs(hi) * 0.02, 1e-6);
      yRange = [Math.max(0, lo - pad), hi + pad];
    }
  }
  // Markers whose value lies off the visible range sit on its edge (null: the top edge).
  if (yRange) {
    for (const m of markers) {
      if (m.value !== null && m.value > yRange[1]) m.value = null;
      else if (m.value !== null && m.value < yRange[0]) m.value = yRange[0];
    }
  }
  return { columns, series, markers, maxEpoch, yRange };
}
