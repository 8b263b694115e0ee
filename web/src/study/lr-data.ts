// What the learning-rate view draws: each scored trial's objective against its learning rate
// (uPlot aligned columns, one per optimizer, on a log x axis), the trials that have no score
// (diverged before a finite one), and each stage's learning-rate range, so the narrowing from
// coarse to fine shows — one range per optimizer where the stage refined per optimizer (their hull
// would say nothing). Pure data, no DOM.
import type { Distribution, OptimizerName } from '../../../types/index.js';
import { OPTIMIZERS } from '../../../types/index.js';
import type { StageView, StudyModel, TrialView } from './study-model.js';

export interface StageRange {
  stage: number;
  /** The optimizer whose own range this is (a per-optimizer stage); null for the stage's one range. */
  optimizer: OptimizerName | null;
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

/** A stage's learning-rate ranges: each optimizer's own where the stage has per-optimizer spaces, else the stage's. */
export function stageRanges(stage: Pick<StageView, 'index' | 'space' | 'spaces'>): StageRange[] {
  const own = OPTIMIZERS.flatMap((o): StageRange[] => {
    const r = learningRateRange(stage.spaces?.[o]?.learningRate);
    return r ? [{ stage: stage.index, optimizer: o, min: r[0], max: r[1] }] : [];
  });
  // Spaces that all share one range (a first stage, before any refinement) are one band.
  if (own.length > 1 && own.some((r) => r.min !== own[0]!.min || r.max !== own[0]!.max)) return own;
  if (own.length === 1) return own;
  const r = learningRateRange(stage.space?.learningRate);
  return r ? [{ stage: stage.index, optimizer: null, min: r[0], max: r[1] }] : [];
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

  const ranges = model.stages.flatMap((s) => stageRanges(s));
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
