// <study-list-app>: studies with state, progress and best metric so far, from GET /api/studies.
import { LitElement, css, html } from 'lit';

interface StudyRow {
  id: string;
  name: string;
  dataset: string;
  state: string;
  trialsTotal: number;
  trialsFinished: number;
  objective: { metric: string; mode: string };
  best: { overall: { metric: number | null; config: { optimizer: string; learningRate: number } } | null } | null;
}

export class StudyListApp extends LitElement {
  static override properties = { rows: { state: true }, error: { state: true } };
  static override styles = css`
    :host { display: block; padding: 1rem 1.5rem; }
    table { border-collapse: collapse; width: 100%; background: white; }
    th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid #eee; font-variant-numeric: tabular-nums; }
    .error { color: #b00020; }
  `;
  rows: StudyRow[] = [];
  error = '';
  private timer: number | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    this.timer = window.setInterval(() => void this.load(), 3000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearInterval(this.timer);
  }

  private async load(): Promise<void> {
    try {
      const res = await fetch('/api/studies');
      if (!res.ok) throw new Error(`GET /api/studies answered ${res.status}`);
      this.rows = ((await res.json()) as { studies: StudyRow[] }).studies;
      this.error = '';
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  override render() {
    return html`
      <h1>Optimizer playground</h1>
      <p>Studies queued through <code>POST /api/studies</code> (see <a href="/openapi.json">/openapi.json</a>).</p>
      ${this.error ? html`<p class="error">${this.error}</p>` : ''}
      <table>
        <thead><tr><th>Study</th><th>Dataset</th><th>State</th><th>Trials done</th><th>Best</th></tr></thead>
        <tbody>
          ${this.rows.map(
            (s) => html`<tr>
              <td>${s.name} <small>${s.id}</small></td>
              <td>${s.dataset}</td>
              <td>${s.state}</td>
              <td>${s.trialsFinished} / ${s.trialsTotal}</td>
              <td>${s.best?.overall?.metric != null
                ? `${s.objective.metric} ${s.best.overall.metric.toFixed(4)} (${s.best.overall.config.optimizer}, lr ${s.best.overall.config.learningRate.toExponential(2)})`
                : '—'}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    `;
  }
}

customElements.define('study-list-app', StudyListApp);

declare global {
  interface HTMLElementTagNameMap {
    'study-list-app': StudyListApp;
  }
}
