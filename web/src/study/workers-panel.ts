// <workers-panel>: the workers seen in the last minute — host, tfjs backend, slots (and whether
// each trial trains in a thread of its own), the trial each busy slot trains with the epoch it is
// in, and how long ago it last reported — polled while the panel is on the page.
import { LitElement, html } from 'lit';
import type { ApiClient, WorkerView } from '../shared/api-client.js';
import { formatAge } from '../shared/format.js';
import { PollController } from '../shared/poll-controller.js';
import { sharedStyles } from '../shared/element-styles.js';
import { ScrollHintController } from '../shared/scroll-hint-controller.js';

export class WorkersPanel extends LitElement {
  static override properties = { studyId: { type: String, attribute: 'study-id' } };

  static override styles = sharedStyles;

  studyId = '';
  private api: ApiClient | null = null;
  private readonly scrollHint = new ScrollHintController(this);
  private readonly poll = new PollController<WorkerView[]>(this, () => (this.api ? this.api.listWorkers() : Promise.resolve([])), 3000);

  /** The API to poll (set before the panel connects). */
  set client(api: ApiClient) {
    if (api === this.api) return;
    this.api = api;
    this.poll.refresh();
  }

  private training(w: WorkerView) {
    return trainingLines(w, this.studyId);
  }

  override render() {
    const workers = this.poll.value;
    if (this.poll.error) return html`<p class="error">${this.poll.error}</p>`;
    if (!workers) return html`<p class="muted">Loading…</p>`;
    if (workers.length === 0) return html`<p class="muted">No worker has reported in the last minute. Start one with <code>npm run worker</code>.</p>`;
    return html`<div class="table-wrap"><table>
      <thead><tr><th class="key">Host</th><th>Backend</th><th>Training</th><th>Last heartbeat</th></tr></thead>
      <tbody>${workers.map(
        (w) => html`<tr data-worker=${w.id}>
          <td class="key">${w.host} <span class="muted small">pid ${w.pid}</span></td>
          <td><code>${w.backend}</code> <span class="muted small">${w.concurrency} slot${w.concurrency === 1 ? '' : 's'}${w.threads === 'threads' ? ((w.trialThreads ?? 1) > 1 ? `, ${w.trialThreads} threads each` : ', a thread each') : ''}</span></td>
          <td>${this.training(w)}</td>
          <td>${formatAge(w.lastHeartbeatMs)}</td>
        </tr>`,
      )}</tbody>
    </table></div>`;
  }
}

/** The trials a worker trains now, one line each; `epoch` in a heartbeat is the last finished one. */
function trainingLines(w: WorkerView, studyId: string) {
  const trials = w.trials ?? (w.currentTrial ? [w.currentTrial] : []);
  if (trials.length === 0) return html`<span class="muted">idle</span>`;
  return trials.map(
    (t, i) => html`${i > 0 ? html`<br />` : ''}${t.studyId === studyId ? 'this study' : html`<a href="/studies/${t.studyId}">${t.studyId}</a>`}, trial <code>${t.trialId}</code>, in epoch ${t.epoch + 1}`,
  );
}

customElements.define('workers-panel', WorkersPanel);

declare global {
  interface HTMLElementTagNameMap {
    'workers-panel': WorkersPanel;
  }
}
