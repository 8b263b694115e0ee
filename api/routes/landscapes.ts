// Loss landscapes of trained trials: POST queues a `landscape` job for a finished trial of a study
// that kept its weights (StudySpec.keepWeights); GET shows its progress (grid rows done) and, once
// done, the grid of validation losses and the projected trajectories. A request that cannot be
// queued, or whose study is deleted meanwhile, leaves neither a record nor a job behind.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { LandscapeRecord, LandscapeRequest, StudyRecord, TrialRecord } from '../../types/index.js';
import type { LandscapeListResponse } from '../../types/api.js';
import { validateLandscapeRequest } from '../../search/landscape-request.js';
import { bestSummary } from '../../search/rank.js';
import { LANDSCAPE_TRIAL_STATES } from '../../search/trial-lifecycle.js';
import { newLandscapeRecord } from '../../search/landscape-lifecycle.js';
import { summarizeIssues } from '../../search/validation/index.js';
import { LANDSCAPE_ID_PATTERN, STUDY_ID_PATTERN, TRIAL_ID_PATTERN } from '../../store/keys.js';
import type { StudyStore } from '../../store/study-store.js';
import { enqueueLandscape, removeStudyJobs, type Queues } from '../../store/queues.js';
import { HttpError, notFound } from '../http-error.js';
import { readJsonBody } from '../read-json-body.js';

export function landscapesRoutes(deps: { store: StudyStore; queues: Queues; maxBodyBytes: number }) {
  const { store, queues } = deps;
  const app = new Hono();

  const loadStudy = async (id: string): Promise<StudyRecord> => {
    if (!STUDY_ID_PATTERN.test(id)) throw notFound(`study ${JSON.stringify(id.slice(0, 64))}`);
    const study = await store.getStudy(id);
    if (!study) throw notFound(`study ${id}`);
    return study;
  };

  /** The trial, checked to be one a landscape can use: finished with a usable result and its weights kept. */
  const usableTrial = async (study: StudyRecord, id: string, role: string): Promise<TrialRecord> => {
    const trial = TRIAL_ID_PATTERN.test(id) ? await store.getTrial(study.id, id) : null;
    if (!trial) throw notFound(`${role} ${JSON.stringify(id.slice(0, 64))} of study ${study.id}`);
    if (!LANDSCAPE_TRIAL_STATES.includes(trial.status)) {
      throw new HttpError(409, 'trial_not_usable', `${role} ${id} is ${trial.status}; a landscape needs a completed, early-stopped or pruned trial`);
    }
    if (!(await store.artifacts.hasFinalWeights(study.id, id))) {
      throw new HttpError(409, 'weights_not_kept', `${role} ${id} has no kept weights: create the study with "keepWeights": true to draw loss landscapes`);
    }
    return trial;
  };

  /** Saves the new record, then queues its job; takes the record back out when queueing fails. */
  const queueLandscape = async (record: LandscapeRecord): Promise<void> => {
    const gone = () => notFound(`study ${record.studyId}`);
    if (!(await store.landscapes.saveLandscape(record))) throw gone();
    try {
      await enqueueLandscape(queues, record.studyId, record.id);
    } catch (err) {
      await store.landscapes.deleteLandscape(record.studyId, record.id).catch(() => {});
      throw err;
    }
    // Deleted while the job was being queued: the DELETE may have swept the study's jobs before this one existed.
    if (!(await store.getStudy(record.studyId))) {
      await removeStudyJobs(queues, record.studyId, { stages: [], trialIds: [], landscapeIds: [record.id] });
      throw gone();
    }
  };

  app.post('/:id/trials/:trialId/landscape', async (c) => {
    const study = await loadStudy(c.req.param('id'));
    const parsed = validateLandscapeRequest(await readJsonBody(c, deps.maxBodyBytes));
    if (!parsed.ok) throw new HttpError(400, 'invalid_request', summarizeIssues(parsed.issues, 'the landscape request is not valid'), parsed.issues);
    const body = parsed.body;
    const centre = await usableTrial(study, c.req.param('trialId'), 'trial');
    const others =
      body.trials === 'best-per-optimizer'
        ? Object.values(bestSummary(await store.listTrials(study.id), study.spec.objective).byOptimizer).map((b) => b.trialId)
        : body.trials;
    const ids = [centre.id, ...others.filter((id, i) => id !== centre.id && others.indexOf(id) === i)];
    const trials = [centre];
    for (const id of ids.slice(1)) trials.push(await usableTrial(study, id, 'trials entry'));
    if (body.directions === 'pca' && trials.reduce((n, t) => n + t.epochsDone, 0) < 2) {
      throw new HttpError(409, 'too_few_epochs', `pca directions need at least two epochs of kept weights in all (trial ${centre.id} trained ${centre.epochsDone}); use "directions": "random" or add trials`);
    }

    const request: LandscapeRequest = { directions: body.directions, grid: body.grid, span: body.span ?? null, seed: body.seed ?? study.spec.seed, trials: ids };
    const record = newLandscapeRecord(randomBytes(6).toString('hex'), study.id, centre.id, request, new Date().toISOString());
    await queueLandscape(record);
    c.header('Location', `/api/studies/${study.id}/landscapes/${record.id}`);
    return c.json(record satisfies LandscapeRecord, 202);
  });

  app.get('/:id/landscapes', async (c) => {
    const study = await loadStudy(c.req.param('id'));
    const all = await store.landscapes.listLandscapes(study.id);
    return c.json({ studyId: study.id, landscapes: all.map(({ result: _result, ...rest }) => rest) } satisfies LandscapeListResponse);
  });

  app.get('/:id/landscapes/:landscapeId', async (c) => {
    const study = await loadStudy(c.req.param('id'));
    const id = c.req.param('landscapeId');
    const record = LANDSCAPE_ID_PATTERN.test(id) ? await store.landscapes.getLandscape(study.id, id) : null;
    if (!record) throw notFound(`landscape ${JSON.stringify(id.slice(0, 64))} of study ${study.id}`);
    return c.json(record);
  });

  return app;
}
