// Pruning with repeats judges configurations (search/configuration-pruning.ts): a run stands for
// its configuration's aggregate over the runs that reported at the epoch, against the other
// configurations' aggregates; without repeats it is the plain per-run table.
import { describe, expect, it } from 'vitest';
import { configurationStanding } from '../../search/configuration-pruning.js';
import { pruneVerdict } from '../../search/pruning.js';

const configOf = (id: string) => ({ a0: 'A', a1: 'A', b0: 'B', b1: 'B', c0: 'C' })[id] ?? id;

describe('configurationStanding', () => {
  it('aggregates each configuration\'s runs: the run\'s own configuration against the others', () => {
    const table = { a0: 0.9, a1: 0.5, b0: 0.8, b1: 0.8, c0: 0.2 };
    expect(configurationStanding(table, 'a1', configOf, 'mean')).toEqual({ value: 0.7, peers: [0.8, 0.2], runs: 2 });
    expect(configurationStanding({ ...table, a2: 0.6 }, 'a1', (id) => (id === 'a2' ? 'A' : configOf(id)), 'median')).toEqual({ value: 0.6, peers: [0.8, 0.2], runs: 3 });
  });

  it('judges two repeats of one configuration alike, whatever their own seeds did', () => {
    // A lucky seed (a0 0.95) and an unlucky one (a1 0.55) of the same configuration.
    const table = { a0: 0.95, a1: 0.55, b0: 0.9, b1: 0.9, c0: 0.92 };
    const verdict = (run: string) => {
      const s = configurationStanding(table, run, configOf, 'mean');
      return pruneVerdict({ pruner: { type: 'median', warmupEpochs: 0, minPeers: 1 }, metric: 'val_acc', mode: 'max', epoch: 1, epochs: 4, value: s.value, peers: s.peers }).prune;
    };
    expect(verdict('a0')).toBe(verdict('a1'));
    expect(verdict('a0')).toBe(true); // A's mean 0.75 trails the median of B 0.9 and C 0.92
  });

  it('is the per-run table without repeats (every run its own configuration)', () => {
    expect(configurationStanding({ t0: 0.3, t1: 0.4, t2: 0.5 }, 't1', (id) => id, 'mean')).toEqual({ value: 0.4, peers: [0.3, 0.5], runs: 1 });
  });
});
