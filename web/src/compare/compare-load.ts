// What the compare page reads of one study, through the API client: the study (spec, state, best
// configurations), its trials and each trained trial's epochs. An id the API does not know is a
// result of its own (`missing`), so the page can say which one was not found.
import type { EpochMetrics, TrialRecord } from '../../../types/index.js';
import { ApiError, type ApiClient, type StudyDetail } from '../shared/api-client.js';

export interface ComparedStudy {
  id: string;
  study: StudyDetail;
  trials: TrialRecord[];
  /** Epochs by trial id (trials that never trained an epoch have none). */
  epochs: ReadonlyMap<string, readonly EpochMetrics[]>;
}

export type CompareLoad = { ok: true; value: ComparedStudy } | { ok: false; id: string; missing: boolean; message: string };

export async function loadComparedStudy(api: ApiClient, id: string): Promise<CompareLoad> {
  try {
    const [study, trials] = await Promise.all([api.getStudy(id), api.listTrials(id)]);
    const trained = trials.filter((t) => t.epochsDone > 0);
    const histories = await Promise.all(trained.map(async (t) => [t.id, await api.trialMetrics(id, t.id)] as const));
    return { ok: true, value: { id, study, trials, epochs: new Map(histories) } };
  } catch (err) {
    const missing = err instanceof ApiError && err.status === 404;
    return { ok: false, id, missing, message: err instanceof Error ? err.message : String(err) };
  }
}
