// What the learning-rate view draws: each scored trial's objective against its learning rate
// (uPlot aligned columns, one per optimizer, on a log x axis), the trials that have no score
// (diverged before a finite one), and each stage's learning-rate range, so the narrowing from
// coarse to fine shows. Pure data, no DOM.
import type { Distribution, OptimizerName } from '../../../types/index.js';
import { OPTIMIZERS } from '../../../types/index.js';
import type { StudyModel, TrialView } from './study-model.js';

export interface StageRange {
  stage: number;
  min: number;
  max: number;
}

export interface LrData {
  /** Column 0: the learning rates, ascending; then one column per optimizer in `optimizers`. */
  columns: (number | null)[][];
  optimizers: OptimizerName[];
  /** The trials drawn at each x index. */
  trialsAt: TrialView[][];
  /** Trials with a config but no score yet or ever (diverged at once): drawn on the bottom edge. */
  unscored: TrialView[];
  ranges: StageRange[];
  xRange: [number, number];
  yRange: [number, number] | null;
}

/** The learning-rate interval a stage sampled from, or null when it has none (a fixed value). */
export function learningRateRange(d: Distribution | undefined): [number, number] | null {
  if (!d) return null;
  switch (d.type) {
    case 'log-uniform':
    case 'uniform':
    case 'int':
    case 'log-int':
      return [d.min, d.max];
    case 'categorical': {
      const nums = d.values.filter((v): v is number => typeof v === 'number');
      return nums.length > 1 ? [Math.min(...nums), Math.max(...nums)] : null;
    }
    case 'fixed':
      return null;
    default: {
      const never: never = d;
      return never;
    }
  }
}

export function buildLrData(model: StudyModel): LrData {
  const scored = new Map<number, TrialView[]>();
  const unscored: TrialView[] = [];
  const present = new Set<OptimizerName>();
  for (const t of model.trialList) {
    if (!t.config) continue;
    const v = model.rankedMetric(t);
    if (v === null || !Number.isFinite(v)) {
      if (t.status === 'diverged') unscored.push(t);
      continue;
    }
    present.add(t.config.optimizer);
    const lr = t.config.learningRate;
    scored.set(lr, [...(scored.get(lr) ?? []), t]);
  }
  const xs = [...scored.keys()].sort((a, b) => a - b);
  const optimizers = OPTIMIZERS.filter((o) => present.has(o));
  const trialsAt = xs.map((x) => scored.get(x)!);
  const columns: (number | null)[][] = [xs];
  for (const o of optimizers) {
    columns.push(trialsAt.map((ts) => {
      const own = ts.filter((t) => t.config!.optimizer === o);
      if (own.length === 0) return null;
      const values = own.map((t) => model.rankedMetric(t)!);
      return model.objective.mode === 'max' ? Math.max(...values) : Math.min(...values);
    }));
  }

  const ranges: StageRange[] = [];
  for (const s of model.stages) {
    const r = learningRateRange(s.space?.learningRate);
    if (r) ranges.push({ stage: s.index, min: r[0], max: r[1] });
  }
  const lrs = [...xs, ...unscored.map((t) => t.config!.learningRate), ...ranges.flatMap((r) => [r.min, r.max])].filter((v) => v > 0);
  const lo = lrs.length > 0 ? Math.min(...lrs) : 1e-5;
  const hi = lrs.length > 0 ? Math.max(...lrs) : 1e-1;
  const xRange: [number, number] = [lo / 1.6, hi * 1.6];

  let yRange: [number, number] | null = null;
  if (model.objective.metric === 'val_acc') yRange = [0, 1.04];
  else {
    const ys = columns.slice(1).flat().filter((v): v is number => v !== null);
    if (ys.length > 0) {
      const a = Math.min(...ys);
      const b = Math.max(...ys);
      const pad = Math.max((b - a) * 0.08, 1e-3);
      yRange = [Math.max(0, a - pad), b + pad];
    }
  }
  return { columns, optimizers, trialsAt, unscored, ranges, xRange, yRange };
}
