// A reactive controller that gives its host element the live data of one study: it opens the
// study's feed (REST snapshot + resumable event stream) when the host connects, closes it when
// the host disconnects, and asks the host to re-render once per batch of events. The data lives
// in a StudyModel outside the host's reactive properties; charts subscribe to the model.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../shared/api-client.js';
import { FEED_STATES, StudyFeed, feedBadge, type FeedState } from './study-feed.js';
import { StudyModel } from './study-model.js';

export class StudyStreamController implements ReactiveController {
  readonly model = new StudyModel();
  state: FeedState = FEED_STATES.closed;
  detail = '';
  private readonly host: ReactiveControllerHost;
  private readonly getApi: () => ApiClient | null;
  private studyId: string | null = null;
  private feed: StudyFeed | null = null;
  private connected = false;

  /** The feed state to show beside the study's state, or null once the study is over (see feedBadge). */
  get badge(): FeedState | null {
    return feedBadge(this.state, this.model.state);
  }

  /** `getApi` is read when the stream opens, so the host may receive its client after construction. */
  constructor(host: ReactiveControllerHost, getApi: () => ApiClient | null) {
    this.host = host;
    this.getApi = getApi;
    host.addController(this);
  }

  /** Follows another study (or none); the old stream is closed first. */
  setStudy(id: string | null): void {
    if (id === this.studyId) return;
    this.studyId = id;
    this.close();
    if (this.connected) this.open();
  }

  hostConnected(): void {
    this.connected = true;
    this.open();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.close();
  }

  private open(): void {
    const api = this.getApi();
    if (!this.studyId || this.feed || !api) return;
    const feed = new StudyFeed({
      api,
      studyId: this.studyId,
      model: this.model,
      onChange: () => this.host.requestUpdate(),
      onState: (state, detail) => {
        if (this.feed !== feed) return;
        this.state = state;
        this.detail = detail ?? '';
      },
    });
    this.feed = feed;
    void feed.start();
  }

  private close(): void {
    this.feed?.close();
    this.feed = null;
  }
}
