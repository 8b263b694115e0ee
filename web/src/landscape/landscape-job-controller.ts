// A reactive controller that follows a study's loss-landscape jobs for the study page: on connect it
// finds the newest landscape (so a reload shows the one already drawn or still running), `request`
// queues a new one, and while one is queued or running it polls its progress (grid rows done) once
// a second until it completes or fails. Polling stops when the host leaves the page.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LandscapeRecord } from '../../../types/index.js';
import { TERMINAL_LANDSCAPE_STATES, type ApiClient, type LandscapeAsk } from '../shared/api-client.js';

const POLL_MS = 1000;

export class LandscapeJobController implements ReactiveController {
  /** The landscape shown: the newest, or the one just asked for. */
  record: LandscapeRecord | null = null;
  error = '';
  requesting = false;
  private studyId: string | null = null;
  private following: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private connected = false;
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getApi: () => ApiClient | null,
  ) {
    host.addController(this);
  }

  setStudy(id: string | null): void {
    if (id === this.studyId) return;
    this.studyId = id;
    this.stop();
    this.record = null;
    this.error = '';
    if (this.connected) void this.loadNewest();
  }

  hostConnected(): void {
    this.connected = true;
    if (this.following) this.poll(this.following, this.generation);
    else void this.loadNewest();
  }

  hostDisconnected(): void {
    this.connected = false;
    clearTimeout(this.timer);
  }

  /** Queues a landscape around `trialId` and follows it. */
  async request(trialId: string, ask: LandscapeAsk): Promise<void> {
    const api = this.getApi();
    const studyId = this.studyId;
    if (!api || !studyId || this.requesting) return;
    this.requesting = true;
    this.error = '';
    this.host.requestUpdate();
    try {
      const record = await api.requestLandscape(studyId, trialId, ask);
      if (studyId !== this.studyId) return;
      this.stop();
      this.record = record;
      this.follow(record);
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    } finally {
      this.requesting = false;
      this.host.requestUpdate();
    }
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.following = null;
    this.generation++;
  }

  private async loadNewest(): Promise<void> {
    const api = this.getApi();
    const studyId = this.studyId;
    if (!api || !studyId) return;
    const generation = this.generation;
    try {
      const newest = (await api.listLandscapes(studyId))[0];
      if (!newest || generation !== this.generation || this.record) return;
      const record = await api.getLandscape(studyId, newest.id);
      if (generation !== this.generation || this.record) return;
      this.record = record;
      this.follow(record);
      this.host.requestUpdate();
    } catch {
      // No landscape to show is not an error worth a message on the study page.
    }
  }

  private follow(record: LandscapeRecord): void {
    if (TERMINAL_LANDSCAPE_STATES.includes(record.state)) return;
    this.following = record.id;
    this.poll(record.id, this.generation);
  }

  private poll(id: string, generation: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(async () => {
      const api = this.getApi();
      if (!api || !this.studyId || !this.connected || generation !== this.generation) return;
      try {
        const record = await api.getLandscape(this.studyId, id);
        if (generation !== this.generation) return;
        this.record = record;
        this.error = '';
        this.host.requestUpdate();
        if (TERMINAL_LANDSCAPE_STATES.includes(record.state)) this.following = null;
        else this.poll(id, generation);
      } catch (err) {
        this.error = err instanceof Error ? err.message : String(err);
        this.host.requestUpdate();
        this.poll(id, generation);
      }
    }, POLL_MS);
  }
}
