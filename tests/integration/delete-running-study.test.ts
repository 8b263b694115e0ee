// DELETE of a study a real worker is training, on a real redis-server: the running trial stops by
// itself (its study is gone), DELETE waits for it and then removes its jobs too, so that no key and
// no job of the study is left — neither when DELETE answers nor after the worker has let go of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrialListResponse } from '../../types/api.js';
import { stageJobId, trainJobId } from '../../store/queues.js';
import { allKeys } from '../helpers/test-redis.js';
import { startLiveApp, type LiveApp } from '../helpers/test-app.js';
import { tinyStudySpec } from '../helpers/specs.js';
import { waitFor } from '../helpers/wait-for.js';
import { call, getJson, postStudy } from '../helpers/api.js';

let live: LiveApp;
const logs: string[] = [];

beforeAll(async () => {
  live = await startLiveApp({ backend: 'auto', log: (l) => logs.push(l) }, { logError: () => {} });
}, 60_000);
afterAll(() => live?.close());

const keysOf = async (studyId: string) => (await allKeys(live.env.redis)).filter((k) => k.includes(studyId));

describe('DELETE of a study while a worker trains it', () => {
  it('stops the running trial and leaves no key or job of the study, then or later', async () => {
    // Batches of one: 768 steps an epoch, so the trial still trains when the DELETE comes, however fast a step is.
    const spec = tinyStudySpec({
      keepWeights: true,
      space: { ...(tinyStudySpec().space as object), batchSize: { type: 'fixed', value: 1 } },
      stages: [{ trials: 2, epochs: 60 }, { trials: 2, epochs: 2, keepTop: 1 }],
      earlyStopping: { enabled: false },
    });
    const study = await postStudy(live.app, spec);
    // Running, with an epoch, a checkpoint and kept weights written: keys a late write could bring back.
    // (An epoch is recorded before it is checkpointed, and the trial's thread serialises the
    // checkpoint after that: wait for the checkpoint key itself, not only the epoch.)
    const running = await waitFor('a trial running with an epoch recorded and checkpointed', async () => {
      const { trials } = await getJson<TrialListResponse>(live.app, `/api/studies/${study.id}/trials`);
      const keys = await keysOf(study.id);
      return trials.find((t) => t.status === 'running' && t.epochsDone >= 1 && keys.includes(`opt:study:${study.id}:ckpt:${t.id}`));
    }, 60_000);
    expect(await keysOf(study.id)).toContain(`opt:study:${study.id}:ckpt:${running.id}`);

    const res = await call(live.app, 'DELETE', `/api/studies/${study.id}`);
    expect(res.status).toBe(200);
    expect(await keysOf(study.id)).toEqual([]);
    expect(await live.env.queues.train.getJob(trainJobId(study.id, running.id))).toBeUndefined();
    expect(await live.env.queues.stage.getJob(stageJobId(study.id, 0))).toBeUndefined();

    await waitFor('the worker to let go of the trial', async () => (await live.env.queues.train.getActiveCount()) + (await live.env.queues.stage.getActiveCount()) === 0, 30_000);
    expect(await keysOf(study.id), logs.join('\n')).toEqual([]);
    expect(logs.join('\n')).toContain(`trial ${study.id}/${running.id} cancelled`);
  }, 120_000);
});
