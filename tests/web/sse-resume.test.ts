// The dashboard's live feed against the real thing: a study trained by a real worker, its events
// read by the same SSE client the browser runs (fetch + ReadableStream), with the server cutting
// every connection twice mid-study. The feed must reconnect after its last event id by itself
// and end with every epoch of every trial exactly once — no gap, no repeat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudyRecord, TrialRecord } from '../../types/index.js';
import { ApiClient } from '../../web/src/shared/api-client.js';
import type { SseMessage } from '../../web/src/shared/sse-client.js';
import { FEED_STATES, StudyFeed } from '../../web/src/study/study-feed.js';
import { StudyModel } from '../../web/src/study/study-model.js';
import { readSse } from '../helpers/api.js';
import { tinyStudySpec } from '../helpers/specs.js';
import { startDashboardServer, waitFor, type DashboardServer } from './dashboard-harness.js';

let srv: DashboardServer;

beforeAll(async () => {
  srv = await startDashboardServer();
}, 60_000);

afterAll(async () => {
  await srv?.close();
});

/** Stream ids `ms-seq` in order. */
function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  return am === bm ? Number(as - bs) : am < bm ? -1 : 1;
}

describe('the study feed, cut off mid-study', () => {
  it('reconnects after its last event id and ends with every epoch exactly once', async () => {
    const spec = tinyStudySpec({
      name: 'feed cut-off',
      stages: [
        { trials: 4, epochs: 3 },
        { trials: 2, epochs: 3, keepTop: 2 },
      ],
    });
    const res = await fetch(`${srv.baseUrl}/api/studies`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
    expect(res.status).toBe(201);
    const study = (await res.json()) as StudyRecord;

    const model = new StudyModel();
    const messages: SseMessage[] = [];
    const feed = new StudyFeed({
      api: new ApiClient({ baseUrl: srv.baseUrl }),
      studyId: study.id,
      model,
      retryMs: 50,
      schedule: (flush) => setTimeout(flush, 0),
      onMessage: (m) => messages.push(m),
    });
    const finished = feed.start();

    const cuts: number[] = [];
    for (const after of [3, 9]) {
      await waitFor(`${after} epochs`, () => model.epochEvents >= after || feed.state === FEED_STATES.ended, 120_000, 20);
      if (feed.state === FEED_STATES.ended) break;
      cuts.push(model.epochEvents);
      expect(srv.cutConnections()).toBeGreaterThan(0);
    }
    await Promise.race([finished, new Promise((_, reject) => setTimeout(() => reject(new Error(`feed still ${feed.state}; worker log:\n${srv.workerLog.join('\n')}`)), 180_000))]);

    expect(feed.state).toBe(FEED_STATES.ended);
    expect(model.state).toBe('completed');
    // Both cuts came mid-study (the study has 18 epochs), and each was followed by a reconnect.
    expect(cuts).toHaveLength(2);
    expect(feed.connections).toBeGreaterThanOrEqual(3);

    const ids = messages.flatMap((m) => (m.id === null ? [] : [m.id]));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort(compareIds)).toEqual(ids);
    expect(messages.filter((m) => m.id !== null).at(-1)?.event).toBe('study-finished');

    // The same events as one uninterrupted read of the whole stream.
    const whole = await readSse(await fetch(`${srv.baseUrl}/api/studies/${study.id}/events`), (m) => m.event === 'study-finished');
    expect(ids).toEqual(whole.flatMap((m) => (m.id === null ? [] : [m.id])));

    // Every epoch of every trial exactly once, matching the stored per-epoch history.
    const { trials } = (await (await fetch(`${srv.baseUrl}/api/studies/${study.id}/trials`)).json()) as { trials: TrialRecord[] };
    expect(trials).toHaveLength(6);
    let total = 0;
    for (const t of trials) {
      const { epochs } = (await (await fetch(`${srv.baseUrl}/api/studies/${study.id}/trials/${t.id}/metrics`)).json()) as { epochs: Array<{ epoch: number; valLoss: number | null }> };
      const seen = model.trials.get(t.id);
      expect(seen?.status).toBe(t.status);
      expect(seen?.epochs.map((e) => e.epoch)).toEqual(epochs.map((e) => e.epoch));
      expect(seen?.epochs.map((e) => e.valLoss)).toEqual(epochs.map((e) => e.valLoss));
      total += epochs.length;
    }
    expect(total).toBeGreaterThan(cuts[1]!);
    expect(model.epochEvents).toBe(total);
    expect(model.replacedEpochs).toBe(0);
    expect(model.best?.overall).not.toBeNull();
  }, 240_000);
});
