// What the parallel coordinates draw, as plain data (no DOM, so the Node tests drive it): one axis
// per dimension the study's stages sampled (search/search-dimensions.ts: log10 axes for log
// dimensions, evenly spaced categories for categorical ones) and the objective last; one line per
// finished trial with a finite objective, placed on every axis as a fraction from the bottom (0) to
// the top (1), with how good its objective is (0 the worst drawn, 1 the best) for its colour; and
// which trials a set of brushes selects.
import { DIMENSION_LABELS, axisFraction, sampledDimensions, scaled, type SampledDimension } from '../../../../search/search-dimensions.js';
import { FINISHED_TRIAL_STATES, type DimensionName } from '../../../../types/index.js';
import type { DimensionScale } from '../../../../types/api.js';
import { METRIC_LABELS, formatLearningRate, formatMetric, formatNumber } from '../../shared/format.js';
import { niceTicks } from '../../shared/field-canvas.js';
import { logSplits } from '../../shared/log-splits.js';
import type { StudyModel, TrialView } from '../study-model.js';

export interface AxisTick {
  frac: number;
  label: string;
}

export interface ParallelAxis {
  /** A dimension's name, or 'objective'. */
  key: DimensionName | 'objective';
  title: string;
  scale: DimensionScale;
  /** The axis's ends in its own units (log10 on a log axis; 0 … 1 on a categorical one). */
  lo: number;
  hi: number;
  ticks: AxisTick[];
}

export interface ParallelLine {
  trial: TrialView;
  /** Per axis: where the trial sits, 0 (bottom) to 1 (top); null where it has no value (a knob of another optimizer). */
  fracs: Array<number | null>;
  /** 0 for the worst objective drawn, 1 for the best (lower is better under mode min). */
  goodness: number;
}

export interface ParallelData {
  axes: ParallelAxis[];
  /** Worst first, so the best are drawn on top. */
  lines: ParallelLine[];
  /** Finished trials without a finite objective (diverged, failed, cancelled): not drawn. */
  undrawn: number;
}

/** A brushed interval of one axis, in the axis's own units (so it keeps its meaning as the objective's range grows). */
export interface AxisBrush {
  key: ParallelAxis['key'];
  lo: number;
  hi: number;
}

function dimensionTicks(dim: SampledDimension): AxisTick[] {
  if (dim.scale === 'categorical') return dim.values.map((v) => ({ frac: axisFraction(dim, v)!, label: String(v) }));
  const values = dim.scale === 'log' ? logSplits(dim.min, dim.max) : niceTicks(dim.min, dim.max, 4);
  const label = dim.name === 'learningRate' ? formatLearningRate : formatNumber;
  return values.map((v) => ({ frac: axisFraction(dim, v)!, label: label(v) }));
}

function dimensionAxis(dim: SampledDimension): ParallelAxis {
  const title = `${DIMENSION_LABELS[dim.name]}${dim.scale === 'log' ? ' (log)' : ''}`;
  const [lo, hi] = dim.scale === 'categorical' ? [0, 1] : [scaled(dim, dim.min), scaled(dim, dim.max)];
  return { key: dim.name, title, scale: dim.scale, lo, hi, ticks: dimensionTicks(dim) };
}

/** The axes and lines for the study as the model holds it now. */
export function buildParallelData(model: StudyModel): ParallelData {
  const { metric, mode } = model.objective;
  const spaces = model.stages.flatMap((s) => (s.space ? [s.space] : []));
  const dims = sampledDimensions(spaces.length > 0 ? spaces : model.study ? [model.study.spec.space] : []);
  const finished = model.trialList.filter((t) => t.config && FINISHED_TRIAL_STATES.includes(t.status));
  const scored = finished.flatMap((t) => {
    const v = model.rankedMetric(t);
    return v !== null && Number.isFinite(v) ? [{ trial: t, value: v }] : [];
  });
  const values = scored.map((s) => s.value);
  const lo = values.length > 0 ? Math.min(...values) : 0;
  const hi = values.length > 0 ? Math.max(...values) : 1;
  const span = hi > lo ? hi - lo : 0;
  const objectiveTicks = (span > 0 ? niceTicks(lo, hi, 4) : [lo]).map((v) => ({ frac: span > 0 ? (v - lo) / span : 0.5, label: formatMetric(metric, v) }));
  const axes = [...dims.map(dimensionAxis), { key: 'objective' as const, title: METRIC_LABELS[metric], scale: 'linear' as const, lo, hi: span > 0 ? hi : lo + 1, ticks: objectiveTicks }];
  const lines = scored.map(({ trial, value }): ParallelLine => {
    const frac = span > 0 ? (value - lo) / span : 0.5;
    return { trial, fracs: [...dims.map((d) => axisFraction(d, trial.config![d.name])), frac], goodness: mode === 'max' ? frac : 1 - frac };
  });
  lines.sort((a, b) => a.goodness - b.goodness);
  return { axes, lines, undrawn: finished.length - scored.length };
}

/** A fraction of an axis in its own units, and back. */
export const unitsAt = (axis: ParallelAxis, frac: number) => axis.lo + frac * (axis.hi - axis.lo);
export const fracAt = (axis: ParallelAxis, units: number) => (axis.hi > axis.lo ? (units - axis.lo) / (axis.hi - axis.lo) : 0.5);

/** The trials whose lines pass through every brush (a trial without a value on a brushed axis does not); null when nothing is brushed. */
export function brushedTrialIds(data: ParallelData, brushes: readonly AxisBrush[]): string[] | null {
  const active = brushes.flatMap((b) => {
    const k = data.axes.findIndex((a) => a.key === b.key);
    const axis = data.axes[k];
    return axis ? [{ k, lo: fracAt(axis, b.lo), hi: fracAt(axis, b.hi) }] : [];
  });
  if (active.length === 0) return null;
  const eps = 1e-9;
  return data.lines
    .filter((l) => active.every(({ k, lo, hi }) => {
      const f = l.fracs[k];
      return f !== null && f !== undefined && f >= lo - eps && f <= hi + eps;
    }))
    .map((l) => l.trial.id)
    .sort();
}
