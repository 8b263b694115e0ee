// /api/studies: create, list, read, cancel, delete, and a study's trials, metrics, best configurations,
// the optimizer comparison, export and hyperparameter importance.
import { Hono } from 'hono';
import type { StudyRecord, TrialRecord } from '../../types/index.js';
import type { BestResponse, ComparisonResponse, DeleteResponse, DryRunResponse, ExportResponse, ImportanceResponse, StudyListItem, StudyListResponse, StudyResponse, TrialListResponse, TrialMetricsResponse } from '../../types/api.js';
import { validateStudySpec } from '../../search/spec-schema.js';
import { checkDeploymentLimits, type DeploymentLimits } from '../../search/deployment-limits.js';
import type { FieldIssue } from '../../types/index.js';
import { bestSummary } from '../../search/rank.js';
import { STUDY_ID_PATTERN, TRIAL_ID_PATTERN } from '../../store/keys.js';
import { HttpError, notFound } from '../http-error.js';
import { readJsonBody } from '../read-json-body.js';
import { summarizeIssues } from '../../search/validation/index.js';
import { cancelStudy, createStudy, deleteStudy, stageProgress, type StudyServiceDeps } from '../study-service.js';
import { epochRows, toCsv, trialRows } from '../export-rows.js';
import { estimateTime, studyCost } from '../../search/study-cost.js';
import { hyperparameterImportance } from '../../search/importance.js';
import { compareOptimizers } from '../../search/comparison.js';

export interface StudiesRouteDeps extends StudyServiceDeps {
  maxBodyBytes: number;
  limits: DeploymentLimits;
}

function studyView(study: StudyRecord, trials: TrialRecord[]): StudyResponse {
  const progress = stageProgress(study, trials);
  return {
    ...study,
    progress,
    trialsTotal: progress.reduce((n, s) => n + s.trials, 0),
    trialsFinished: progress.reduce((n, s) => n + s.finished, 0),
    best: study.best ?? bestSummary(trials, study.spec.objective),
  } satisfies StudyResponse;
}

function invalidSpec(issues: FieldIssue[]): HttpError {
  return new HttpError(400, 'invalid_spec', summarizeIssues(issues, 'the study spec is not valid'), issues);
}

export function studiesRoutes(deps: StudiesRouteDeps) {
  const { store } = deps;
  const app = new Hono();

  const loadStudy = async (id: string) => {
    if (!STUDY_ID_PATTERN.test(id)) throw notFound(`study ${JSON.stringify(id.slice(0, 64))}`);
    const study = await store.getStudy(id);
    if (!study) throw notFound(`study ${id}`);
    return study;
  };

  app.post('/', async (c) => {
    const body = await readJsonBody(c, deps.maxBodyBytes);
    const result = validateStudySpec(body);
    if (!result.ok) throw invalidSpec(result.issues);
    const overLimits = checkDeploymentLimits(result.spec, deps.limits);
    if (overLimits.length > 0) throw invalidSpec(overLimits);
    const dryRun = c.req.query('dryRun');
    if (dryRun !== undefined && dryRun !== '0') {
      if (dryRun !== '1') throw new HttpError(400, 'invalid_request', `dryRun must be 0 or 1, got ${JSON.stringify(dryRun.slice(0, 64))}`, [{ path: 'dryRun', message: 'dryRun must be 0 or 1' }]);
      // What it would cost, and nothing written.
      const cost = studyCost(result.spec);
      const speeds = (await store.workers.listWorkers()).map((w) => w.samplesPerSec ?? 0);
      return c.json({ dryRun: true, spec: result.spec, cost, estimate: estimateTime(cost, result.spec.data.trainSamples, speeds) } satisfies DryRunResponse);
    }
    const study = await createStudy(deps, result.spec);
    const trials = await store.listTrials(study.id);
    c.header('Location', `/api/studies/${study.id}`);
    return c.json(studyView(study, trials), 201);
  });

  app.get('/', async (c) => {
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 50) || 50, 1), 200);
    const studies = await store.listStudies(limit);
    const views = await Promise.all(
      studies.map(async (s) => {
        const { spec, stages: _stages, ...rest } = studyView(s, await store.listTrials(s.id));
        return { ...rest, name: spec.name, dataset: spec.dataset, objective: spec.objective } satisfies StudyListItem;
      }),
    );
    return c.json({ studies: views, total: await store.countStudies() } satisfies StudyListResponse);
  });

  app.get('/:id', async (c) => {
    const study = await loadStudy(c.req.param('id'));
    return c.json(studyView(study, await store.listTrials(study.id)));
  });

  app.get('/:id/trials', async (c) => {
    const study = await loadStudy(c.req.param('id'));
    return c.json({ studyId: study.id, trials: await store.listTrials(study.id) } satisfies TrialListResponse);
  });

  app.get('/:id/trials/:trialId/metrics', async (c) => {
    const study = await loadStudy(c.req.param('id'));
    const trialId = c.req.param('trialId');
    const trial = TRIAL_ID_PATTERN.test(trialId) ? await store.getTrial(study.id, trialId) : null;
    if (!trial) throw notFound(`trial ${JSON.stringify(trialId.slice(0, 64))} of study ${study.id}`);
    return c.json({ studyId: study.id, trialId, status: trial.status, epochs: await store.events.getEpochs(study.id, trialId) } satisfies TrialMetricsResponse);
  });

  app.get('/:id/best', async (c) => {
    const study = await loadStudy(c.req.param('id'));
    const best = study.best ?? bestSummary(await store.listTrials(study.id), study.spec.objective);
    return c.json({ studyId: study.id, state: study.state, final: study.best !== null, ...best } satisfies BestResponse);
  });

  // The optimizer race's verdict: each optimizer's best configuration of the last stage, pair by pair (search/comparison.ts).
  app.get('/:id/comparison', async (c) => {
    const study = await loadStudy(c.req.param('id'));
    const comparison = compareOptimizers(study, await store.listTrials(study.id));
    return c.json({ studyId: study.id, state: study.state, final: study.best !== null, ...comparison } satisfies ComparisonResponse);
  });

  // Which dimensions explain the objective across one stage's finished trials (search/importance.ts).
  app.get('/:id/importance', async (c) => {
    const study = await loadStudy(c.req.param('id'));
    const stages = study.spec.stages.length;
    const asked = c.req.query('stage') ?? '0';
    const stage = /^\d{1,2}$/.test(asked) ? Number(asked) : -1;
    if (stage < 0 || stage >= stages) {
      throw new HttpError(400, 'invalid_request', `stage must be a stage index from 0 to ${stages - 1}, got ${JSON.stringify(asked.slice(0, 64))}`, [{ path: 'stage', message: `stage must be 0 to ${stages - 1}` }]);
    }
    const space = study.stages[stage]?.space ?? study.spec.space;
    const result = hyperparameterImportance({ trials: await store.listTrials(study.id), space, stage, objective: study.spec.objective, seed: study.spec.seed });
    return c.json({ studyId: study.id, stage, stages, objective: study.spec.objective, ...result } satisfies ImportanceResponse);
  });

  // One row per trial (or per trial and epoch with epochs=1), as CSV (RFC 4180) or JSON.
  app.get('/:id/export', async (c) => {
    const study = await loadStudy(c.req.param('id'));
    const format = c.req.query('format') ?? 'csv';
    if (format !== 'csv' && format !== 'json') {
      throw new HttpError(400, 'invalid_request', `format must be "csv" or "json", got ${JSON.stringify(format.slice(0, 64))}`, [{ path: 'format', message: 'format must be "csv" or "json"' }]);
    }
    const perEpoch = c.req.query('epochs') ?? '0';
    if (perEpoch !== '0' && perEpoch !== '1') {
      throw new HttpError(400, 'invalid_request', `epochs must be 0 (a row per trial) or 1 (a row per trial and epoch), got ${JSON.stringify(perEpoch.slice(0, 64))}`, [{ path: 'epochs', message: 'epochs must be 0 or 1' }]);
    }
    const trials = await store.listTrials(study.id);
    const histories = new Map(await Promise.all(trials.map(async (t) => [t.id, await store.events.getEpochs(study.id, t.id)] as const)));
    const epochsOf = (id: string) => histories.get(id) ?? [];
    const rows = perEpoch === '1' ? epochRows(trials, epochsOf) : trialRows(trials, epochsOf);
    const name = `study-${study.id}-${perEpoch === '1' ? 'epochs' : 'trials'}.${format}`;
    c.header('Content-Disposition', `attachment; filename="${name}"`);
    if (format === 'json') return c.json({ studyId: study.id, name: study.spec.name, rows } satisfies ExportResponse);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    return c.body(toCsv(rows));
  });

  app.post('/:id/cancel', async (c) => {
    const study = await loadStudy(c.req.param('id'));
    const updated = await cancelStudy(deps, study.id);
    return c.json(studyView(updated, await store.listTrials(study.id)), 202);
  });

  app.delete('/:id', async (c) => {
    const study = await loadStudy(c.req.param('id'));
    await deleteStudy(deps, study.id);
    return c.json({ deleted: study.id } satisfies DeleteResponse);
  });

  return app;
}
