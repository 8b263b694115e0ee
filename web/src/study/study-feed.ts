// The live data of one study: a REST snapshot, then the study's event stream folded into a
// StudyModel, resumed after drops, with the best configurations refetched when a trial finishes.
// Changes are batched (one flush per animation frame in a browser) so a replay of thousands of
// events redraws once, not thousands of times. No Lit and no DOM here: the study page wraps it
// in a reactive controller and the Node tests drive it against a real server.
import type { StudyState } from '../../../types/index.js';
import type { ApiClient } from '../shared/api-client.js';
import { TERMINAL_STUDY_STATES, parseStudyEvent } from '../shared/api-client.js';
import { ResumableSseClient, SSE_STATES, type SseMessage, type SseState } from '../shared/sse-client.js';
import type { StudyModel } from './study-model.js';

export const FEED_STATES = {
  loading: 'loading',
  live: 'live',
  reconnecting: 'reconnecting',
  ended: 'ended',
  failed: 'failed',
  closed: 'closed',
} as const;
export type FeedState = (typeof FEED_STATES)[keyof typeof FEED_STATES];

/**
 * The feed state a study page shows beside the study's own state, or null for none. A study that
 * is over is not "live", even while the stream still delivers its last events (a cancelled
 * study's running trials stopping): only a failed feed is worth a word then.
 */
export function feedBadge(feed: FeedState, study: StudyState): FeedState | null {
  return TERMINAL_STUDY_STATES.includes(study) && feed !== FEED_STATES.failed ? null : feed;
}

export interface StudyFeedOptions {
  api: ApiClient;
  studyId: string;
  model: StudyModel;
  /** Called once per batch of changes, after model.emit(). */
  onChange?: () => void;
  onState?: (state: FeedState, detail?: string) => void;
  /** How a batch is scheduled. @defaultValue requestAnimationFrame where there is one, else a 0 ms timer */
  schedule?: (flush: () => void) => void;
  /** Passed to the SSE client. @defaultValue 1000 */
  retryMs?: number;
  /** Every raw SSE message, before it is folded in (tests count them). */
  onMessage?: (message: SseMessage) => void;
  /** Delay before refetching /best after a trial finishes. @defaultValue 600 */
  bestDelayMs?: number;
}

const defaultSchedule = (flush: () => void) => {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState === 'visible') {
    requestAnimationFrame(() => flush());
  } else setTimeout(flush, 16);
};

export class StudyFeed {
  readonly model: StudyModel;
  state: FeedState = FEED_STATES.closed;
  detail = '';
  private readonly options: StudyFeedOptions;
  private sse: ResumableSseClient | null = null;
  private flushPending = false;
  private closed = false;
  private bestTimer: ReturnType<typeof setTimeout> | undefined;
  private trialsRefetch: Promise<void> | null = null;

  constructor(options: StudyFeedOptions) {
    this.options = options;
    this.model = options.model;
  }

  get lastEventId(): string | null {
    return this.sse?.lastEventId ?? null;
  }

  get connections(): number {
    return this.sse?.connections ?? 0;
  }

  private setState(state: FeedState, detail = ''): void {
    if (this.closed && state !== FEED_STATES.closed) return;
    this.state = state;
    this.detail = detail;
    this.options.onState?.(state, detail);
    this.scheduleFlush();
  }

  /** Loads the snapshot and follows the stream; resolves when the stream has ended (or failed, or was closed). */
  async start(): Promise<void> {
    const { api, studyId, model } = this.options;
    this.closed = false;
    this.setState(FEED_STATES.loading);
    try {
      const [study, trials] = await Promise.all([api.getStudy(studyId), api.listTrials(studyId)]);
      if (this.closed) return;
      model.reset(study, trials);
    } catch (err) {
      this.setState(FEED_STATES.failed, err instanceof Error ? err.message : String(err));
      return;
    }
    this.scheduleFlush();
    this.sse = new ResumableSseClient({
      url: (lastId) => api.eventsUrl(studyId, lastId),
      retryMs: this.options.retryMs,
      onMessage: (m) => this.onMessage(m),
      onState: (s, detail) => this.onSseState(s, detail),
      isFinal: (m) => m.event === 'study-finished',
      // The server ends an idle stream of a finished study; a cancelled study may have no study-finished event.
      isComplete: () => TERMINAL_STUDY_STATES.includes(model.state),
    });
    await this.sse.start();
    if (!this.closed) {
      // The ranking is final now; fetch it once more in case study-finished carried none.
      await this.refreshBest();
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.bestTimer);
    this.sse?.close();
    this.setState(FEED_STATES.closed);
  }

  /** Drops the current connection as a network failure would; the feed resumes by itself. */
  dropConnection(): void {
    this.sse?.dropConnection();
  }

  private onSseState(s: SseState, detail?: string): void {
    switch (s) {
      case SSE_STATES.connecting:
        return;
      case SSE_STATES.open:
        return this.setState(FEED_STATES.live);
      case SSE_STATES.reconnecting:
        return this.setState(FEED_STATES.reconnecting, detail);
      case SSE_STATES.ended:
        return this.setState(FEED_STATES.ended);
      case SSE_STATES.failed:
        return this.setState(FEED_STATES.failed, detail);
      case SSE_STATES.closed:
        return;
      default: {
        const never: never = s;
        void never;
      }
    }
  }

  private onMessage(m: SseMessage): void {
    this.options.onMessage?.(m);
    const event = parseStudyEvent(m.event, m.data);
    if (!event) return;
    const { model } = this.options;
    const knownBefore = event.type === 'stage-started' ? event.trialIds.every((id) => model.trials.get(id)?.config) : true;
    model.apply(event);
    if (event.type === 'stage-started' && !knownBefore) this.refetchTrials();
    if (event.type === 'trial-finished' || event.type === 'stage-finished') this.scheduleBest();
    this.scheduleFlush();
  }

  /** A new stage's trials exist on the server with their configs; fetch them so queued ones show too. */
  private refetchTrials(): void {
    this.trialsRefetch ??= this.options.api
      .listTrials(this.options.studyId)
      .then((records) => {
        if (!this.closed) this.model.mergeTrials(records);
        this.scheduleFlush();
      })
      .catch(() => {})
      .finally(() => {
        this.trialsRefetch = null;
      });
  }

  /**
   * One /best refetch at most every bestDelayMs while trials finish: a refetch already coming is
   * not pushed back by the next finish (a restarted debounce never fired while a fast study's
   * trials kept finishing, leaving the panel empty until the end).
   */
  private scheduleBest(): void {
    if (this.bestTimer !== undefined) return;
    this.bestTimer = setTimeout(() => {
      this.bestTimer = undefined;
      void this.refreshBest();
    }, this.options.bestDelayMs ?? 600);
  }

  private async refreshBest(): Promise<void> {
    try {
      const best = await this.options.api.getBest(this.options.studyId);
      if (this.closed) return;
      this.model.setBest(best, best.final);
      this.scheduleFlush();
    } catch {
      // A missed refresh is made good by the next finished trial.
    }
  }

  private scheduleFlush(): void {
    if (this.flushPending) return;
    this.flushPending = true;
    (this.options.schedule ?? defaultSchedule)(() => {
      this.flushPending = false;
      this.model.emit();
      this.options.onChange?.();
    });
  }
}
