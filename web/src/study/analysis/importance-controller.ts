// A reactive controller that keeps the study page's hyperparameter importance current: `want`
// names the study, the stage and how many of its trials have finished; a change asks the API
// again (GET /api/studies/:id/importance). One request at a time — asks that arrive while one is in
// flight are folded into a single request after it — so a burst of finished trials costs a request
// or two, never one per event, and never waits for the burst to end.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ImportanceResponse } from '../../../../types/api.js';
import type { ApiClient } from '../../shared/api-client.js';

interface Ask {
  studyId: string;
  stage: number;
  finished: number;
}

const keyOf = (a: Ask) => `${a.studyId}|${a.stage}|${a.finished}`;

export class ImportanceController implements ReactiveController {
  /** The last answer for the study and stage asked for now; null before one arrived. */
  value: ImportanceResponse | null = null;
  error: string | null = null;
  private wanted: Ask | null = null;
  private asked = '';
  private inFlight = false;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getApi: () => ApiClient | null,
  ) {
    host.addController(this);
  }

  want(ask: Ask): void {
    if (this.wanted && (this.wanted.studyId !== ask.studyId || this.wanted.stage !== ask.stage)) this.value = null;
    this.wanted = ask;
    void this.kick();
  }

  hostConnected(): void {
    this.connected = true;
    void this.kick();
  }

  hostDisconnected(): void {
    this.connected = false;
  }

  private async kick(): Promise<void> {
    const ask = this.wanted;
    const api = this.getApi();
    if (!ask || !api || !this.connected || this.inFlight || keyOf(ask) === this.asked) return;
    this.asked = keyOf(ask);
    this.inFlight = true;
    try {
      const r = await api.importance(ask.studyId, ask.stage);
      if (this.wanted && r.studyId === this.wanted.studyId && r.stage === this.wanted.stage) this.value = r;
      this.error = null;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      this.asked = '';
    } finally {
      this.inFlight = false;
      this.host.requestUpdate();
    }
    if (!this.error) void this.kick();
  }
}
