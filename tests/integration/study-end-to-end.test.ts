// The walking product end to end on real parts: a two-stage study posted through the API, trained
// by a real worker (BullMQ, tfjs) on the synthetic set, ranked, refined and finished, with its
// events streamed over SSE and resumable from Last-Event-ID. The reads go through the dashboard's
// own ApiClient where it has a method for them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NumericDistribution } from '../../types/index.js';
import type { StudyResponse, TrialMetricsResponse } from '../../types/api.js';
import { parseStudyEvent, type ApiClient } from '../../web/src/shared/api-client.js';
import { startLiveApp, type LiveApp } from '../helpers/test-app.js';
import { tinyStudySpec } from '../helpers/specs.js';
import { clientFor, getJson, readSse, runStudy } from '../helpers/api.js';

let live: LiveApp;
let client: ApiClient;
let study: StudyResponse;
const logs: string[] = [];

beforeAll(async () => {
  live = await startLiveApp({ backend: 'auto', log: (l) => logs.push(l) });
  client = clientFor(live.app);
  study = await runStudy(live.app, tinyStudySpec(), 240_000, { everyMs: 250, log: () => `worker log:\n${logs.join('\n')}` });
}, 300_000);

afterAll(() => live?.close());

describe('a two-stage study on the synthetic set', () => {
  it('completes, with every trial trained to a finished state by the worker', async () => {
    expect(study.state, study.error ?? '').toBe('completed');
    const trials = await client.listTrials(study.id);
    expect(trials).toHaveLength(6);
    for (const t of trials) {
      expect(['completed', 'early-stopped', 'diverged']).toContain(t.status);
      expect(t.backend).toBe(live.worker.backend);
      expect(t.epochsDone).toBeGreaterThan(0);
    }
  });

  it('narrows stage 2 inside stage 1 around the best trials of stage 1', () => {
    const [first, second] = study.stages;
    expect(second).toBeDefined();
    const lr1 = first!.space.learningRate as NumericDistribution;
    const lr2 = second!.space.learningRate as NumericDistribution;
    expect(lr2.type).toBe('log-uniform');
    expect(lr2.min).toBeGreaterThanOrEqual(lr1.min);
    expect(lr2.max).toBeLessThanOrEqual(lr1.max);
    expect(Math.log10(lr2.max / lr2.min)).toBeLessThan(Math.log10(lr1.max / lr1.min));
  });

  it('returns the top configuration with its metrics from /best', async () => {
    const best = await client.getBest(study.id);
    expect(best.final).toBe(true);
    const trials = await client.listTrials(study.id);
    const topAcc = Math.max(...trials.filter((t) => t.bestMetric !== null).map((t) => t.bestMetric!));
    expect(best.overall?.metric).toBe(topAcc);
    expect(best.overall?.metrics?.valAcc).toBe(topAcc);
    expect(topAcc).toBeGreaterThan(0.5); // 10 classes: chance is 0.1
    expect(Object.keys(best.byOptimizer).length).toBeGreaterThan(0);
    // Held-out test accuracy is reported beside the ranking metric (never used for it).
    const top = trials.find((t) => t.id === best.overall?.trialId)!;
    expect(best.overall?.test).toEqual(top.test);
    expect(best.overall?.test?.acc).toBeGreaterThan(0);
  });

  it('keeps each trial’s per-epoch history', async () => {
    const t = (await client.listTrials(study.id))[0]!;
    const metrics = await getJson<TrialMetricsResponse>(live.app, `/api/studies/${study.id}/trials/${t.id}/metrics`);
    expect(metrics.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: t.epochsDone }, (_, i) => i + 1));
  });

  it('streams every epoch exactly once over SSE, and resumes from Last-Event-ID without gaps or repeats', async () => {
    const all = await readSse(await live.app.request(`/api/studies/${study.id}/events`), (m) => m.event === 'study-finished');
    const events = all.filter((m) => m.id !== null);
    expect(events.at(-1)?.event).toBe('study-finished');
    // Each epoch message read as the dashboard reads it.
    const epochKeys = events.filter((m) => m.event === 'epoch').map((m) => {
      const e = parseStudyEvent(m.event, m.data);
      if (e?.type !== 'epoch') throw new Error(`not an epoch event: ${m.data}`);
      return `${e.trialId}#${e.metrics.epoch}`;
    });
    expect(new Set(epochKeys).size).toBe(epochKeys.length);
    const trials = await client.listTrials(study.id);
    expect(epochKeys.length).toBe(trials.reduce((n, t) => n + t.epochsDone, 0));

    const middle = events[Math.floor(events.length / 2)]!;
    const rest = await readSse(
      await live.app.request(`/api/studies/${study.id}/events`, { headers: { 'last-event-id': middle.id! } }),
      (m) => m.event === 'study-finished',
    );
    const expected = events.slice(events.indexOf(middle) + 1).map((m) => m.id);
    expect(rest.filter((m) => m.id !== null).map((m) => m.id)).toEqual(expected);
  });

  it('lists the worker with its backend while it runs', async () => {
    const workers = await client.listWorkers();
    expect(workers.find((w) => w.id === live.worker.id)?.backend).toBe(live.worker.backend);
  });
});
