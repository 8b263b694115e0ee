// Loss landscapes on real parts: an optimizer race (refine "per-optimizer", keepWeights) is trained
// by a real worker on the synthetic set, then `landscape` jobs evaluate the validation loss around a
// trial's final weights. The grid's centre is the trial's final weights, so it has the validation
// loss the trial recorded; the final weights project to the origin; paired trials start from one point.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, LandscapeRecord, TrialRecord } from '../../types/index.js';
import type { LandscapeListResponse, StudyResponse, TrialListResponse } from '../../types/api.js';
import { keys } from '../../store/keys.js';
import { startLiveApp, type LiveApp } from '../helpers/test-app.js';
import { tinyStudySpec } from '../helpers/specs.js';
import { waitFor, type WaitOptions } from '../helpers/wait-for.js';
import { call, errorIssues, getJson, postJson, runStudy } from '../helpers/api.js';

let live: LiveApp;
let study: StudyResponse;
let trials: TrialRecord[];
const logs: string[] = [];

/** A timeout says what the worker wrote. */
const withWorkerLog: WaitOptions = { log: () => `worker log:\n${logs.join('\n')}` };

async function landscape(trialId: string, body: Record<string, unknown>): Promise<LandscapeRecord> {
  const res = await postJson<LandscapeRecord>(live.app, `/api/studies/${study.id}/trials/${trialId}/landscape`, body);
  expect(res.status, res.text).toBe(202);
  const queued = res.body;
  expect(res.headers.get('location')).toBe(`/api/studies/${study.id}/landscapes/${queued.id}`);
  expect(queued).toMatchObject({ state: 'queued', progress: { rowsDone: 0, rows: body.grid ?? 21 } });
  return waitFor(`landscape ${queued.id}`, async () => {
    const l = await getJson<LandscapeRecord>(live.app, `/api/studies/${study.id}/landscapes/${queued.id}`);
    return l.state === 'completed' || l.state === 'failed' ? l : null;
  }, 60_000, withWorkerLog);
}

beforeAll(async () => {
  live = await startLiveApp({ backend: 'auto', log: (l) => logs.push(l) });
  const spec = tinyStudySpec({
    name: 'landscape race',
    keepWeights: true,
    refine: 'per-optimizer',
    space: {
      optimizer: { type: 'categorical', values: ['sgd', 'momentum', 'rmsprop', 'adam'] },
      learningRate: { type: 'log-uniform', min: 1e-3, max: 3e-2 },
      batchSize: { type: 'fixed', value: 64 },
    },
    stages: [{ trials: 4, epochs: 3 }, { trials: 4, epochs: 2, keepTop: 1 }],
    earlyStopping: { monitor: 'val_loss', patience: 2, minDelta: 0, warmup: 1, restoreBest: true },
  });
  study = await runStudy(live.app, spec, 120_000, withWorkerLog);
  expect(study.state, study.error ?? '').toBe('completed');
  trials = (await getJson<TrialListResponse>(live.app, `/api/studies/${study.id}/trials`)).trials;
}, 150_000);

afterAll(() => live?.close());

describe('an optimizer race with refine "per-optimizer"', () => {
  it('gives every optimizer one trial per stage, from the same seed, and its own narrowed learning-rate range', () => {
    for (const stage of [0, 1]) {
      const own = trials.filter((t) => t.stage === stage);
      expect(own.map((t) => t.config.optimizer)).toEqual(['sgd', 'momentum', 'rmsprop', 'adam']);
      expect(new Set(own.map((t) => t.seed))).toEqual(new Set([study.spec.seed]));
    }
    const second = study.stages[1]!;
    for (const t of trials.filter((x) => x.stage === 0 && (x.status === 'completed' || x.status === 'early-stopped'))) {
      const range = second.spaces![t.config.optimizer]!.learningRate as { min: number; max: number };
      expect(range.min).toBeLessThanOrEqual(t.config.learningRate);
      expect(range.max).toBeGreaterThanOrEqual(t.config.learningRate);
      expect(Math.log10(range.max / range.min)).toBeLessThan(Math.log10(3e-2 / 1e-3));
    }
  });
});

describe('a study with keepWeights', () => {
  it('keeps every trial’s per-epoch and final weights', async () => {
    for (const t of trials) {
      const kept = await live.env.store.artifacts.loadWeights(study.id, t.id);
      expect(kept.epochs.map((e) => e.epoch)).toEqual(Array.from({ length: t.epochsDone }, (_, i) => i + 1));
      expect(kept.final).not.toBeNull();
    }
  });
});

describe('a landscape along filter-normalised random directions', () => {
  let record: LandscapeRecord;
  let trial: TrialRecord;

  beforeAll(async () => {
    trial = trials.find((t) => t.id === study.best!.overall!.trialId)!;
    record = await landscape(trial.id, { directions: 'random', grid: 5 });
  }, 90_000);

  it('completes with every grid row evaluated', () => {
    expect(record.state, record.error ?? '').toBe('completed');
    expect(record.progress).toEqual({ rowsDone: 5, rows: 5 });
    const r = record.result!;
    expect(r.axes.x).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(r.loss).toHaveLength(5);
    for (const row of r.loss) expect(row).toHaveLength(5);
    expect(r.valSamples).toBe(256);
  });

  it('has at its centre the validation loss the trial recorded for its final weights', () => {
    const { centre } = record.result!;
    expect(centre.epoch).toBe(trial.bestEpoch);
    expect(centre.recordedValLoss).toBe(trial.bestMetrics!.valLoss);
    expect(Math.abs(centre.loss! - trial.bestMetrics!.valLoss!)).toBeLessThan(1e-5 * Math.max(1, trial.bestMetrics!.valLoss!));
    expect(centre.loss).toBe(record.result!.loss[2]![2]);
  });

  it('is higher away from the centre than at it (the trained weights sit in a basin)', () => {
    const { loss, centre } = record.result!;
    const corners = [loss[0]![0]!, loss[0]![4]!, loss[4]![0]!, loss[4]![4]!];
    expect(Math.min(...corners)).toBeGreaterThan(centre.loss!);
  });

  it('projects the final weights, and the best epoch’s, onto the origin', () => {
    const [path] = record.result!.trajectories;
    expect(path!.trialId).toBe(trial.id);
    expect(path!.final).toEqual({ x: 0, y: 0 });
    expect(path!.finalResidual).toBe(0);
    const best = path!.points.find((p) => p.epoch === trial.bestEpoch)!;
    expect(best).toMatchObject({ x: 0, y: 0, valLoss: trial.bestMetrics!.valLoss });
    expect(path!.points.map((p) => p.epoch)).toEqual(Array.from({ length: trial.epochsDone + 1 }, (_, i) => i));
  });
});

describe('a landscape on the PCA plane of every optimizer’s trajectory', () => {
  let record: LandscapeRecord;

  beforeAll(async () => {
    record = await landscape(study.best!.overall!.trialId, { directions: 'pca', grid: 5, trials: 'best-per-optimizer' });
  }, 90_000);

  it('projects each optimizer’s best trial, all starting from the same initial weights', () => {
    expect(record.state, record.error ?? '').toBe('completed');
    const r = record.result!;
    const optimizers = new Set(trials.map((t) => t.config.optimizer));
    expect(r.trajectories).toHaveLength(optimizers.size);
    expect(r.trajectories[0]!.final).toEqual({ x: 0, y: 0 });
    const starts = r.trajectories.map((t) => t.points[0]!);
    for (const s of starts) {
      expect(s.x).toBeCloseTo(starts[0]!.x, 9);
      expect(s.y).toBeCloseTo(starts[0]!.y, 9);
    }
  });

  it('fits the grid around the trajectories and reports the variance each direction explains', () => {
    const r = record.result!;
    const [e1, e2] = r.explainedVariance!;
    expect(e1).toBeGreaterThanOrEqual(e2);
    expect(e1 + e2).toBeLessThanOrEqual(1 + 1e-9);
    const spanX = r.axes.x.at(-1)!;
    for (const t of r.trajectories) for (const p of t.points) expect(Math.abs(p.x)).toBeLessThanOrEqual(spanX);
    expect(r.centre.loss).toBe(r.loss[2]![2]);
  });
});

describe('the landscape routes', () => {
  it('reject a bad request naming the field and rule', async () => {
    const t = trials[0]!.id;
    const even = await postJson<ErrorBody>(live.app, `/api/studies/${study.id}/trials/${t}/landscape`, { grid: 4 });
    expect(even.status).toBe(400);
    expect(errorIssues(even.body)[0]).toMatchObject({ path: 'grid', message: expect.stringContaining('grid must be odd') });
    const dir = await postJson(live.app, `/api/studies/${study.id}/trials/${t}/landscape`, { directions: 'hessian' });
    expect(dir.status).toBe(400);
    expect(dir.text).toContain('directions must be one of random, pca');
  });

  it('answer 404 for an unknown trial or landscape and 409 for a trial whose weights were not kept', async () => {
    expect((await postJson(live.app, `/api/studies/${study.id}/trials/s9-t99/landscape`, {})).status).toBe(404);
    expect((await call(live.app, 'GET', `/api/studies/${study.id}/landscapes/000000000000`)).status).toBe(404);
    const t = trials.at(-1)!.id;
    const saved = await live.env.redis.dumpBuffer(keys.weights(study.id, t));
    await live.env.redis.del(keys.weights(study.id, t));
    try {
      const res = await postJson(live.app, `/api/studies/${study.id}/trials/${t}/landscape`, {});
      expect(res.status).toBe(409);
      expect(res.text).toContain('keepWeights');
    } finally {
      if (saved) await live.env.redis.restore(keys.weights(study.id, t), 0, saved);
    }
  });

  it('list a study’s landscapes without their results', async () => {
    const { landscapes } = await getJson<LandscapeListResponse>(live.app, `/api/studies/${study.id}/landscapes`);
    expect(landscapes.length).toBeGreaterThanOrEqual(2);
    expect(landscapes.every((l) => !('result' in l))).toBe(true);
  });
});
