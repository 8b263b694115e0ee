// Functional ANOVA of one regression tree (Hutter, Hoos & Leyton-Brown, "An Efficient Approach for
// Assessing Hyperparameter Importance", ICML 2014): how much of the variance of the tree's
// prediction over the whole space each feature explains on its own. Pure and exact — a tree is
// constant on boxes, so every integral below is a finite sum.
//
// The space carries the product of uniform measures: a numeric feature uniform on [lo, hi] (on its
// scale, so log10 for a log dimension), a categorical one 1/k per category. A leaf l is the box
// R_l = Π_j R_lj with value v_l and measure w_l = Π_j m_j(R_lj). Then
//   mean      μ   = Σ_l w_l v_l
//   variance  V   = Σ_l w_l (v_l − μ)²
//   marginal  f_d(x_d) = ∫ f dx_{−d} = Σ_{l : x_d ∈ R_ld} v_l · w_l / m_d(R_ld)
//   main effect V_d = ∫ (f_d(x_d) − μ)² dm_d(x_d)
// and the share of feature d is V_d / V (what fANOVA calls the importance of a main effect); the
// shares add up to at most 1, the rest being interactions. f_d is constant between consecutive
// split points of d (numeric) and per category, so V_d is a sum over those cells.
import type { Feature, TreeNode } from './regression-tree.js';

type Region = { lo: number; hi: number } | { allowed: boolean[] };

interface Leaf {
  value: number;
  regions: Region[];
}

export interface TreeDecomposition {
  mean: number;
  /** V: the variance of the tree's prediction over the space. */
  variance: number;
  /** V_d per feature, in the features' order. */
  mainEffects: number[];
}

function measure(region: Region, feature: Feature): number {
  if ('allowed' in region) return region.allowed.filter(Boolean).length / (feature.kind === 'categorical' ? feature.count : 1);
  const width = feature.kind === 'numeric' ? feature.hi - feature.lo : 0;
  return width > 0 ? (region.hi - region.lo) / width : 1;
}

function collectLeaves(node: TreeNode, regions: Region[], out: Leaf[]): void {
  switch (node.kind) {
    case 'leaf':
      out.push({ value: node.value, regions });
      return;
    case 'numeric-split': {
      const r = regions[node.feature] as { lo: number; hi: number };
      const cut = Math.min(r.hi, Math.max(r.lo, node.threshold));
      collectLeaves(node.left, regions.with(node.feature, { lo: r.lo, hi: cut }), out);
      collectLeaves(node.right, regions.with(node.feature, { lo: cut, hi: r.hi }), out);
      return;
    }
    case 'categorical-split': {
      const r = regions[node.feature] as { allowed: boolean[] };
      collectLeaves(node.left, regions.with(node.feature, { allowed: r.allowed.map((a, c) => a && node.goesLeft[c]!) }), out);
      collectLeaves(node.right, regions.with(node.feature, { allowed: r.allowed.map((a, c) => a && !node.goesLeft[c]!) }), out);
      return;
    }
    default: {
      const never: never = node;
      return never;
    }
  }
}

/** The leaves of a tree as boxes of the space (regions clipped to the features' domains). */
function leavesOf(tree: TreeNode, features: readonly Feature[]): Leaf[] {
  const root: Region[] = features.map((f) => (f.kind === 'numeric' ? { lo: f.lo, hi: f.hi } : { allowed: new Array<boolean>(f.count).fill(true) }));
  const out: Leaf[] = [];
  collectLeaves(tree, root, out);
  return out;
}

/** V_d of one feature from the leaves (see the header), given μ. */
function mainEffect(leaves: readonly Leaf[], weights: readonly number[], feature: Feature, d: number, mean: number): number {
  // Each leaf adds v_l · w_l / m_d(R_ld) to f_d on the cells its region covers.
  const share = leaves.map((l, i) => {
    const m = measure(l.regions[d]!, feature);
    return m > 0 ? (l.value * weights[i]!) / m : 0;
  });
  if (feature.kind === 'categorical') {
    let v = 0;
    for (let c = 0; c < feature.count; c++) {
      let f = 0;
      leaves.forEach((l, i) => {
        if ((l.regions[d] as { allowed: boolean[] }).allowed[c]) f += share[i]!;
      });
      v += (f - mean) ** 2 / feature.count;
    }
    return v;
  }
  const width = feature.hi - feature.lo;
  if (!(width > 0)) return 0;
  const bounds = [...new Set(leaves.flatMap((l) => [(l.regions[d] as { lo: number }).lo, (l.regions[d] as { hi: number }).hi]))].sort((a, b) => a - b);
  const at = new Map(bounds.map((b, i) => [b, i]));
  // A difference array over the cells between consecutive bounds: O(leaves + cells).
  const diff = new Array<number>(bounds.length).fill(0);
  leaves.forEach((l, i) => {
    const r = l.regions[d] as { lo: number; hi: number };
    if (r.hi <= r.lo) return;
    diff[at.get(r.lo)!]! += share[i]!;
    diff[at.get(r.hi)!]! -= share[i]!;
  });
  let v = 0;
  let f = 0;
  for (let c = 0; c + 1 < bounds.length; c++) {
    f += diff[c]!;
    v += ((bounds[c + 1]! - bounds[c]!) / width) * (f - mean) ** 2;
  }
  return v;
}

/** The tree's mean, variance and main-effect variances over the space of `features`. */
export function decomposeTree(tree: TreeNode, features: readonly Feature[]): TreeDecomposition {
  const leaves = leavesOf(tree, features);
  const weights = leaves.map((l) => l.regions.reduce((w, r, j) => w * measure(r, features[j]!), 1));
  const mean = leaves.reduce((s, l, i) => s + weights[i]! * l.value, 0);
  const variance = leaves.reduce((s, l, i) => s + weights[i]! * (l.value - mean) ** 2, 0);
  const mainEffects = features.map((f, d) => mainEffect(leaves, weights, f, d, mean));
  return { mean, variance, mainEffects };
}
