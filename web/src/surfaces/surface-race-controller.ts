// A reactive controller that runs surface races in the page with the server's own code: the body
// the page would POST to /api/surfaces goes through validateSurfaceRequest and runOptimizersAsync
// (surfaces/), on tfjs's pure-JS `cpu` backend — the backend the API computes on, so the numbers are
// the API's bit for bit (tests/web/surfaces-page.browser.test.ts checks it). Races run one at a
// time; while one runs, only the newest request waits (slider drags ask for many), and each result
// is shown as it lands. Results stop being delivered when the host leaves the page.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import * as tf from '@tensorflow/tfjs';
import type { FieldIssue, SurfaceResult } from '../../../types/index.js';
import { runOptimizersAsync, validateSurfaceRequest } from '../../../surfaces/index.js';

export const RACE_STATES = { loading: 'loading', computing: 'computing', ready: 'ready', invalid: 'invalid', failed: 'failed' } as const;
export type RaceState = (typeof RACE_STATES)[keyof typeof RACE_STATES];

let cpuReady: Promise<void> | null = null;

/** Selects tfjs's `cpu` backend once (never webgl, which headless and GPU-less browsers lack); the noise-seed spread races on it too. */
export function useCpuBackend(): Promise<void> {
  cpuReady ??= (async () => {
    if (!(await tf.setBackend('cpu'))) throw new Error('the tfjs cpu backend could not start');
    await tf.ready();
  })();
  return cpuReady;
}

export class SurfaceRaceController implements ReactiveController {
  state: RaceState = RACE_STATES.loading;
  issues: FieldIssue[] = [];
  error = '';
  /** The last race computed, and the request body it answers (the same body POST /api/surfaces takes). */
  result: SurfaceResult | null = null;
  request: unknown = null;
  /** Milliseconds the last race took in this page. */
  ms = 0;
  /** Races finished since the page opened (tests wait on it). */
  computed = 0;
  private pending: { body: unknown } | null = null;
  private running = false;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onResult: (result: SurfaceResult) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    if (this.pending && !this.running) void this.drain();
  }

  hostDisconnected(): void {
    this.connected = false;
  }

  /** Races `body` (a POST /api/surfaces body) as soon as the race before it is done. */
  run(body: unknown): void {
    this.pending = { body };
    if (!this.running && this.connected) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      await useCpuBackend();
      while (this.pending && this.connected) {
        const { body } = this.pending;
        this.pending = null;
        const checked = validateSurfaceRequest(body);
        if (!checked.ok) {
          this.state = RACE_STATES.invalid;
          this.issues = checked.issues;
          this.host.requestUpdate();
          continue;
        }
        this.state = RACE_STATES.computing;
        this.issues = [];
        this.host.requestUpdate();
        const started = performance.now();
        const result = await runOptimizersAsync(checked.request, 500);
        if (!this.connected) break;
        this.ms = performance.now() - started;
        this.result = result;
        this.request = body;
        this.computed++;
        this.state = this.pending ? RACE_STATES.computing : RACE_STATES.ready;
        this.onResult(result);
        this.host.requestUpdate();
      }
    } catch (err) {
      this.state = RACE_STATES.failed;
      this.error = err instanceof Error ? err.message : String(err);
      this.host.requestUpdate();
    } finally {
      this.running = false;
    }
  }
}
