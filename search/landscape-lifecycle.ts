// A loss landscape's lifecycle as pure steps: queued by the API, running row by row in a worker,
// then completed with its result or failed with the reason. The landscape route and job only
// call these and save the record they return (tests/search/landscape-lifecycle.test.ts).
import type { LandscapeRecord, LandscapeRequest, LandscapeResult } from '../types/index.js';
import { TERMINAL_LANDSCAPE_STATES } from '../types/index.js';

export const isFinishedLandscape = (r: Pick<LandscapeRecord, 'state'>): boolean => TERMINAL_LANDSCAPE_STATES.includes(r.state);

/** A new landscape around `trialId`, queued: no row evaluated yet. */
export function newLandscapeRecord(id: string, studyId: string, trialId: string, request: LandscapeRequest, now: string): LandscapeRecord {
  return { id, studyId, trialId, request, state: 'queued', progress: { rowsDone: 0, rows: request.grid }, error: null, createdAt: now, startedAt: null, finishedAt: null, result: null };
}

/** A worker starts (or, re-delivered, starts over): no rows done, no error, no result. */
export function startLandscape(r: LandscapeRecord, now: string): LandscapeRecord {
  return { ...r, state: 'running', startedAt: now, progress: { rowsDone: 0, rows: r.request.grid }, error: null, result: null };
}

export function landscapeRowsDone(r: LandscapeRecord, rowsDone: number): LandscapeRecord {
  return { ...r, progress: { rowsDone, rows: r.request.grid } };
}

export function completeLandscape(r: LandscapeRecord, result: LandscapeResult, now: string): LandscapeRecord {
  return { ...r, state: 'completed', finishedAt: now, result };
}

export function failLandscape(r: LandscapeRecord, error: string, now: string): LandscapeRecord {
  return { ...r, state: 'failed', error, finishedAt: now };
}
