// Pruning acts on configurations, not runs (issue 15). With repeats, the pruners' table of an epoch
// holds every run's value; a run is judged by its configuration's aggregate (the mean, or median,
// of the values its configuration's runs reported at that epoch) against the other
// configurations' aggregates. So two repeats of one configuration are judged alike, and a lucky
// or unlucky seed does not decide alone. Without repeats every configuration is one run and this
// is the plain per-trial table.
import type { Aggregate } from '../types/index.js';
import { aggregateValues } from './configurations.js';

export interface ConfigurationStanding {
  /** The run's configuration's aggregate at this epoch (its own value among its repeats'). */
  value: number;
  /** Every other configuration's aggregate at this epoch. */
  peers: number[];
  /** How many of its own configuration's runs the value aggregates. */
  runs: number;
}

/**
 * `table`: run id → value at one epoch (the run's own entry included); `configOf`: a run's
 * configuration (runs it does not know are their own configuration).
 */
export function configurationStanding(table: Readonly<Record<string, number>>, runId: string, configOf: (runId: string) => string, aggregate: Aggregate): ConfigurationStanding {
  const byConfig = new Map<string, number[]>();
  for (const [id, v] of Object.entries(table)) {
    if (!Number.isFinite(v)) continue;
    const c = configOf(id);
    byConfig.set(c, [...(byConfig.get(c) ?? []), v]);
  }
  const own = configOf(runId);
  const mine = byConfig.get(own) ?? [];
  const peers = [...byConfig.entries()].filter(([c]) => c !== own).map(([, vs]) => aggregateValues(vs, aggregate));
  return { value: aggregateValues(mine, aggregate), peers, runs: mine.length };
}
