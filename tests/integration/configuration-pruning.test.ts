// With repeats, the pruner judges configurations (real Redis, BullMQ and tfjs on the synthetic set):
// every pruned run's reason names its configuration and the aggregate it was judged by, and the
// value it was judged by is its configuration's mean over the runs in the epoch's table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrialListResponse } from '../../types/api.js';
import { PruneTables } from '../../store/prune-tables.js';
import { startLiveApp, type LiveApp } from '../helpers/test-app.js';
import { getJson, runStudy } from '../helpers/api.js';
import { tinyStudySpec } from '../helpers/specs.js';

let live: LiveApp;
beforeAll(async () => {
  live = await startLiveApp({ log: () => {} });
});
afterAll(async () => live?.close());

describe('pruning a study with repeats', () => {
  it('prunes configurations by the mean of their runs, and says so', async () => {
    const study = await runStudy(
      live.app,
      tinyStudySpec({
        space: {
          optimizer: { type: 'categorical', values: ['sgd', 'adam'] },
          learningRate: { type: 'log-uniform', min: 1e-5, max: 1e-2 },
          batchSize: { type: 'fixed', value: 32 },
        },
        repeats: 2,
        stages: [{ trials: 4, epochs: 3 }],
        pruner: { type: 'median', warmupEpochs: 0, minPeers: 1 },
        earlyStopping: { enabled: false },
        objective: { metric: 'val_loss', mode: 'min' },
      }),
      240_000,
    );
    expect(study.state).toBe('completed');
    const { trials } = await getJson<TrialListResponse>(live.app, `/api/studies/${study.id}/trials`);
    expect(trials).toHaveLength(8);
    const pruned = trials.filter((t) => t.status === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    const tables = new PruneTables(live.env.redis);
    for (const t of pruned) {
      const m = new RegExp(`^configuration ${t.configId} \\(mean of ([12]) runs?\\): val_loss ([\\d.e-]+) at epoch \\d+ is above the median [\\d.e-]+ of \\d+ other configurations? at epoch`).exec(t.stopReason ?? '');
      expect(m, t.stopReason ?? '').not.toBeNull();
      // The value judged is the mean of the configuration's runs in that epoch's table (a run's value
      // at an epoch never changes once written, so the entries it was judged with are still there).
      const table = await tables.readPruneTable(study.id, t.epochsDone);
      const sibling = trials.find((r) => r.configId === t.configId && r.id !== t.id)!;
      const runs = Number(m![1]);
      const expected = runs === 1 ? table[t.id]! : (table[t.id]! + table[sibling.id]!) / 2;
      expect(Math.abs(Number(m![2]) - expected)).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(expected)));
    }
  });
});
