// The best-configurations panel keeps up with a fast study: while trials keep finishing, the feed
// refetches /best at most every bestDelayMs instead of restarting a debounce on every finish (which
// never fired until the study ended). Real app, Redis and event stream; the trial-finished events
// are appended to the study's stream as a worker would write them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../web/src/shared/api-client.js';
import { StudyModel } from '../../web/src/study/study-model.js';
import { StudyFeed } from '../../web/src/study/study-feed.js';
import { trialFinishedEvent } from '../../search/trial-lifecycle.js';
import { postStudy } from '../helpers/api.js';
import { tinyStudySpec } from '../helpers/specs.js';
import { startDashboardServer, waitFor, type DashboardServer } from './dashboard-harness.js';

let srv: DashboardServer;
beforeAll(async () => {
  srv = await startDashboardServer({ worker: false });
}, 60_000);
afterAll(async () => srv?.close());

describe('the study feed', () => {
  it('refetches the best configurations while trials keep finishing, not only once they stop', async () => {
    const study = await postStudy({ request: (path, init) => fetch(`${srv.baseUrl}${String(path)}`, init) }, tinyStudySpec({ stages: [{ trials: 12, epochs: 1 }] }));
    const bestCalls: number[] = [];
    const api = new ApiClient({
      baseUrl: srv.baseUrl,
      fetch: (input, init) => {
        if (String(input).endsWith('/best')) bestCalls.push(Date.now());
        return fetch(input, init);
      },
    });
    const feed = new StudyFeed({ api, studyId: study.id, model: new StudyModel(), bestDelayMs: 300, schedule: (flush) => setTimeout(flush, 0) });
    void feed.start();
    await waitFor('the feed to be live', () => feed.state === 'live', 30_000);
    // A trial finishing every 100 ms for 2 s: three times faster than the refetch delay.
    const trials = await srv.env.store.listTrials(study.id);
    const started = Date.now();
    for (const t of trials) {
      await srv.env.store.events.appendEvent(study.id, trialFinishedEvent({ ...t, status: 'completed', epochsDone: 1, bestEpoch: 1, bestMetric: 0.5 }));
      await new Promise((r) => setTimeout(r, 100));
    }
    const during = bestCalls.filter((at) => at >= started && at < started + trials.length * 100).length;
    feed.close();
    expect(during).toBeGreaterThanOrEqual(2);
  });
});
