// The early-stopping rule as a pure function of the metric history: after every epoch the worker
// asks `shouldStopEarly(history, options)` and gets back whether to stop and *why*, in words and
// numbers a student can read. Same semantics as Keras' EarlyStopping (strict improvement by more
// than minDelta, optional baseline), plus a warmup during which no trial is stopped.
import type { EarlyStoppingSpec, EpochMetrics, MetricMode, MetricName, StopDecision } from '../types/index.js';

export type EarlyStoppingOptions = Pick<EarlyStoppingSpec, 'monitor' | 'mode' | 'patience' | 'minDelta' | 'warmup' | 'baseline'>;

/** The monitored value of one epoch; `null` when it is missing or not finite. */
export function monitoredValue(metrics: EpochMetrics, monitor: MetricName): number | null {
  const v = monitor === 'val_loss' ? metrics.valLoss : metrics.valAcc;
  return v !== null && Number.isFinite(v) ? v : null;
}

/** True when `value` beats `reference` by more than `minDelta` in direction `mode`. */
export function isImprovement(value: number, reference: number, mode: MetricMode, minDelta: number): boolean {
  return mode === 'min' ? value < reference - minDelta : value > reference + minDelta;
}

/** Numbers as people write them: at most 4 significant digits, no trailing zeros. */
export function formatMetric(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) >= 1e6 || Math.abs(v) < 1e-4)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Decide after the last epoch of `history` (epochs are 1-based, in order).
 * - The best epoch is the first whose monitored value improves (by more than minDelta) on every
 *   earlier best — or on `baseline` when one is given.
 * - `epochsSinceBest` counts epochs after the best one (all epochs when nothing improved yet).
 * - Stop when `epochsSinceBest >= patience`, but never within the first `warmup` epochs.
 */
export function shouldStopEarly(history: readonly EpochMetrics[], options: EarlyStoppingOptions): StopDecision {
  const { monitor, mode, patience, minDelta, warmup, baseline } = options;
  let bestValue: number | null = null;
  let bestEpoch: number | null = null;
  for (const m of history) {
    const v = monitoredValue(m, monitor);
    if (v === null) continue;
    const reference = bestValue ?? baseline;
    if (reference === undefined || isImprovement(v, reference, mode, minDelta)) {
      bestValue = v;
      bestEpoch = m.epoch;
    }
  }
  const last = history[history.length - 1];
  if (!last) return { stop: false, reason: 'no epoch finished yet', bestEpoch: null, bestValue: null, epochsSinceBest: 0 };

  const epochsSinceBest = bestEpoch === null ? history.length : last.epoch - bestEpoch;
  const current = monitoredValue(last, monitor);
  const currentText = current === null ? `${monitor} (not a finite number)` : `${monitor} ${formatMetric(current)}`;
  const verdict = (stop: boolean, reason: string): StopDecision => ({ stop, reason, bestEpoch, bestValue, epochsSinceBest });

  if (epochsSinceBest === 0) return verdict(false, `${monitor} improved to ${formatMetric(bestValue!)} (epoch ${bestEpoch})`);
  const stop = epochsSinceBest >= patience && history.length > warmup;
  const what =
    bestValue !== null && bestEpoch !== null
      ? `${currentText} did not improve on ${formatMetric(bestValue)} (epoch ${bestEpoch}) by ${formatMetric(minDelta)}`
      : baseline !== undefined
        ? `${currentText} did not beat the baseline ${formatMetric(baseline)} by ${formatMetric(minDelta)}`
        : `no finite ${monitor} yet`;
  if (stop) return verdict(true, `${what} for ${plural(epochsSinceBest, 'epoch')}`);
  if (epochsSinceBest >= patience) return verdict(false, `${what} for ${plural(epochsSinceBest, 'epoch')}, but epoch ${history.length} is within the ${plural(warmup, 'warmup epoch')}`);
  return verdict(false, `${what}: ${epochsSinceBest} of ${plural(patience, 'epoch')} without improvement`);
}
