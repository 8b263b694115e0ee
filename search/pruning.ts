// Pruning across trials: after each epoch a trial reports its objective (the best value it has
// reached so far) to a table shared by the study's trials at that epoch, and these rules decide
// from that table whether it trails its peers badly enough to stop. Pure functions over plain
// numbers; the table lives in Redis (store/prune-tables.ts, reportAndRead). Every verdict that
// prunes says why, in words and numbers.
//
// - median (as Optuna's MedianPruner): after `warmupEpochs`, a trial whose value at epoch e is
//   worse than the median of the other trials' values at e is pruned, once at least `minPeers`
//   others have reported e. A tie with the median is not worse.
// - asha (asynchronous successive halving, stopping variant as in Ray Tune): rungs at epochs
//   r, r·η, r·η², …; at a rung, a trial goes on only if its value is among the top ⌊n/η⌋ (at
//   least 1) of the n values recorded at that rung so far, itself included. No trial waits for a
//   rung to fill; the first `minPeers` to reach a rung always go on. A tie with the cut goes on.
//
// A trial is never pruned at its last epoch (there is nothing left to save).
import type { EpochMetrics, MetricMode, MetricName, ObjectiveSpec, PrunerSpec } from '../types/index.js';
import { formatMetric, monitoredValue } from './early-stopping.js';
import { median } from './stats.js';

/** What a trial reports at its last epoch: the best objective value it has reached (null before any finite one). */
export function bestSoFar(history: readonly EpochMetrics[], objective: ObjectiveSpec): number | null {
  let best: number | null = null;
  for (const m of history) {
    const v = monitoredValue(m, objective.metric);
    if (v !== null && (best === null || (objective.mode === 'max' ? v > best : v < best))) best = v;
  }
  return best;
}

export interface PruneInput {
  pruner: PrunerSpec;
  metric: MetricName;
  mode: MetricMode;
  /** The epoch just finished (1-based, counting a promoted trial's earlier epochs). */
  epoch: number;
  /** The epochs the trial is to train in all: no prune at the last one. */
  epochs: number;
  /** The trial's own value at `epoch` (its best so far). */
  value: number;
  /** The other trials' values at `epoch` (the trial's own excluded). */
  peers: readonly number[];
  /** What the peers are, for the reason: trials, or configurations (with repeats). @defaultValue 'trial' */
  peerNoun?: 'trial' | 'configuration';
}

export type PruneVerdict = { prune: false } | { prune: true; reason: string };

const KEEP: PruneVerdict = { prune: false };

const worse = (a: number, b: number, mode: MetricMode) => (mode === 'max' ? a < b : a > b);

/** The median of a non-empty list (mean of the middle two for an even count): search/stats.ts's. */
export { median };

/** The rung index of `epoch` (0 for r, 1 for r·η, …), or null when `epoch` is no rung. */
export function ashaRung(epoch: number, minEpochs: number, reduction: number): number | null {
  let rungEpoch = minEpochs;
  for (let k = 0; rungEpoch <= epoch; k++) {
    if (rungEpoch === epoch) return k;
    rungEpoch *= reduction;
  }
  return null;
}

/** Whether the pruner stops this trial now, and why. */
export function pruneVerdict(input: PruneInput): PruneVerdict {
  const { pruner, metric, mode, epoch, epochs, value } = input;
  if (epoch >= epochs || !Number.isFinite(value)) return KEEP;
  const peers = input.peers.filter(Number.isFinite);
  switch (pruner.type) {
    case 'none':
      return KEEP;
    case 'median': {
      if (epoch <= pruner.warmupEpochs || peers.length < pruner.minPeers) return KEEP;
      const m = median(peers);
      if (!worse(value, m, mode)) return KEEP;
      return {
        prune: true,
        reason: `${metric} ${formatMetric(value)} at epoch ${epoch} is ${mode === 'max' ? 'below' : 'above'} the median ${formatMetric(m)} of ${peers.length} other ${input.peerNoun ?? 'trial'}${peers.length === 1 ? '' : 's'} at epoch ${epoch}`,
      };
    }
    case 'asha': {
      const rung = ashaRung(epoch, pruner.minEpochs, pruner.reduction);
      const n = peers.length + 1;
      if (rung === null || n <= pruner.minPeers) return KEEP;
      const keep = Math.max(1, Math.floor(n / pruner.reduction));
      const bestFirst = [value, ...peers].sort((a, b) => (mode === 'max' ? b - a : a - b));
      const cut = bestFirst[keep - 1]!;
      if (!worse(value, cut, mode)) return KEEP;
      return {
        prune: true,
        reason: `${metric} ${formatMetric(value)} at rung ${rung + 1} (epoch ${epoch}) is not in the top 1/${pruner.reduction} of ${n} ${input.peerNoun ?? 'trial'}s (cut ${formatMetric(cut)})`,
      };
    }
    default: {
      const never: never = pruner;
      throw new TypeError(`unknown pruner ${JSON.stringify(never)}`);
    }
  }
}
