// Numbers, configs and times as the dashboard writes them, in one place so the charts' tooltips,
// the tables and the copied JSON agree.
import type { MetricName, OptimizerName, SurfaceOptimizerName, TrialConfig, TrialState } from '../../../types/index.js';

/** At most 4 significant digits, exponent form for very small or large values; '—' for none. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/** A learning rate: always exponent form, which is how people compare them (3.2e-4). */
export function formatLearningRate(v: number): string {
  return v.toExponential(1).replace('e+', 'e');
}

export function formatMetric(metric: MetricName, v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return metric === 'val_acc' ? `${(v * 100).toFixed(1)}%` : formatNumber(v);
}

export const METRIC_LABELS: Record<MetricName, string> = { val_loss: 'val loss', val_acc: 'val accuracy' };

export const OPTIMIZER_LABELS: Record<OptimizerName, string> = { sgd: 'SGD', momentum: 'Momentum', rmsprop: 'RMSProp', adam: 'Adam' };

export const SURFACE_OPTIMIZER_LABELS: Record<SurfaceOptimizerName, string> = { ...OPTIMIZER_LABELS, nesterov: 'Nesterov' };

/** The optimizer-specific knobs of a config in words, e.g. "β1 0.9, β2 0.999, ε 1e-7". */
export function formatKnobs(c: TrialConfig): string {
  const parts: string[] = [];
  if (c.momentum !== undefined) parts.push(`momentum ${formatNumber(c.momentum)}`);
  if (c.nesterov) parts.push('Nesterov');
  if (c.rho !== undefined) parts.push(`ρ ${formatNumber(c.rho)}`);
  if (c.beta1 !== undefined) parts.push(`β1 ${formatNumber(c.beta1)}`);
  if (c.beta2 !== undefined) parts.push(`β2 ${formatNumber(c.beta2)}`);
  if (c.epsilon !== undefined) parts.push(`ε ${formatNumber(c.epsilon)}`);
  if (c.l2 > 0) parts.push(`L2 ${formatNumber(c.l2)}`);
  if (c.dropout > 0) parts.push(`dropout ${formatNumber(c.dropout)}`);
  return parts.join(', ');
}

/** "Adam, lr 3.2e-4, batch 64" (+ knobs when `full`). */
export function formatConfig(c: TrialConfig, full = false): string {
  const head = `${OPTIMIZER_LABELS[c.optimizer]}, lr ${formatLearningRate(c.learningRate)}, batch ${c.batchSize}`;
  const knobs = full ? formatKnobs(c) : '';
  return knobs ? `${head}, ${knobs}` : head;
}

export const TRIAL_STATE_LABELS: Record<TrialState, string> = {
  queued: 'queued',
  running: 'running',
  completed: 'completed',
  'early-stopped': 'stopped early',
  pruned: 'pruned',
  diverged: 'diverged',
  failed: 'failed',
  cancelled: 'cancelled',
};

/**
 * A trial's state in words. An early stop on the trial's last planned epoch cut nothing short, so
 * it is not called "stopped early": the rule was met as the budget ran out (its reason still says
 * what the rule saw).
 */
export function trialStateLabel(status: TrialState, epochsDone: number, epochsPlanned: number | null | undefined): string {
  if (status === 'early-stopped' && epochsPlanned && epochsDone >= epochsPlanned) return 'trained out';
  return TRIAL_STATE_LABELS[status];
}

/** "4 s ago", "3 min ago". */
export function formatAge(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s ago`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min ago` : `${Math.round(m / 60)} h ago`;
}
