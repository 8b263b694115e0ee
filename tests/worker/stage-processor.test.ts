// The stage job never undoes a cancel: on a real redis-server with real BullMQ queues, a stage
// job that runs after its study was cancelled, or while the cancel lands, plans and queues no
// next stage, and the study with its stages and trials stays cancelled.
import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StageJobData, StudyRecord, TrialRecord } from '../../types/index.js';
import { cancelStudy, createStudy } from '../../api/study-service.js';
import { validateStudySpec } from '../../search/spec-schema.js';
import { stageJobId, trainJobId } from '../../store/queues.js';
import { StudyStore } from '../../store/study-store.js';
import { processStageJob } from '../../worker/stage-processor.js';
import { startTestRedis, type TestRedis } from '../helpers/test-redis.js';
import { tinyStudySpec } from '../helpers/specs.js';

type StudyMutation = Parameters<StudyStore['updateStudy']>[1];

/** A real store that cancels a study (with the service's cancel) right after the next write to it, as a cancel arriving then would. */
class StoreCancellingMeanwhile extends StudyStore {
  cancelAfterNextUpdate: TestRedis['queues'] | null = null;

  override async updateStudy(studyId: string, mutate: StudyMutation): Promise<StudyRecord> {
    const written = await super.updateStudy(studyId, mutate);
    const queues = this.cancelAfterNextUpdate;
    this.cancelAfterNextUpdate = null;
    if (queues) await cancelStudy({ store: this, queues }, studyId);
    return written;
  }
}

let env: TestRedis;
let store: StoreCancellingMeanwhile;

beforeAll(async () => {
  env = await startTestRedis();
  store = new StoreCancellingMeanwhile(env.redis);
});
afterAll(async () => {
  await store.close();
  await env.close();
});

/** A two-stage study whose first stage has trained (what its train jobs leave), with its stage job as BullMQ holds it. */
async function studyWithFirstStageTrained(): Promise<{ study: StudyRecord; stageJob: Job<StageJobData> }> {
  const checked = validateStudySpec(tinyStudySpec());
  if (!checked.ok) throw new Error(checked.issues.map((i) => i.message).join('; '));
  const study = await createStudy({ store, queues: env.queues }, checked.spec);
  for (const [i, id] of study.stages[0]!.trialIds.entries()) {
    await store.updateTrial(study.id, id, (t) => ({ trial: { ...t, status: 'completed', epochsDone: 2, bestEpoch: 2, bestMetric: 0.5 + i / 100 } }));
  }
  const stageJob = await env.queues.stage.getJob(stageJobId(study.id, 0));
  if (!stageJob) throw new Error('stage 1 has no stage job');
  return { study, stageJob };
}

const statusesOf = (trials: TrialRecord[], stage: number) => trials.filter((t) => t.stage === stage).map((t) => t.status);

describe('a stage job and a cancel', () => {
  it('plans no next stage when it runs after the cancel, and leaves the cancelled study as it was', async () => {
    const { study, stageJob } = await studyWithFirstStageTrained();
    const cancelled = await cancelStudy({ store, queues: env.queues }, study.id);
    const events = await store.events.readEvents(study.id);

    expect(await processStageJob({ store, queues: env.queues }, stageJob)).toEqual({ studyId: study.id, stage: 0, next: 'cancelled' });
    expect(await store.getStudy(study.id)).toEqual(cancelled);
    expect(cancelled.stages.map((s) => s.state)).toEqual(['cancelled']);
    expect(statusesOf(await store.listTrials(study.id), 1)).toEqual([]);
    expect(await store.events.readEvents(study.id)).toEqual(events);
  });

  it('queues no next stage when the cancel lands as it plans one: the planned stage and its trials say cancelled', async () => {
    const { study, stageJob } = await studyWithFirstStageTrained();
    store.cancelAfterNextUpdate = env.queues;

    expect((await processStageJob({ store, queues: env.queues }, stageJob)).next).toBe('cancelled');
    const after = (await store.getStudy(study.id))!;
    expect(after.state).toBe('cancelled');
    expect(after.stages.map((s) => s.state)).toEqual(['completed', 'cancelled']);
    const trials = await store.listTrials(study.id);
    expect(statusesOf(trials, 1)).toEqual(['cancelled', 'cancelled']);
    for (const t of trials.filter((x) => x.stage === 1)) expect(await env.queues.train.getJob(trainJobId(study.id, t.id))).toBeUndefined();
    expect(await env.queues.stage.getJob(stageJobId(study.id, 1))).toBeUndefined();
    expect((await store.events.readEvents(study.id)).map((e) => e.event.type)).not.toContain('study-finished');
  });
});
