// A small random forest of regression trees: the surrogate the hyperparameter importance
// (search/importance.ts) decomposes. Pure; the bootstrap draws come from an Rng passed in.
//
// Each tree is CART for squared error (Breiman et al., 1984) over numeric and categorical features:
// a node splits where the children's summed squared error Σ(y − ȳ_child)² is least —
// - a numeric feature at the midpoint between two consecutive distinct values (x ≤ t goes left);
// - a categorical feature by sorting the node's categories by their mean y and cutting that order
//   once (for squared error this finds the best of all 2^(k−1) subsets; Breiman's theorem);
//   categories the node has no sample of go to the side with more samples —
// and stops at a pure node, one with fewer than 2·minSamplesLeaf samples, at maxDepth, or where no
// split lowers the error. A leaf predicts its samples' mean. Every tree sees every feature (as
// scikit-learn's RandomForestRegressor does by default); the trees differ by their bootstrap sample
// (n draws with replacement out of n).
import { randomInt, type Rng } from './rng.js';

/** A feature column: numeric over [lo, hi] (already on its scale, e.g. log10), or categorical with `count` categories coded 0 … count − 1. */
export type Feature = { kind: 'numeric'; lo: number; hi: number } | { kind: 'categorical'; count: number };

export type TreeNode =
  | { kind: 'leaf'; value: number }
  | { kind: 'numeric-split'; feature: number; threshold: number; left: TreeNode; right: TreeNode }
  | { kind: 'categorical-split'; feature: number; goesLeft: boolean[]; left: TreeNode; right: TreeNode };

export interface ForestOptions {
  /** @defaultValue 64 (as Optuna's fANOVA evaluator) */
  trees: number;
  /** @defaultValue 64 */
  maxDepth: number;
  /** @defaultValue 1 */
  minSamplesLeaf: number;
}

export const DEFAULT_FOREST_OPTIONS: ForestOptions = { trees: 64, maxDepth: 64, minSamplesLeaf: 1 };

interface Split {
  error: number;
  make: (left: TreeNode, right: TreeNode) => TreeNode;
  goesLeft: (row: number) => boolean;
}

/** Squared error of a group from its count, sum and sum of squares: Σy² − (Σy)²/n. */
const sse = (n: number, sum: number, sumSq: number) => (n > 0 ? Math.max(0, sumSq - (sum * sum) / n) : 0);

function bestNumericSplit(x: readonly number[][], y: readonly number[], rows: readonly number[], f: number, minLeaf: number): Split | null {
  const sorted = [...rows].sort((a, b) => x[a]![f]! - x[b]![f]!);
  const n = sorted.length;
  let total = 0;
  let totalSq = 0;
  for (const r of sorted) {
    total += y[r]!;
    totalSq += y[r]! * y[r]!;
  }
  let best: { error: number; threshold: number } | null = null;
  let sum = 0;
  let sumSq = 0;
  for (let i = 1; i < n; i++) {
    const v = y[sorted[i - 1]!]!;
    sum += v;
    sumSq += v * v;
    const lo = x[sorted[i - 1]!]![f]!;
    const hi = x[sorted[i]!]![f]!;
    if (lo === hi || i < minLeaf || n - i < minLeaf) continue;
    const error = sse(i, sum, sumSq) + sse(n - i, total - sum, totalSq - sumSq);
    if (!best || error < best.error) best = { error, threshold: (lo + hi) / 2 };
  }
  if (!best) return null;
  const { threshold } = best;
  return {
    error: best.error,
    make: (left, right) => ({ kind: 'numeric-split', feature: f, threshold, left, right }),
    goesLeft: (row) => x[row]![f]! <= threshold,
  };
}

function bestCategoricalSplit(x: readonly number[][], y: readonly number[], rows: readonly number[], f: number, count: number, minLeaf: number): Split | null {
  const n = new Array<number>(count).fill(0);
  const sum = new Array<number>(count).fill(0);
  const sumSq = new Array<number>(count).fill(0);
  for (const r of rows) {
    const c = x[r]![f]!;
    n[c]!++;
    sum[c]! += y[r]!;
    sumSq[c]! += y[r]! * y[r]!;
  }
  const present = [...Array(count).keys()].filter((c) => n[c]! > 0).sort((a, b) => sum[a]! / n[a]! - sum[b]! / n[b]! || a - b);
  if (present.length < 2) return null;
  const totals = present.reduce((t, c) => ({ n: t.n + n[c]!, sum: t.sum + sum[c]!, sumSq: t.sumSq + sumSq[c]! }), { n: 0, sum: 0, sumSq: 0 });
  let best: { error: number; cut: number; leftCount: number } | null = null;
  let acc = { n: 0, sum: 0, sumSq: 0 };
  for (let j = 1; j < present.length; j++) {
    const c = present[j - 1]!;
    acc = { n: acc.n + n[c]!, sum: acc.sum + sum[c]!, sumSq: acc.sumSq + sumSq[c]! };
    if (acc.n < minLeaf || totals.n - acc.n < minLeaf) continue;
    const error = sse(acc.n, acc.sum, acc.sumSq) + sse(totals.n - acc.n, totals.sum - acc.sum, totals.sumSq - acc.sumSq);
    if (!best || error < best.error) best = { error, cut: j, leftCount: acc.n };
  }
  if (!best) return null;
  const left = new Set(present.slice(0, best.cut));
  const unseenLeft = best.leftCount >= totals.n - best.leftCount;
  const goesLeft = Array.from({ length: count }, (_, c) => (n[c]! > 0 ? left.has(c) : unseenLeft));
  return {
    error: best.error,
    make: (l, r) => ({ kind: 'categorical-split', feature: f, goesLeft, left: l, right: r }),
    goesLeft: (row) => goesLeft[x[row]![f]!]!,
  };
}

/** One CART tree over `rows` of x (see the header for the rule). */
export function growTree(x: readonly number[][], y: readonly number[], features: readonly Feature[], rows: readonly number[], options: ForestOptions, depth = 0): TreeNode {
  let sum = 0;
  let sumSq = 0;
  for (const r of rows) {
    sum += y[r]!;
    sumSq += y[r]! * y[r]!;
  }
  const leaf: TreeNode = { kind: 'leaf', value: rows.length > 0 ? sum / rows.length : 0 };
  const error = sse(rows.length, sum, sumSq);
  if (depth >= options.maxDepth || rows.length < 2 * options.minSamplesLeaf || error <= 1e-12 * Math.max(1, sumSq)) return leaf;
  let chosen: Split | null = null;
  for (let f = 0; f < features.length; f++) {
    const feature = features[f]!;
    const split = feature.kind === 'numeric' ? bestNumericSplit(x, y, rows, f, options.minSamplesLeaf) : bestCategoricalSplit(x, y, rows, f, feature.count, options.minSamplesLeaf);
    // Ties go to the earlier feature, so a tree is a function of its sample alone.
    if (split && (!chosen || split.error < chosen.error)) chosen = split;
  }
  if (!chosen || chosen.error >= error) return leaf;
  const goesLeft = chosen.goesLeft;
  const left = rows.filter(goesLeft);
  const right = rows.filter((r) => !goesLeft(r));
  return chosen.make(growTree(x, y, features, left, options, depth + 1), growTree(x, y, features, right, options, depth + 1));
}

/** `options.trees` trees, each on its own bootstrap sample of the rows of x. */
export function growForest(x: readonly number[][], y: readonly number[], features: readonly Feature[], rng: Rng, options: ForestOptions = DEFAULT_FOREST_OPTIONS): TreeNode[] {
  const n = y.length;
  return Array.from({ length: options.trees }, () => {
    const sample = Array.from({ length: n }, () => randomInt(rng, n));
    return growTree(x, y, features, sample, options);
  });
}

/** The tree's prediction at one point. */
export function predict(tree: TreeNode, point: readonly number[]): number {
  let node = tree;
  for (;;) {
    switch (node.kind) {
      case 'leaf':
        return node.value;
      case 'numeric-split':
        node = point[node.feature]! <= node.threshold ? node.left : node.right;
        break;
      case 'categorical-split':
        node = node.goesLeft[point[node.feature]!] ? node.left : node.right;
        break;
      default: {
        const never: never = node;
        return never;
      }
    }
  }
}
