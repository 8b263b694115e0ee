// Loss landscapes of trained trials: POST queues a `landscape` job for a finished trial of a study
// that kept its weights (StudySpec.keepWeights); GET shows its progress (grid rows done) and, once
// done, the grid of validation losses and the projected trajectories. A request that cannot be
// queued, or whose study is deleted meanwhile, leaves neither a record nor a job behind.
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import type { FieldIssue, LandscapeRecord, LandscapeRequest, StudyRecord, TrialRecord } from '../../types/index.js';
import { LANDSCAPE_DIRECTIONS } from '../../types/index.js';
import { LANDSCAPE_LIMITS } from '../../search/limits.js';
import { bestSummary } from '../../search/rank.js';
import { LANDSCAPE_TRIAL_STATES } from '../../search/trial-lifecycle.js';
import { newLandscapeRecord } from '../../search/landscape-lifecycle.js';
import { formatPath } from '../../search/spec-schema.js';
import { LANDSCAPE_ID_PATTERN, STUDY_ID_PATTERN, TRIAL_ID_PATTERN } from '../../store/keys.js';
import type { StudyStore } from '../../store/study-store.js';
import { enqueueLandscape, removeStudyJobs, type Queues } from '../../store/queues.js';
import { HttpError, notFound } from '../http-error.js';
import { readJsonBody } from '../read-json-body.js';

const trialId = z.string().regex(TRIAL_ID_PATTERN, { message: 'must be a trial id such as "s0-t03"' });

const requestSchema = z.strictObject({
  directions: z.enum(LANDSCAPE_DIRECTIONS).default('random'),
  grid: z
    .number()
    .int()
    .min(LANDSCAPE_LIMITS.grid.min)
    .max(LANDSCAPE_LIMITS.grid.max)
    .refine((n) => n % 2 === 1, { message: 'must be odd, so that the trial\'s own weights are the grid\'s centre point' })
    .default(LANDSCAPE_LIMITS.grid.default),
  span: z.number().gt(0).max(LANDSCAPE_LIMITS.span.max).optional(),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  trials: z.union([z.array(trialId).max(LANDSCAPE_LIMITS.maxTrials), z.literal('best-per-optimizer')]).default([]),
});

function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((iss) => {
    const path = formatPath(iss.path as Array<string | number>);
    const field = path || 'the request';
    const got = 'input' in iss && iss.input !== undefined ? `, got ${JSON.stringify(iss.input)?.slice(0, 60)}` : '';
    switch (iss.code) {
      case 'too_small':
        return { path, message: `${field} must be ${iss.origin === 'array' ? `at least ${Number(iss.minimum)} entries` : `${iss.inclusive ? '≥' : '>'} ${Number(iss.minimum)}`}${got}` };
      case 'too_big':
        return { path, message: `${field} must ${iss.origin === 'array' ? `have at most ${Number(iss.maximum)} entries` : `be ${iss.inclusive ? '≤' : '<'} ${Number(iss.maximum)}`}${got}` };
      case 'invalid_value':
        return { path, message: `${field} must be one of ${iss.values.map(String).join(', ')}${got}` };
      case 'unrecognized_keys':
        return { path: formatPath([...(iss.path as Array<string | number>), iss.keys[0] ?? '']), message: `${iss.keys.join(', ')} ${iss.keys.length === 1 ? 'is not a known field' : 'are not known fields'} of a landscape request (known: directions, grid, span, seed, trials)` };
      case 'invalid_union':
        return { path, message: `${field} must be an array of trial ids or "best-per-optimizer"${got}` };
      case 'invalid_type':
        return { path, message: `${field} must be ${iss.expected === 'int' ? 'an integer' : `a ${iss.expected}`}${got}` };
      default:
        return { path, message: `${field} ${iss.message}${got}` };
    }
  });
}


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
    const parsed = requestSchema.safeParse(await readJsonBody(c, deps.maxBodyBytes), { reportInput: true });
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      throw new HttpError(400, 'invalid_request', issues[0]?.message ?? 'the landscape request is not valid', issues);
    }
    const body = parsed.data;
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
    return c.json(record, 202);
  });

  app.get('/:id/landscapes', async (c) => {
    const study = await loadStudy(c.req.param('id'));
    const all = await store.landscapes.listLandscapes(study.id);
    return c.json({ studyId: study.id, landscapes: all.map(({ result: _result, ...rest }) => rest) });
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
