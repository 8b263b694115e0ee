// The learning-rate view's intervals: a configuration trained on several seeds (its repeats: the
// runs of one stage with one config) is drawn as a bar from the low to the high end of the 95 %
// Student-t interval of its runs' scores, with a tick at their mean, over the runs' own dots.
import type uPlot from 'uplot';
import { tInterval } from '../../../search/stats.js';
import type { OptimizerName, TrialState } from '../../../types/index.js';
import { clipToRect, strokeCased } from '../shared/canvas-marks.js';
import { OPTIMIZER_COLORS } from '../shared/chart-colors.js';
import type { StudyModel } from './study-model.js';

export interface LrInterval {
  stage: number;
  optimizer: OptimizerName;
  learningRate: number;
  n: number;
  mean: number;
  low: number;
  high: number;
}

const UNUSABLE: readonly TrialState[] = ['diverged', 'failed', 'cancelled'];

/** Every configuration with at least two scored, usable runs: its mean and 95 % t-interval at its learning rate. */
export function lrIntervals(model: StudyModel): LrInterval[] {
  const groups = new Map<string, number[]>();
  const first = new Map<string, { stage: number; optimizer: OptimizerName; learningRate: number }>();
  for (const t of model.trials.values()) {
    const v = model.rankedMetric(t);
    if (!t.config || v === null || UNUSABLE.includes(t.status)) continue;
    const key = `${t.stage}|${JSON.stringify(t.config)}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
    first.set(key, { stage: t.stage, optimizer: t.config.optimizer, learningRate: t.config.learningRate });
  }
  return [...groups.entries()].flatMap(([key, values]) => {
    const i = tInterval(values);
    return i && i.low !== null && i.high !== null ? [{ ...first.get(key)!, n: i.n, mean: i.mean, low: i.low, high: i.high }] : [];
  });
}

/** Draws each interval as a cased vertical bar with caps and a mean tick (canvas pixels). */
export function drawLrIntervals(u: uPlot, intervals: readonly LrInterval[], casing: string, dpr: number): void {
  const ctx = u.ctx;
  ctx.save();
  // An interval may reach past what the metric can be (accuracy above 100 %): cut at the plot's edge.
  clipToRect(ctx, u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
  for (const i of intervals) {
    const x = u.valToPos(i.learningRate, 'x', true);
    const [y0, y1, ym] = [u.valToPos(i.low, 'y', true), u.valToPos(i.high, 'y', true), u.valToPos(i.mean, 'y', true)];
    const cap = 5 * dpr;
    const path = new Path2D();
    path.moveTo(x, y0);
    path.lineTo(x, y1);
    path.moveTo(x - cap, y0);
    path.lineTo(x + cap, y0);
    path.moveTo(x - cap, y1);
    path.lineTo(x + cap, y1);
    path.moveTo(x - 1.6 * cap, ym);
    path.lineTo(x + 1.6 * cap, ym);
    strokeCased(ctx, { color: OPTIMIZER_COLORS[i.optimizer], width: 2 * dpr }, { color: casing, width: 4 * dpr }, path);
  }
  ctx.restore();
}
