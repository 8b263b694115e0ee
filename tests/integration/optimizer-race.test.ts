// The optimizer race as a protocol, on real parts (Redis, BullMQ, a worker training tfjs on the
// synthetic set): SGD against Adam, each with its own learning-rate search, then a confirm stage
// that retrains each one's best configuration on 3 fresh paired seeds; the study ends with a
// verdict whose numbers are the trials' own records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonResponse, BestResponse, TrialListResponse } from '../../types/api.js';
import { mean } from '../../search/stats.js';
import { formatMeanInterval } from '../../search/comparison.js';
import { startLiveApp, type LiveApp } from '../helpers/test-app.js';
import { getJson, runStudy } from '../helpers/api.js';
import { tinyRaceSpec } from '../helpers/specs.js';

let live: LiveApp;
const logs: string[] = [];
beforeAll(async () => {
  live = await startLiveApp({ log: (line) => void logs.push(line) });
});
afterAll(async () => live?.close());

describe('a 2-optimizer race with repeats: 3', () => {
  it('ends with a verdict per pair whose numbers match the trials\' records', async () => {
    const study = await runStudy(live.app, tinyRaceSpec(), 240_000, { log: () => logs.join('\n') });
    expect(study.state).toBe('completed');
    const { trials } = await getJson<TrialListResponse>(live.app, `/api/studies/${study.id}/trials`);
    expect(trials).toHaveLength(12);
    const search = trials.filter((t) => t.stage === 0);
    const confirm = trials.filter((t) => t.stage === 1);
    // Paired seeds: repeat k has one seed across configurations; the confirm stage's seeds are fresh.
    for (const k of [0, 1, 2]) expect(new Set(confirm.filter((t) => t.repeat === k).map((t) => t.seed)).size).toBe(1);
    expect(confirm.some((t) => search.some((s) => s.seed === t.seed))).toBe(false);

    const c = await getJson<ComparisonResponse>(live.app, `/api/studies/${study.id}/comparison`);
    expect(c).toMatchObject({ final: true, stage: 1, confirm: true, repeats: 3 });
    expect(c.optimizers.map((o) => o.optimizer).sort()).toEqual(['adam', 'sgd']);
    const byId = new Map(trials.map((t) => [t.id, t]));
    for (const o of c.optimizers) {
      const runs = o.trialIds.map((id) => byId.get(id)!);
      expect(runs.map((t) => [t.stage, t.config.optimizer, t.repeat])).toEqual([[1, o.optimizer, 0], [1, o.optimizer, 1], [1, o.optimizer, 2]]);
      expect(o.values).toEqual(runs.map((t) => t.bestMetric));
      expect(o.seeds).toEqual(runs.map((t) => t.seed));
      expect(o.interval!.mean).toBeCloseTo(mean(runs.map((t) => t.bestMetric!)), 12);
      expect(o.score).toBeCloseTo(o.interval!.mean, 12);
    }
    const [pair] = c.pairs;
    const [a, b] = [c.optimizers.find((o) => o.optimizer === pair!.first)!, c.optimizers.find((o) => o.optimizer === pair!.second)!];
    expect(pair!.seeds).toBe(3);
    expect(pair!.difference!.mean).toBeCloseTo(mean(a.values.map((v, k) => v! - b.values[k]!)), 12);
    expect(pair!.wins + pair!.losses + pair!.ties).toBe(3);
    expect(pair!.verdict.startsWith(`${a.optimizer} ${formatMeanInterval(a.interval!, 'val_acc')} vs ${b.optimizer} ${formatMeanInterval(b.interval!, 'val_acc')} over 3 paired seeds: `)).toBe(true);
    expect(pair!.verdict).toMatch(/paired difference −?\d\.\d{3} \(95 % CI −?\d\.\d{3} … −?\d\.\d{3}\)/);

    // /best ranks configurations by their repeats' mean and says over which runs.
    const best = await getJson<BestResponse>(live.app, `/api/studies/${study.id}/best`);
    const overall = best.overall!;
    expect(overall.repeats?.trialIds).toHaveLength(3);
    expect(overall.metric).toBeCloseTo(mean(overall.repeats!.values.map((v) => v!)), 12);
  }, 300_000);
});
