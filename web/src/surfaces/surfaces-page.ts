// <surfaces-page>: the "Loss surfaces" page (/surfaces?…). SGD, momentum, Nesterov, RMSProp and
// Adam race from one start point on a 2-D surface, computed in this browser by the project's
// surfaces/ — the code behind POST /api/surfaces — for instant feedback: contours with each
// trajectory animated step by step, loss against step, and each optimizer's verdict. Every setting
// lives in the URL (surface-url-state.ts), so a shared link opens the same race; a value in it the
// page cannot use is left out, the rest still races, and a notice says what was ignored and why
// (surface-url-check.ts). The dashboard
// loads this page, and tfjs with it, only when it is visited (the one dynamic import in
// app/dashboard-app.ts): this folder is that lazily loaded chunk, and nothing outside it imports it.
import { LitElement, css, html, nothing } from 'lit';
import type { SurfaceResult } from '../../../types/index.js';
import { SURFACE_OPTIMIZER_COLORS } from '../shared/chart-colors.js';
import { SURFACE_OPTIMIZER_LABELS, formatNumber } from '../shared/format.js';
import './optimizer-settings.js';
import { navigate } from '../app/router.js';
import { sharedStyles } from '../shared/element-styles.js';
import { StepPlayerController } from './step-player-controller.js';
import './surface-loss-chart.js';
import './surface-plot.js';
import type { StartPickDetail } from './surface-plot.js';
import { RACE_STATES, SurfaceRaceController } from './surface-race-controller.js';
import './surface-results.js';
import './noise-spread.js';
import './surface-setup-form.js';
import type { StateChangeDetail } from './surface-state-control.js';
import { nameRuns, readSurfaceQuery, type IgnoredParam } from './surface-url-check.js';
import { defaultState, roundSignificant, surfaceQuery, toSurfaceRequest, type SurfacePageState } from './surface-url-state.js';

/** URL writes wait this long after the last change (a slider drag changes the state every frame). */
const URL_WRITE_DELAY_MS = 250;

export class SurfacesPage extends LitElement {
  static override properties = { query: { type: String }, state: { state: true }, ignored: { state: true } };

  static override styles = [
    sharedStyles,
    css`
      :host { display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); }
      .head .title { display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; align-items: baseline; margin-bottom: 0.25rem; }
      .head h1 { margin: 0; font-size: 1.25rem; }
      .head p { margin: 0; font-size: 0.85rem; color: var(--ink-muted); max-width: 70rem; }
      .head .status { font-size: 0.8rem; color: var(--ink-faint); display: flex; flex-wrap: wrap; gap: 0.3rem 0.6rem; align-items: center; }
      .grid { display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); align-items: start; }
      @media (min-width: 1000px) { .grid { grid-template-columns: minmax(0, 560px) minmax(0, 1fr); } }
      .side { display: grid; gap: 1rem; min-width: 0; }
      .player { display: flex; gap: 0.6rem; align-items: center; margin-top: 0.5rem; font-size: 0.85rem; }
      .player input[type='range'] { flex: 1; min-width: 0; accent-color: var(--ink); }
      .player .at { font-variant-numeric: tabular-nums; white-space: nowrap; color: var(--ink-muted); min-width: 8.5rem; text-align: right; }
      .legend { display: flex; flex-wrap: wrap; gap: 0.2rem 0.9rem; font-size: 0.8rem; color: var(--ink-muted); margin-top: 0.45rem; }
      .legend .sym { display: inline-block; width: 1em; text-align: center; font-weight: 700; }
      .formula { font-size: 0.8rem; color: var(--ink-muted); margin: -0.3rem 0 0.4rem; }
      .ignored { margin: 0; padding: 0.5rem 0.8rem; background: var(--badge-early-stopped); border-radius: 6px; color: var(--badge-early-stopped-ink); font-size: 0.85rem; }
      .ignored ul { margin: 0.2rem 0 0; padding-left: 1.2rem; }
      .issues { margin: 0; padding: 0.5rem 0.8rem 0.5rem 1.6rem; background: var(--error-paper); border-radius: 6px; color: var(--error-ink); font-size: 0.85rem; }
      .row2 { display: grid; gap: 1rem; grid-template-columns: minmax(0, 1fr); align-items: start; }
      @media (min-width: 1000px) { .row2 { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
      button.link { padding: 0.15rem 0.5rem; font-size: 0.78rem; }
    `,
  ];

  /** The URL's query string (`?s=rosenbrock…`), from the router. */
  query = '';
  state: SurfacePageState = defaultState();
  /** What the URL asked for that the page left out, and why (cleared by the next change). */
  ignored: IgnoredParam[] = [];
  private writtenQuery: string | null = null;
  private urlTimer: ReturnType<typeof setTimeout> | undefined;
  private replayNext = true;
  private readonly race = new SurfaceRaceController(this, (result) => this.show(result));
  private readonly player = new StepPlayerController(this, (step) => this.drawStep(step));

  /** The last race computed in this page (tests compare it with POST /api/surfaces). */
  get lastResult(): SurfaceResult | null {
    return this.race.result;
  }

  /** The POST /api/surfaces body of the last race computed. */
  get lastRequest(): unknown {
    return this.race.request;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.flushUrl();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('query') && this.query !== this.writtenQuery) {
      // Opened from a link, or back/forward: the URL is the truth.
      const reading = readSurfaceQuery(this.query);
      this.state = reading.state;
      this.ignored = reading.ignored;
      this.writtenQuery = this.query;
      this.replayNext = true;
      this.race.run(toSurfaceRequest(this.state));
    }
  }

  protected override updated(): void {
    document.title = 'Loss surfaces · Optimizer playground';
    this.dataset.state = this.race.state;
    this.dataset.computed = String(this.race.computed);
  }

  private setState(state: SurfacePageState, replay: boolean): void {
    this.state = state;
    this.ignored = [];
    if (replay) this.replayNext = true;
    this.race.run(toSurfaceRequest(state));
    clearTimeout(this.urlTimer);
    this.urlTimer = setTimeout(() => this.flushUrl(), URL_WRITE_DELAY_MS);
  }

  /** Writes the state into the address bar (replacing the entry: a slider drag is not history). */
  private flushUrl(): void {
    clearTimeout(this.urlTimer);
    const q = surfaceQuery(this.state);
    if (q === this.writtenQuery || !this.isConnected) return;
    this.writtenQuery = q;
    navigate(`/surfaces${q}`, true);
  }

  private onStateChange(e: CustomEvent<StateChangeDetail>): void {
    this.setState(e.detail.state, e.detail.replay === true);
  }

  private onStartPick(e: CustomEvent<StartPickDetail>): void {
    this.setState({ ...this.state, start: [roundSignificant(e.detail.x, 3), roundSignificant(e.detail.y, 3)] }, true);
  }

  private get plot() {
    return this.renderRoot.querySelector('surface-plot');
  }

  private get lossChart() {
    return this.renderRoot.querySelector('surface-loss-chart');
  }

  /** A race landed: draw it, replaying it from step 0 when it is a new race or one was playing. */
  private show(result: SurfaceResult): void {
    const last = Math.max(0, ...result.runs.map((r) => r.trajectory.length - 1));
    const replay = this.replayNext || this.player.playing;
    this.replayNext = false;
    const step = replay ? 0 : last;
    this.plot?.setResult(result, step);
    this.lossChart?.setResult(result, step);
    this.player.load(last, replay);
  }

  protected override firstUpdated(): void {
    if (this.race.result) this.show(this.race.result);
  }

  /** One animation frame: the plot, the loss chart's marker, the step slider and its label (no re-render; the label has no Lit binding). */
  private drawStep(step: number): void {
    this.plot?.setStep(step);
    this.lossChart?.setStep(step);
    const slider = this.renderRoot.querySelector<HTMLInputElement>('.player input[type="range"]');
    if (slider) {
      slider.max = String(this.player.lastStep);
      slider.value = String(step);
    }
    const at = this.renderRoot.querySelector('.player .at');
    if (at) at.textContent = `step ${step} of ${this.player.lastStep}`;
  }

  private statusLine() {
    const r = this.race;
    switch (r.state) {
      case RACE_STATES.loading:
        return html`<span class="badge loading">loading tfjs…</span>`;
      case RACE_STATES.computing:
        return html`<span class="badge running">computing…</span>`;
      case RACE_STATES.ready:
        return html`<span class="badge completed">computed in this browser</span><span>${Math.round(r.ms)} ms on tfjs's ${r.result?.backend ?? 'cpu'} backend — the numbers POST /api/surfaces returns for this setup</span>`;
      case RACE_STATES.invalid:
        return html`<span class="badge failed">not a valid setup</span>`;
      case RACE_STATES.failed:
        return html`<span class="badge failed">failed</span><span class="error">${r.error}</span>`;
      default: {
        const never: never = r.state;
        return never;
      }
    }
  }

  override render() {
    const s = this.state;
    const result = this.race.result;
    const issues = this.race.state === RACE_STATES.invalid ? this.race.issues : [];
    return html`
      <section class="card head">
        <div class="title">
          <h1>Loss surfaces</h1>
          <div class="status">${this.statusLine()}</div>
        </div>
        <p>
          SGD, momentum, Nesterov, RMSProp and Adam race from one start point with the product's own tfjs optimizers. Click the contours to start
          elsewhere, drag a learning rate and watch the paths change. The address bar holds every setting: share it to share this race.
        </p>
      </section>
      ${this.ignored.length > 0
        ? html`<div class="ignored" role="status" data-ignored=${this.ignored.map((i) => i.key).join(',')}>
            Ignored in the address, the rest of the setup is shown:
            <ul>${this.ignored.map((i) => html`<li data-key=${i.key}><code>${i.key}=${i.value}</code>: ${i.reason}</li>`)}</ul>
          </div>`
        : nothing}
      ${issues.length > 0 ? html`<ul class="issues" role="alert">${issues.map((i) => html`<li>${nameRuns(i.message, s)}</li>`)}</ul>` : nothing}
      <div class="grid">
        <section class="card">
          <h2>${result ? result.surface.name : 'Surface'}</h2>
          ${result ? html`<p class="formula">f(x, y) = ${result.surface.formula}${result.surface.minLoss !== null ? html` · minimum f* = ${formatNumber(result.surface.minLoss)} at ◇` : html` · no minimum`}</p>` : nothing}
          <surface-plot @start-pick=${this.onStartPick}></surface-plot>
          <div class="player">
            <button type="button" class="play" @click=${() => (this.player.playing ? this.player.pause() : this.player.play())}>${this.player.playing ? '❚❚ Pause' : '▶ Play'}</button>
            <input type="range" name="step" min="0" max=${this.player.lastStep} .value=${String(this.player.step)} aria-label="Step" @input=${(e: Event) => {
              this.player.pause();
              this.player.seek(Number((e.target as HTMLInputElement).value));
            }} />
            <span class="at" aria-live="off"></span>
          </div>
          <div class="legend">
            ${(result?.runs ?? []).map((r) => html`<span><span class="swatch" style="background:${SURFACE_OPTIMIZER_COLORS[r.optimizer]}"></span>${SURFACE_OPTIMIZER_LABELS[r.optimizer]}</span>`)}
            <span><span class="sym">○</span>start</span>
            <span><span class="sym">✕</span>diverged</span>
          </div>
        </section>
        <div class="side" @state-change=${this.onStateChange}>
          <section class="card">
            <h2>Surface and start</h2>
            <surface-setup-form .state=${s}></surface-setup-form>
          </section>
          <section class="card">
            <h2>Optimizers</h2>
            <optimizer-settings .state=${s}></optimizer-settings>
          </section>
        </div>
      </div>
      <div class="row2">
        <section class="card">
          <h2>Loss against step</h2>
          <surface-loss-chart></surface-loss-chart>
        </section>
        <section class="card">
          <h2>Per optimizer</h2>
          <surface-results .result=${result}></surface-results>
        </section>
      </div>
      ${s.noise
        ? html`<section class="card">
            <h2>Spread over noise seeds</h2>
            <surface-noise-spread .body=${toSurfaceRequest(s)}></surface-noise-spread>
          </section>`
        : nothing}
    `;
  }
}

customElements.define('surfaces-page', SurfacesPage);

declare global {
  interface HTMLElementTagNameMap {
    'surfaces-page': SurfacesPage;
  }
}
