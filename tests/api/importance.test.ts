// GET /api/studies/:id/importance against the real app, a real worker and Redis: a trained stage
// of ten trials gets a share per sampled dimension, largest first, with the sentence; a stage with
// too few finished trials gets the sentence and no numbers; a bad stage is a 400, an unknown study
// a 404; and the dashboard's client reads it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../types/index.js';
import type { ImportanceResponse, StudyResponse } from '../../types/api.js';
import { RESPONSE_SCHEMAS } from '../../api/openapi-schemas.js';
import { startLiveApp, type LiveApp } from '../helpers/test-app.js';
import { tinyStudySpec } from '../helpers/specs.js';
import { call, clientFor, getJson, runStudy } from '../helpers/api.js';

let live: LiveApp;
let study: StudyResponse;
beforeAll(async () => {
  live = await startLiveApp({ log: () => {} });
  study = await runStudy(
    live.app,
    tinyStudySpec({
      stages: [{ trials: 10, epochs: 1 }, { trials: 2, epochs: 1, keepTop: 2 }],
      space: {
        optimizer: { type: 'categorical', values: ['sgd', 'adam'] },
        learningRate: { type: 'log-uniform', min: 1e-4, max: 1e-1 },
        batchSize: { type: 'fixed', value: 64 },
        dropout: { type: 'uniform', min: 0, max: 0.3 },
      },
      earlyStopping: { enabled: false },
      data: { trainSamples: 256, valSamples: 128 },
    }),
  );
}, 180_000);
afterAll(async () => live?.close());

describe('GET /api/studies/:id/importance', () => {
  it('gives each sampled dimension of the first stage its share of the objective’s variance, largest first, and says it in a sentence', async () => {
    const r = await getJson<ImportanceResponse>(live.app, `/api/studies/${study.id}/importance`);
    expect(r).toMatchObject({ studyId: study.id, stage: 0, stages: 2, objective: { metric: 'val_acc', mode: 'max' }, method: 'fanova-random-forest', minTrials: 8, trees: 64, skipped: [] });
    expect(r.trials).toBeGreaterThanOrEqual(8);
    expect(r.status).toBe('computed');
    expect(r.importances.map((d) => d.dimension).sort()).toEqual(['dropout', 'learningRate', 'optimizer']);
    expect(r.importances.find((d) => d.dimension === 'learningRate')?.scale).toBe('log');
    const shares = r.importances.map((d) => d.importance);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    // Each entry has exactly the fields the OpenAPI document lists (the openapi test checks the rest of the answer).
    const documented = [...((RESPONSE_SCHEMAS.DimensionImportance as { required: string[] }).required)].sort();
    for (const d of r.importances) expect(Object.keys(d).sort()).toEqual(documented);
    expect(shares.reduce((a, b) => a + b, 0) + r.interactions!).toBeCloseTo(1, 6);
    expect(r.summary).toMatch(new RegExp(`^(optimizer|learning rate|dropout) explains \\d+% of the variance of val_acc across the ${r.trials} finished trials of stage 1`));
    // The same trials give the same numbers.
    expect(await getJson<ImportanceResponse>(live.app, `/api/studies/${study.id}/importance?stage=0`)).toEqual(r);
  });

  it('says there are too few trials, with no numbers, for a stage of two', async () => {
    const r = await getJson<ImportanceResponse>(live.app, `/api/studies/${study.id}/importance?stage=1`);
    expect(r).toMatchObject({ stage: 1, status: 'too-few-trials', importances: [], interactions: null });
    expect(r.summary).toMatch(/^Only [0-2] trials? of stage 2 finished with a finite val_acc; importance needs at least 8 to say anything\.$/);
  });

  it('refuses a stage the study does not have, and an unknown study', async () => {
    for (const stage of ['2', '-1', 'x']) {
      const res = await call<ErrorBody>(live.app, 'GET', `/api/studies/${study.id}/importance?stage=${stage}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^stage must be a stage index from 0 to 1/);
    }
    expect((await call(live.app, 'GET', '/api/studies/000000000000/importance')).status).toBe(404);
  });

  it('is what the dashboard’s client reads', async () => {
    const r = await clientFor(live.app).importance(study.id);
    expect(r.studyId).toBe(study.id);
  });
});
