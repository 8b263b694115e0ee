// <study-create-form>: start a study from a preset or from a hand-edited StudySpec. The presets
// fill the JSON editor; submitting posts it as is, and a 400 from the server's validation comes
// back as field issues that the editor shows beside the lines they name. Given a `spec` (a re-run or
// a clone from a study page, through the /new route), the editor opens with that instead. A 401
// (the server runs with API_TOKEN) is the client's to handle: the shell's token dialog asks once per tab.
import { LitElement, css, html, nothing } from 'lit';
import type { FieldIssue } from '../../../../types/index.js';
import type { ApiClient } from '../../shared/api-client.js';
import { locateJsonPaths } from './json-locate.js';
import { prettyJson } from './pretty-json.js';
import { navigate } from '../../app/router.js';
import { sharedStyles } from '../../shared/element-styles.js';
import { stateProperties } from '../../shared/state-properties.js';
import './spec-editor.js';
import { STUDY_PRESETS } from './study-presets.js';

/** 45 s, 12 min, 2.5 h. */
function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${Number((seconds / 3600).toPrecision(2))} h`;
}

function specText(spec: unknown): string {
  return `${prettyJson(spec)}\n`;
}

export class StudyCreateForm extends LitElement {
  static override properties = { spec: { attribute: false }, ...stateProperties('presetId', 'text', 'issues', 'message', 'busy', 'costLine') };

  static override styles = [
    sharedStyles,
    css`
      .presets { display: flex; flex-wrap: wrap; gap: 0.4rem; margin-bottom: 0.5rem; }
      .presets button[aria-pressed='true'] { background: var(--accent-soft); border-color: var(--accent); color: var(--accent-ink); font-weight: 600; }
      .description { margin: 0 0 0.6rem; font-size: 0.85rem; color: var(--ink-muted); }
      .actions { display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: center; margin-top: 0.6rem; }
    `,
  ];

  /** A spec to open in the editor instead of the first preset; null: the presets. */
  spec: unknown = null;
  presetId: string = STUDY_PRESETS[0]!.id;
  text = specText(STUDY_PRESETS[0]!.spec);
  issues: FieldIssue[] = [];
  message = '';
  busy = false;
  /** What the spec in the editor can cost (from a dry run), or ''. */
  costLine = '';
  private api: ApiClient | null = null;

  set client(api: ApiClient) {
    this.api = api;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('spec') && this.spec !== null) this.open('', this.spec);
  }

  private open(presetId: string, spec: unknown): void {
    this.presetId = presetId;
    this.text = specText(spec);
    this.issues = [];
    this.message = '';
    this.costLine = '';
  }

  /** Asks the server what the spec can cost (POST ?dryRun=1: validated, nothing written). */
  private async estimate(): Promise<void> {
    if (!this.api || this.busy) return;
    const located = locateJsonPaths(this.text);
    if (!located.ok) {
      this.message = `The spec is not valid JSON (line ${located.location.line}): ${located.error}.`;
      return;
    }
    this.message = '';
    try {
      const r = await this.api.dryRun(JSON.parse(this.text));
      if (!r.ok) {
        this.issues = r.issues;
        this.costLine = '';
        this.message = r.issues.length > 0 ? `The server did not accept the spec: ${r.issues.length} problem${r.issues.length === 1 ? '' : 's'}, shown beside the fields.` : r.message;
        return;
      }
      this.issues = [];
      const { cost, estimate } = r;
      const time = estimate
        ? `, roughly ${formatDuration(estimate.secondsWithPromotion)} (at most ${formatDuration(estimate.secondsAtMost)}) on the ${estimate.workers} worker${estimate.workers === 1 ? '' : 's'} heard from at ${estimate.samplesPerSec.toLocaleString('en')} images/s`
        : ' (no worker has measured its speed yet, so no time estimate)';
      this.costLine = `${cost.trials} trials, at most ${cost.epochsAtMost} epochs (${cost.epochsWithPromotion} with promotion, before pruning): ${cost.trainSamplesAtMost.toLocaleString('en')} training images at most${time}.`;
    } catch (err) {
      this.message = err instanceof Error ? err.message : String(err);
    }
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.api || this.busy) return;
    const located = locateJsonPaths(this.text);
    if (!located.ok) {
      this.issues = [];
      this.message = `The spec is not valid JSON (line ${located.location.line}): ${located.error}.`;
      return;
    }
    this.busy = true;
    this.message = '';
    try {
      const result = await this.api.createStudy(JSON.parse(this.text));
      if (result.ok) {
        this.issues = [];
        this.dispatchEvent(new CustomEvent('study-created', { detail: { study: result.study }, bubbles: true, composed: true }));
        navigate(`/studies/${result.study.id}`);
        return;
      }
      this.issues = result.issues;
      this.message =
        result.issues.length > 0
          ? `The server did not accept the spec: ${result.issues.length} problem${result.issues.length === 1 ? '' : 's'}, shown beside the fields.`
          : result.message;
    } catch (err) {
      this.message = err instanceof Error ? err.message : String(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const preset = STUDY_PRESETS.find((p) => p.id === this.presetId);
    return html`<form @submit=${this.submit}>
      <div class="presets" role="group" aria-label="Presets">
        ${STUDY_PRESETS.map(
          (p) => html`<button type="button" data-preset=${p.id} aria-pressed=${p.id === this.presetId ? 'true' : 'false'} @click=${() => this.open(p.id, p.spec)}>${p.label}</button>`,
        )}
      </div>
      ${preset ? html`<p class="description">${preset.description}</p>` : nothing}
      <spec-editor
        .value=${this.text}
        .issues=${this.issues}
        @spec-input=${(e: CustomEvent<{ value: string }>) => {
          this.text = e.detail.value;
          this.presetId = '';
          this.costLine = '';
        }}
      ></spec-editor>
      <div class="actions">
        <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? 'Creating…' : 'Create study'}</button>
        <button type="button" name="estimate" @click=${() => void this.estimate()} title="What the spec can cost, before you commit (nothing is created)">Estimate cost</button>
        ${this.costLine ? html`<span class="muted small" data-cost>${this.costLine}</span>` : nothing}
        ${this.message ? html`<span class="error" role="alert">${this.message}</span>` : nothing}
      </div>
    </form>`;
  }
}

customElements.define('study-create-form', StudyCreateForm);

declare global {
  interface HTMLElementTagNameMap {
    'study-create-form': StudyCreateForm;
  }
}
