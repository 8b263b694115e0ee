// When a trial has diverged: a result, not an error. A diverged trial stops at once and its reason
// says which rule fired, with the numbers, e.g.
//   "train loss 4.3e+03 in epoch 1 is more than 10 × ln(10) = 23.03, the loss of a uniform guess".
//
// The rule (DIVERGENCE_FACTOR = 10), applied to the mean training cross-entropy of an epoch — and,
// every few batches, to the running mean of the epoch so far, so a blow-up stops mid-epoch:
//   1. it is NaN or ±Infinity, or
//   2. it exceeds DIVERGENCE_FACTOR × ln(classes): ten times worse than predicting every class with
//      equal probability — no run that is learning is ever there, even in its first epoch, or
//   3. from the second epoch on, it exceeds DIVERGENCE_FACTOR × the first epoch's loss: the loss
//      has blown up relative to where training started (this catches a run that began well below
//      chance and then exploded, which rule 2 alone would notice only much later).
import { formatMetric } from '../../search/early-stopping.js';

export const DIVERGENCE_FACTOR = 10;

/** The reason the epoch's training loss counts as diverged, or null when it does not. */
export function divergenceReason(args: { trainLoss: number; epoch: number; classes: number; firstEpochLoss: number | null; partial?: { batch: number; batches: number } }): string | null {
  const { trainLoss, epoch, classes, firstEpochLoss, partial } = args;
  const where = partial ? `epoch ${epoch} (after batch ${partial.batch} of ${partial.batches})` : `epoch ${epoch}`;
  if (!Number.isFinite(trainLoss)) return `train loss became ${String(trainLoss)} in ${where}`;
  const chance = Math.log(classes);
  if (trainLoss > DIVERGENCE_FACTOR * chance) {
    return `train loss ${formatMetric(trainLoss)} in ${where} is more than ${DIVERGENCE_FACTOR} × ln(${classes}) = ${formatMetric(DIVERGENCE_FACTOR * chance)}, the loss of a uniform guess`;
  }
  if (firstEpochLoss !== null && epoch > 1 && Number.isFinite(firstEpochLoss) && trainLoss > DIVERGENCE_FACTOR * firstEpochLoss) {
    return `train loss ${formatMetric(trainLoss)} in ${where} is more than ${DIVERGENCE_FACTOR} × the first epoch's ${formatMetric(firstEpochLoss)}`;
  }
  return null;
}
