// <spec-editor>: a plain-text editor for the full StudySpec JSON that shows each validation error
// next to the line of the field it names — the server's FieldIssue paths are mapped onto the text
// (json-locate.ts), the line is marked in the gutter and behind the text, and the message sits
// beside it (below the editor on narrow screens, where every issue also links to its line). One
// note per line lists all of that line's problems, and notes on nearby lines are stacked so that
// none covers another (notes-layout.ts).
import { LitElement, css, html, nothing } from 'lit';
import type { FieldIssue } from '../../../../types/index.js';
import { locateJsonPaths, locationOfPath, type JsonLocation } from './json-locate.js';
import { stackNotes } from './notes-layout.js';
import { sharedStyles } from '../../shared/element-styles.js';

const LINE_PX = 19;
const PAD_PX = 8;

interface PlacedIssue {
  path: string;
  message: string;
  location: JsonLocation | null;
}

export class SpecEditor extends LitElement {
  static override properties = { value: { type: String }, issues: { attribute: false }, label: { type: String } };

  static override styles = [
    sharedStyles,
    css`
      .editor {
        position: relative;
        display: grid;
        grid-template-columns: 2.6rem minmax(0, 1fr) minmax(10rem, 32%);
        border: 1px solid var(--line-control);
        border-radius: 6px;
        background: var(--paper);
        overflow: hidden;
        height: 26rem;
        font: 13px/${LINE_PX}px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      }
      .editor:focus-within { border-color: var(--accent); box-shadow: 0 0 0 2px var(--accent-focus); }
      .gutter, .notes, .backdrop { position: relative; overflow: hidden; }
      .gutter { background: var(--paper-gutter); color: var(--ink-faintest); text-align: right; border-right: 1px solid var(--subtle); user-select: none; }
      .scroller { position: absolute; left: 0; right: 0; top: 0; will-change: transform; }
      .gutter .ln { height: ${LINE_PX}px; padding-right: 0.45rem; }
      .gutter .ln.bad { color: var(--ink-inverse); background: var(--error-strong); font-weight: 700; }
      .field { position: relative; grid-column: 2; }
      .backdrop { position: absolute; inset: 0; pointer-events: none; }
      .band { position: absolute; left: 0; right: 0; height: ${LINE_PX}px; background: var(--error-band); border-left: 3px solid var(--error-strong); }
      textarea {
        position: absolute;
        inset: 0;
        width: 100%;
        height: 100%;
        box-sizing: border-box;
        margin: 0;
        border: 0;
        outline: none;
        resize: none;
        padding: ${PAD_PX}px 0.5rem;
        background: transparent;
        color: var(--ink);
        font: inherit;
        white-space: pre;
        overflow: auto;
        tab-size: 2;
      }
      .gutter .scroller, .backdrop .scroller, .notes .scroller { padding-top: ${PAD_PX}px; }
      .notes { border-left: 1px solid var(--subtle); background: var(--paper-notes); font-family: system-ui, sans-serif; font-size: 12px; line-height: 16px; }
      .hint { margin: ${PAD_PX}px 0.5rem; color: var(--ink-faintest); }
      .note {
        position: absolute;
        left: 0.4rem;
        right: 0.4rem;
        padding: 1px 0.35rem;
        border-radius: 4px;
        background: var(--error-paper);
        color: var(--error-ink);
        border-left: 3px solid var(--error-strong);
        cursor: pointer;
        max-height: ${LINE_PX * 3}px;
        overflow: hidden;
      }
      .note:hover { max-height: none; z-index: 2; box-shadow: 0 2px 6px var(--shadow-note); }
      ul.list { margin: 0.5rem 0 0; padding: 0; list-style: none; display: grid; gap: 0.25rem; font-size: 0.85rem; }
      ul.list li { color: var(--error-ink); }
      ul.list button { padding: 0 0.35rem; font-size: 0.75rem; margin-right: 0.4rem; }
      ul.list code { color: var(--error-ink-strong); }
      @media (max-width: 720px) {
        .editor { grid-template-columns: 2.2rem minmax(0, 1fr); height: 22rem; }
        .notes { display: none; }
      }
    `,
  ];

  value = '';
  issues: FieldIssue[] = [];
  label = 'Study spec (JSON)';
  private textScroll = 0;

  private get textarea(): HTMLTextAreaElement | null {
    return this.renderRoot.querySelector('textarea');
  }

  /** The issues with the line each belongs to, plus a JSON syntax error when the text has one. */
  placedIssues(): PlacedIssue[] {
    const located = locateJsonPaths(this.value);
    const placed: PlacedIssue[] = [];
    if (!located.ok) placed.push({ path: '', message: `JSON syntax: ${located.error}`, location: located.location });
    for (const i of this.issues) placed.push({ path: i.path, message: i.message, location: locationOfPath(located.paths, i.path) });
    return placed;
  }

  /** Puts the caret on an issue's field and scrolls it into view. */
  focusIssue(issue: PlacedIssue): void {
    const ta = this.textarea;
    if (!ta || !issue.location) return;
    ta.focus();
    const lineEnd = this.value.indexOf('\n', issue.location.offset);
    ta.setSelectionRange(issue.location.offset, lineEnd < 0 ? this.value.length : lineEnd);
    ta.scrollTop = Math.max(0, (issue.location.line - 4) * LINE_PX);
    this.syncScroll();
  }

  private onInput(e: Event): void {
    this.value = (e.target as HTMLTextAreaElement).value;
    this.dispatchEvent(new CustomEvent('spec-input', { detail: { value: this.value }, bubbles: true, composed: true }));
  }

  private onKeyDown(e: KeyboardEvent): void {
    // Tab indents (two spaces) instead of leaving the editor; Escape then Tab still leaves it.
    if (e.key !== 'Tab' || e.shiftKey || e.ctrlKey || e.metaKey || e.altKey) return;
    const ta = e.target as HTMLTextAreaElement;
    e.preventDefault();
    const { selectionStart: s, selectionEnd: end } = ta;
    ta.setRangeText('  ', s, end, 'end');
    this.onInput(e);
  }

  private syncScroll(): void {
    const ta = this.textarea;
    if (!ta) return;
    this.textScroll = ta.scrollTop;
    for (const el of this.renderRoot.querySelectorAll<HTMLElement>('.scroller')) el.style.transform = `translateY(${-this.textScroll}px)`;
  }

  protected override updated(): void {
    const ta = this.textarea;
    if (ta && ta.value !== this.value) ta.value = this.value;
    this.syncScroll();
    this.layoutNotes();
  }

  /** Each note beside its line, or pushed down just below the note above when that one is taller. */
  private layoutNotes(): void {
    const notes = [...this.renderRoot.querySelectorAll<HTMLElement>('.notes .note')];
    const tops = stackNotes(
      notes.map((n) => PAD_PX + (Number(n.dataset.line) - 1) * LINE_PX),
      notes.map((n) => n.offsetHeight),
    );
    notes.forEach((n, i) => (n.style.top = `${tops[i]}px`));
  }

  override render() {
    const lines = this.value.split('\n').length;
    const placed = this.placedIssues();
    const byLine = new Map<number, PlacedIssue[]>();
    for (const p of placed) if (p.location) byLine.set(p.location.line, [...(byLine.get(p.location.line) ?? []), p]);
    const transform = `transform: translateY(${-this.textScroll}px)`;
    return html`
      <div class="editor">
        <div class="gutter" aria-hidden="true">
          <div class="scroller" style=${transform}>
            ${Array.from({ length: lines }, (_, i) => html`<div class="ln ${byLine.has(i + 1) ? 'bad' : ''}">${i + 1}</div>`)}
          </div>
        </div>
        <div class="field">
          <div class="backdrop" aria-hidden="true">
            <div class="scroller" style=${transform}>
              ${[...byLine.keys()].map((line) => html`<div class="band" style="top:${PAD_PX + (line - 1) * LINE_PX}px"></div>`)}
            </div>
          </div>
          <textarea
            aria-label=${this.label}
            spellcheck="false"
            autocapitalize="off"
            autocomplete="off"
            wrap="off"
            .value=${this.value}
            @input=${this.onInput}
            @keydown=${this.onKeyDown}
            @scroll=${this.syncScroll}
          ></textarea>
        </div>
        <div class="notes">
          ${placed.length === 0 ? html`<p class="hint">Problems the server finds are shown here, beside the field they name.</p>` : nothing}
          <div class="scroller" style=${transform}>
            ${[...byLine.entries()].sort(([a], [b]) => a - b).map(
              ([line, issues]) => html`<div class="note" data-line=${line} title=${issues.map((i) => i.message).join('\n')}
                  @click=${() => this.focusIssue(issues[0]!)}>${issues.map((i) => i.message).join(' · ')}</div>`,
            )}
          </div>
        </div>
      </div>
      ${placed.length > 0
        ? html`<ul class="list" aria-live="polite">
            ${placed.map(
              (p) => html`<li data-path=${p.path}>
                ${p.location ? html`<button type="button" @click=${() => this.focusIssue(p)}>line ${p.location.line}</button>` : nothing}${p.message}
              </li>`,
            )}
          </ul>`
        : nothing}
    `;
  }
}

customElements.define('spec-editor', SpecEditor);

declare global {
  interface HTMLElementTagNameMap {
    'spec-editor': SpecEditor;
  }
}
