// How the study page writes a configuration's repeats next to its score: "± 0.2% · 95 % t over
// 3 seeds" (the half-width of the Student-t interval of the mean, in the table's own units).
import type { MetricName, RepeatSummary } from '../../../types/index.js';
import { formatMetric } from '../shared/format.js';

export function repeatsText(r: RepeatSummary, metric: MetricName): string {
  const i = r.interval;
  const seeds = `${r.values.length} seed${r.values.length === 1 ? '' : 's'}`;
  if (!i) return `no usable result over ${seeds}`;
  const spread = i.halfWidth === null ? `one usable result of ${seeds}` : `± ${formatMetric(metric, i.halfWidth)} · 95 % t over ${i.n} of ${seeds}`;
  return r.aggregate === 'median' ? `median; mean ${formatMetric(metric, i.mean)} ${spread}` : spread;
}
