// The `landscape` job: the validation-loss landscape around one finished trial's final weights,
// with trials' per-epoch weights projected onto it (worker/landscape/). Its record in Redis shows
// progress row by row while it runs, then holds the result. Re-running it is harmless: the
// computation is a pure function of the stored weights and the request, and starts over.
import { UnrecoverableError, type Job } from 'bullmq';
import type { LandscapeJobData, LandscapeJobResult, LandscapeRecord } from '../types/index.js';
import type { StudyStore } from '../store/study-store.js';
import { completeLandscape, failLandscape, isFinishedLandscape, landscapeRowsDone, startLandscape } from '../search/landscape-lifecycle.js';
import { loadDataset } from './training/datasets.js';
import { computeLandscape, type KeptTrial } from './landscape/compute-landscape.js';

export interface LandscapeProcessorDeps {
  store: StudyStore;
  /** How often a running landscape checks that its study still exists. @defaultValue 1000 */
  pollMs?: number;
  log?: (line: string) => void;
}

export async function processLandscapeJob(deps: LandscapeProcessorDeps, job: Job<LandscapeJobData>): Promise<LandscapeJobResult> {
  const { store } = deps;
  const { studyId, landscapeId } = job.data;
  const study = await store.getStudy(studyId);
  const record = study ? await store.landscapes.getLandscape(studyId, landscapeId) : null;
  if (!study || !record) throw new UnrecoverableError(`landscape ${landscapeId} of study ${studyId} no longer exists`);
  if (isFinishedLandscape(record)) return { landscapeId, state: record.state };

  const rows = record.request.grid;
  let current: LandscapeRecord = startLandscape(record, new Date().toISOString());
  await store.landscapes.saveLandscape(current);

  // A deleted study takes its landscapes with it: stop, and write nothing more.
  const abort = new AbortController();
  const poll = setInterval(() => {
    store
      .getStudy(studyId)
      .then((s) => {
        if (!s) abort.abort();
      })
      .catch(() => {});
  }, deps.pollMs ?? 1000);

  try {
    const trials: KeptTrial[] = [];
    for (const trialId of record.request.trials) {
      const trial = await store.getTrial(studyId, trialId);
      const weights = await store.artifacts.loadWeights(studyId, trialId);
      if (!trial || !weights.final) throw new UnrecoverableError(`trial ${trialId} has no kept final weights (the study needs keepWeights: true)`);
      trials.push({ trial, epochs: weights.epochs, final: weights.final, history: await store.events.getEpochs(studyId, trialId) });
    }
    const dataset = await loadDataset(study.spec.dataset);
    deps.log?.(`landscape ${studyId}/${landscapeId}: ${record.request.directions} directions, ${rows}×${rows} grid around ${record.trialId}`);
    const result = await computeLandscape({
      dataset,
      spec: study.spec,
      request: record.request,
      trials,
      signal: abort.signal,
      onRow: async (rowsDone) => {
        if (abort.signal.aborted) return;
        current = landscapeRowsDone(current, rowsDone);
        await store.landscapes.saveLandscape(current);
        await job.updateProgress({ rowsDone, rows });
      },
    });
    if (abort.signal.aborted) throw new UnrecoverableError(`study ${studyId} was deleted`);
    current = completeLandscape(current, result, new Date().toISOString());
    await store.landscapes.saveLandscape(current);
    deps.log?.(`landscape ${studyId}/${landscapeId} completed in ${result.seconds.toFixed(1)} s (centre val loss ${result.centre.loss ?? 'n/a'})`);
    return { landscapeId, state: 'completed' };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const lastAttempt = err instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    deps.log?.(`landscape ${studyId}/${landscapeId} error${lastAttempt ? '' : ' (will retry)'}: ${message}`);
    if (lastAttempt && !abort.signal.aborted) {
      await store.landscapes.saveLandscape(failLandscape(current, message, new Date().toISOString())).catch(() => {});
    }
    throw err;
  } finally {
    clearInterval(poll);
  }
}
