// The walking product end to end on real parts: a two-stage study posted through the API, trained
// by a real worker (BullMQ, tfjs) on the synthetic set, ranked, refined and finished, with its
// events streamed over SSE and resumable from Last-Event-ID.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BestSummary, NumericDistribution, StudyEvent, StudyRecord, TrialRecord } from '../../types/index.js';
import { createApp } from '../../api/app.js';
import { startWorker, type RunningWorker } from '../../worker/start-worker.js';
import { startTestRedis, type TestRedis } from '../helpers/test-redis.js';
import { readSse } from '../helpers/sse.js';
import { tinyStudySpec } from '../helpers/specs.js';

let env: TestRedis;
let worker: RunningWorker;
let app: ReturnType<typeof createApp>;
let study: StudyRecord;
const logs: string[] = [];

async function waitForStudy(id: string, timeoutMs: number): Promise<StudyRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = (await (await app.request(`/api/studies/${id}`)).json()) as StudyRecord;
    if (['completed', 'failed', 'cancelled'].includes(s.state)) return s;
    if (Date.now() > deadline) throw new Error(`study still ${s.state} after ${timeoutMs} ms; worker log:\n${logs.join('\n')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  env = await startTestRedis();
  app = createApp({ store: env.store, queues: env.queues });
  worker = await startWorker({ redisUrl: env.url, backend: 'auto', log: (l) => logs.push(l) });
  const res = await app.request('/api/studies', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(tinyStudySpec()) });
  expect(res.status).toBe(201);
  study = await waitForStudy(((await res.json()) as StudyRecord).id, 240_000);
}, 300_000);

afterAll(async () => {
  await worker?.close();
  await env?.close();
});

describe('a two-stage study on the synthetic set', () => {
  it('completes, with every trial trained to a finished state by the worker', async () => {
    expect(study.state, study.error ?? '').toBe('completed');
    const { trials } = (await (await app.request(`/api/studies/${study.id}/trials`)).json()) as { trials: TrialRecord[] };
    expect(trials).toHaveLength(6);
    for (const t of trials) {
      expect(['completed', 'early-stopped', 'diverged']).toContain(t.status);
      expect(t.backend).toBe(worker.backend);
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
    const best = (await (await app.request(`/api/studies/${study.id}/best`)).json()) as BestSummary & { final: boolean };
    expect(best.final).toBe(true);
    const { trials } = (await (await app.request(`/api/studies/${study.id}/trials`)).json()) as { trials: TrialRecord[] };
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
    const { trials } = (await (await app.request(`/api/studies/${study.id}/trials`)).json()) as { trials: TrialRecord[] };
    const t = trials[0]!;
    const metrics = (await (await app.request(`/api/studies/${study.id}/trials/${t.id}/metrics`)).json()) as { epochs: Array<{ epoch: number; valAcc: number }> };
    expect(metrics.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: t.epochsDone }, (_, i) => i + 1));
  });

  it('streams every epoch exactly once over SSE, and resumes from Last-Event-ID without gaps or repeats', async () => {
    const all = await readSse(await app.request(`/api/studies/${study.id}/events`), (m) => m.event === 'study-finished');
    const events = all.filter((m) => m.id !== null);
    expect(events.at(-1)?.event).toBe('study-finished');
    const epochKeys = events.filter((m) => m.event === 'epoch').map((m) => {
      const e = JSON.parse(m.data) as Extract<StudyEvent, { type: 'epoch' }>;
      return `${e.trialId}#${e.metrics.epoch}`;
    });
    expect(new Set(epochKeys).size).toBe(epochKeys.length);
    const { trials } = (await (await app.request(`/api/studies/${study.id}/trials`)).json()) as { trials: TrialRecord[] };
    expect(epochKeys.length).toBe(trials.reduce((n, t) => n + t.epochsDone, 0));

    const middle = events[Math.floor(events.length / 2)]!;
    const rest = await readSse(
      await app.request(`/api/studies/${study.id}/events`, { headers: { 'last-event-id': middle.id! } }),
      (m) => m.event === 'study-finished',
    );
    const expected = events.slice(events.indexOf(middle) + 1).map((m) => m.id);
    expect(rest.filter((m) => m.id !== null).map((m) => m.id)).toEqual(expected);
  });

  it('lists the worker with its backend while it runs', async () => {
    const { workers } = (await (await app.request('/api/workers')).json()) as { workers: Array<{ id: string; backend: string; host: string }> };
    expect(workers.find((w) => w.id === worker.id)?.backend).toBe(worker.backend);
  });
});
