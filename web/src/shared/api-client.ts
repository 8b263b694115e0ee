// The dashboard's one door to the API: every request goes through here, and every wire JSON
// shape (responses, error bodies, SSE payloads) is turned into the app's types here and nowhere
// else. It has no DOM or Lit imports, so the Node tests drive it too.
import type { EpochMetrics, ErrorBody, FieldIssue, LandscapeDirections, LandscapeRecord, StudyEvent, WorkerHeartbeat } from '../../../types/index.js';
import { TERMINAL_LANDSCAPE_STATES, TERMINAL_STUDY_STATES } from '../../../types/index.js';
import type {
  BestResponse,
  ComparisonResponse,
  DeleteResponse,
  DryRunResponse,
  ImportanceResponse,
  LandscapeListResponse,
  LandscapeSummary,
  StudyCost,
  StudyListItem,
  StudyListResponse,
  StudyResponse,
  TimeEstimate,
  TrialListResponse,
  TrialMetricsResponse,
  WorkerListResponse,
} from '../../../types/api.js';

export { TERMINAL_LANDSCAPE_STATES, TERMINAL_STUDY_STATES };

/** A row of the studies list (GET /api/studies). */
export type StudySummary = StudyListItem;

/** One study with its spec, stages and progress, as GET /api/studies/:id answers. */
export type StudyDetail = StudyResponse;

/** The best configurations, and whether they are final (GET /api/studies/:id/best). */
export type BestView = Omit<BestResponse, 'studyId' | 'state'>;

/** A worker with its heartbeat age already worked out against the server-sent timestamp. */
export interface WorkerView extends WorkerHeartbeat {
  lastHeartbeatMs: number;
}

/** A 4xx answer to a write, read out for the form (other failures throw). */
export type Refusal = { ok: false; status: number; code: string; message: string; issues: FieldIssue[] };
export type CreateStudyResult = { ok: true; study: StudyDetail } | Refusal;
export type DryRunResult = { ok: true; cost: StudyCost; estimate: TimeEstimate | null } | Refusal;

/** An API answer that was not 2xx, with the contract's `{ error: { code, message } }` read out. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

/** Why the client asks for a token: the server wants one (401), or turned the one it got down (403). */
export type TokenRequestReason = 'missing' | 'rejected';

export interface ApiClientOptions {
  /** Origin (and path prefix) of the API; '' means the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Bearer token for writes when the server runs with API_TOKEN. Sent only in the Authorization header, never in a URL. */
  token?: string | null;
  /**
   * Called when a write is refused for want of a (valid) token; a token it resolves to is kept and
   * the write is sent once more with it, null gives up. Concurrent refusals share one question.
   * @defaultValue none: a refused write throws its ApiError
   */
  askForToken?: (reason: TokenRequestReason) => Promise<string | null>;
}

/** What the dashboard asks of a landscape (POST /api/studies/:id/trials/:trialId/landscape; the server fills in the rest). */
export interface LandscapeAsk {
  directions: LandscapeDirections;
  grid?: number;
  trials?: string[] | 'best-per-optimizer';
}

function isFieldIssue(v: unknown): v is FieldIssue {
  return typeof v === 'object' && v !== null && typeof (v as FieldIssue).path === 'string' && typeof (v as FieldIssue).message === 'string';
}

async function readError(res: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | null;
  try {
    body = (await res.json()) as Partial<ErrorBody>;
  } catch {
    body = null;
  }
  const err = body?.error;
  const issues = Array.isArray(err?.details) ? err.details.filter(isFieldIssue) : [];
  return new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? `${res.status} ${res.statusText}`, issues);
}

export class ApiClient {
  readonly baseUrl: string;
  token: string | null;
  private readonly fetchImpl: typeof fetch;
  private readonly askForToken: ApiClientOptions['askForToken'];
  private asking: Promise<string | null> | null = null;

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? '';
    this.token = options.token ?? null;
    this.askForToken = options.askForToken;
    // Bound: a bare `fetch` reference called as a method of another object throws in browsers.
    const f = options.fetch ?? globalThis.fetch;
    this.fetchImpl = (input, init) => f(input, init);
  }

  private async request<T>(method: string, path: string, body?: unknown, retry = true): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    // Reads (SSE included) need no token; writes carry it in the header only.
    const sentToken = method !== 'GET' ? this.token : null;
    if (sentToken) headers.authorization = `Bearer ${sentToken}`;
    const res = await this.fetchImpl(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) {
      if (retry && method !== 'GET' && (res.status === 401 || res.status === 403) && this.askForToken) {
        // Another write may have been given a new token while this one was in flight.
        const token = this.token !== sentToken ? this.token : await this.tokenFromUser(res.status === 401 ? 'missing' : 'rejected');
        if (token) return this.request<T>(method, path, body, false);
      }
      throw await readError(res);
    }
    return (await res.json()) as T;
  }

  /** Asks for a token once however many writes were refused at the same time. */
  private tokenFromUser(reason: TokenRequestReason): Promise<string | null> {
    this.asking ??= (async () => {
      try {
        const token = (await this.askForToken!(reason))?.trim() || null;
        if (token) this.token = token;
        return token;
      } finally {
        this.asking = null;
      }
    })();
    return this.asking;
  }

  async listStudies(limit = 50): Promise<StudyListResponse> {
    const wire = await this.request<StudyListResponse>('GET', `/api/studies?limit=${limit}`);
    return { studies: wire.studies.map((s) => ({ ...s, best: s.best ?? null, progress: s.progress ?? [] })), total: wire.total };
  }

  getStudy(id: string): Promise<StudyDetail> {
    return this.request<StudyDetail>('GET', `/api/studies/${encodeURIComponent(id)}`);
  }

  async listTrials(id: string): Promise<TrialListResponse['trials']> {
    return (await this.request<TrialListResponse>('GET', `/api/studies/${encodeURIComponent(id)}/trials`)).trials;
  }

  /** One trial's epochs in order (a promoted trial's begin with its parent's); losses null where not finite. */
  async trialMetrics(id: string, trialId: string): Promise<EpochMetrics[]> {
    return (await this.request<TrialMetricsResponse>('GET', `/api/studies/${encodeURIComponent(id)}/trials/${encodeURIComponent(trialId)}/metrics`)).epochs;
  }

  async getBest(id: string): Promise<BestView> {
    const wire = await this.request<BestResponse>('GET', `/api/studies/${encodeURIComponent(id)}/best`);
    return { objective: wire.objective, overall: wire.overall, byOptimizer: wire.byOptimizer ?? {}, final: wire.final };
  }

  /** The optimizer race's verdict: each optimizer's best configuration of the last stage and a verdict per pair. */
  getComparison(id: string): Promise<ComparisonResponse> {
    return this.request<ComparisonResponse>('GET', `/api/studies/${encodeURIComponent(id)}/comparison`);
  }

  /** Which dimensions explain the objective across one stage's finished trials (stage 0-based; numbers only when `status` is computed). */
  importance(id: string, stage = 0): Promise<ImportanceResponse> {
    return this.request<ImportanceResponse>('GET', `/api/studies/${encodeURIComponent(id)}/importance?stage=${stage}`);
  }

  async listWorkers(now = Date.now()): Promise<WorkerView[]> {
    const { workers } = await this.request<WorkerListResponse>('GET', '/api/workers');
    return workers.map((w) => ({ ...w, lastHeartbeatMs: Math.max(0, now - Date.parse(w.lastHeartbeat)) }));
  }

  /** A write whose 4xx answer is a result for the form, not an exception. */
  private async orRefusal<T>(write: () => Promise<T>): Promise<{ ok: true; value: T } | Refusal> {
    try {
      return { ok: true, value: await write() };
    } catch (err) {
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) {
        return { ok: false, status: err.status, code: err.code, message: err.message, issues: err.issues };
      }
      throw err;
    }
  }

  /** POST /api/studies; a rejected spec is a result (with its field issues), not a throw. */
  async createStudy(spec: unknown): Promise<CreateStudyResult> {
    const r = await this.orRefusal(() => this.request<StudyDetail>('POST', '/api/studies', spec));
    return r.ok ? { ok: true, study: r.value } : r;
  }

  /** POST /api/studies?dryRun=1: what the spec can cost, nothing written. */
  async dryRun(spec: unknown): Promise<DryRunResult> {
    const r = await this.orRefusal(() => this.request<DryRunResponse>('POST', '/api/studies?dryRun=1', spec));
    return r.ok ? { ok: true, cost: r.value.cost, estimate: r.value.estimate } : r;
  }

  cancelStudy(id: string): Promise<StudyDetail> {
    return this.request<StudyDetail>('POST', `/api/studies/${encodeURIComponent(id)}/cancel`);
  }

  async deleteStudy(id: string): Promise<void> {
    await this.request<DeleteResponse>('DELETE', `/api/studies/${encodeURIComponent(id)}`);
  }

  /** Queues a loss landscape around a finished trial (202: the record, state `queued`). */
  requestLandscape(studyId: string, trialId: string, ask: LandscapeAsk): Promise<LandscapeRecord> {
    return this.request<LandscapeRecord>('POST', `/api/studies/${encodeURIComponent(studyId)}/trials/${encodeURIComponent(trialId)}/landscape`, ask);
  }

  /** One landscape with its progress and, once completed, its result (losses null where not finite). */
  getLandscape(studyId: string, landscapeId: string): Promise<LandscapeRecord> {
    return this.request<LandscapeRecord>('GET', `/api/studies/${encodeURIComponent(studyId)}/landscapes/${encodeURIComponent(landscapeId)}`);
  }

  /** The study's landscapes, newest first, without their results. */
  async listLandscapes(studyId: string): Promise<LandscapeSummary[]> {
    const wire = await this.request<LandscapeListResponse>('GET', `/api/studies/${encodeURIComponent(studyId)}/landscapes`);
    return [...wire.landscapes].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** The study's SSE endpoint, resuming after `lastEventId` when given (EventSource-free clients can't rely on the header). */
  /** GET /api/studies/:id/export: one row per trial (or per trial and epoch), as a file download. */
  exportUrl(id: string, format: 'csv' | 'json', perEpoch = false): string {
    return `${this.baseUrl}/api/studies/${encodeURIComponent(id)}/export?format=${format}${perEpoch ? '&epochs=1' : ''}`;
  }

  eventsUrl(id: string, lastEventId: string | null): string {
    const resume = lastEventId ? `?lastEventId=${encodeURIComponent(lastEventId)}` : '';
    return `${this.baseUrl}/api/studies/${encodeURIComponent(id)}/events${resume}`;
  }
}

const STUDY_EVENT_TYPES: ReadonlySet<string> = new Set<StudyEvent['type']>([
  'study-state',
  'stage-started',
  'trial-started',
  'epoch',
  'trial-finished',
  'stage-finished',
  'study-finished',
]);

/**
 * One SSE message of the events endpoint as a StudyEvent, or null for the stream's own messages
 * (`hello`, `ping`) and anything this dashboard does not know. Losses arrive as null where the
 * worker saw NaN or Infinity; they stay null (a gap), never NaN.
 */
export function parseStudyEvent(eventName: string, data: string): StudyEvent | null {
  if (!STUDY_EVENT_TYPES.has(eventName)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { type?: unknown }).type !== eventName) return null;
  const event = parsed as StudyEvent;
  if (event.type === 'epoch') {
    const m = event.metrics;
    const finite = (v: number | null) => (v !== null && Number.isFinite(v) ? v : null);
    return { ...event, metrics: { ...m, trainLoss: finite(m.trainLoss), valLoss: finite(m.valLoss) } };
  }
  return event;
}
