// /openapi.json against the real routes: each response schema lists exactly the fields the route
// answers with (so a field added or removed on one side fails here), and the request schemas are
// the validators' own (generated from their zod schemas, words added at fields that exist).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { RESPONSE_SCHEMAS, requestSchema } from '../../api/openapi-schemas.js';
import { newLandscapeRecord } from '../../search/landscape-lifecycle.js';
import { studySpecSchema } from '../../search/spec-schema.js';
import type { StudyResponse } from '../../types/api.js';
import { startTestRedis, type TestRedis } from '../helpers/test-redis.js';
import { tinyStudySpec } from '../helpers/specs.js';
import { call, postStudy } from '../helpers/api.js';

let env: TestRedis;
let app: ReturnType<typeof createApp>;
let study: StudyResponse;
beforeAll(async () => {
  env = await startTestRedis();
  app = createApp({ store: env.store, queues: env.queues });
  study = await postStudy(app, tinyStudySpec());
});
afterAll(async () => env?.close());

const documented = (name: string) => {
  const schema = RESPONSE_SCHEMAS[name] as { required?: string[] } | undefined;
  if (!schema?.required) throw new Error(`no record schema ${name}`);
  return [...schema.required].sort();
};
const fields = (v: unknown) => Object.keys(v as object).sort();

async function answer(path: string, method = 'GET', body?: unknown): Promise<unknown> {
  const res = await call(app, method, path, body);
  expect(res.status, `${path}: ${res.text}`).toBeLessThan(300);
  return res.body;
}

describe('/openapi.json', () => {
  it('documents every field of every response, and no field the routes do not send', async () => {
    const id = study.id;
    await env.store.workers.heartbeat({ id: 'w1', host: 'h', pid: 1, backend: 'wasm', concurrency: 1, currentTrial: null, samplesPerSec: 1, startedAt: new Date().toISOString(), lastHeartbeat: new Date().toISOString() });
    const list = (await answer('/api/studies')) as { studies: unknown[] };
    const trials = (await answer(`/api/studies/${id}/trials`)) as { trials: unknown[] };
    const cases: Array<[string, unknown]> = [
      ['Study', study],
      ['Study', await answer(`/api/studies/${id}`)],
      ['StudyList', list],
      ['StudyListItem', list.studies[0]],
      ['TrialList', trials],
      ['Trial', trials.trials[0]],
      ['TrialMetrics', await answer(`/api/studies/${id}/trials/s0-t00/metrics`)],
      ['BestResponse', await answer(`/api/studies/${id}/best`)],
      ['Best', study.best],
      ['StageProgress', study.progress[0]],
      ['DryRun', await answer('/api/studies?dryRun=1', 'POST', tinyStudySpec())],
      ['Export', await answer(`/api/studies/${id}/export?format=json`)],
      ['Importance', await answer(`/api/studies/${id}/importance`)],
      ['Comparison', await answer(`/api/studies/${id}/comparison`)],
      ['LandscapeList', await answer(`/api/studies/${id}/landscapes`)],
      ['Landscape', newLandscapeRecord('abcdefabcdef', id, 's0-t00', { directions: 'random', grid: 5, span: null, seed: 1, trials: ['s0-t00'] }, new Date().toISOString())],
      ['WorkerList', await answer('/api/workers')],
      ['Health', await answer('/healthz')],
      ['Error', (await call(app, 'GET', '/api/studies/000000000000')).body],
      ['Deleted', await answer(`/api/studies/${id}`, 'DELETE')],
    ];
    for (const [name, body] of cases) expect(fields(body), name).toEqual(documented(name));
  });

  it('serves the request schemas the validators use, with their limits and defaults', async () => {
    const doc = (await answer('/openapi.json')) as { components: { schemas: Record<string, { required?: string[]; properties?: Record<string, { maxItems?: number; default?: unknown }> }> } };
    const spec = doc.components.schemas.StudySpec!;
    expect(spec.required).toEqual(expect.arrayContaining(['name', 'dataset', 'space', 'stages']));
    expect(spec.properties?.stages?.maxItems).toBe(10);
    expect(spec.properties?.seed?.default).toBe(42);
    expect(doc.components.schemas.SurfaceRequest?.required).toEqual(['surface']);
    expect(doc.components.schemas.LandscapeRequest?.properties).toHaveProperty('directions');
  });

  it('refuses words for a field that does not exist', () => {
    expect(() => requestSchema(studySpecSchema, { 'stages[].promotion': 'x' })).toThrow(/no field "promotion"/);
  });
});
