// <api-token-dialog>: the one place the dashboard asks for the API token, when a write (create,
// cancel, delete, a landscape) comes back 401 or 403 from a server that runs with API_TOKEN. The
// shell keeps the answer for the tab (api-token.ts), so it is asked for once; the field is a
// password field and the token is never shown, put in a URL or logged.
import { LitElement, css, html } from 'lit';
import type { TokenRequestReason } from '../shared/api-client.js';
import { sharedStyles } from '../shared/element-styles.js';

export class ApiTokenDialog extends LitElement {
  static override properties = { reason: { state: true } };

  static override styles = [
    sharedStyles,
    css`
      dialog { border: 1px solid var(--line-control); border-radius: 8px; padding: 1rem 1.1rem; max-width: min(26rem, 90vw); box-shadow: 0 8px 30px var(--shadow-strong); }
      dialog::backdrop { background: var(--backdrop); }
      h2 { margin: 0 0 0.4rem; font-size: 1rem; }
      p { margin: 0 0 0.7rem; font-size: 0.85rem; color: var(--ink-muted); }
      input { font: inherit; width: 100%; box-sizing: border-box; padding: 0.35rem 0.5rem; border: 1px solid var(--line-control); border-radius: 5px; }
      .actions { display: flex; gap: 0.5rem; justify-content: flex-end; margin-top: 0.8rem; }
    `,
  ];

  reason: TokenRequestReason = 'missing';
  private resolve: ((token: string | null) => void) | null = null;

  /** Opens the dialog; resolves to the token typed, or null when cancelled. */
  ask(reason: TokenRequestReason): Promise<string | null> {
    this.resolve?.(null);
    this.reason = reason;
    return new Promise((resolve) => {
      this.resolve = resolve;
      void this.updateComplete.then(() => {
        const dialog = this.renderRoot.querySelector('dialog');
        const input = this.renderRoot.querySelector('input');
        if (input) input.value = '';
        if (dialog && !dialog.open) dialog.showModal();
        input?.focus();
      });
    });
  }

  private finish(token: string | null): void {
    const resolve = this.resolve;
    this.resolve = null;
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog?.open) dialog.close();
    const input = this.renderRoot.querySelector('input');
    if (input) input.value = '';
    resolve?.(token);
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    const value = this.renderRoot.querySelector('input')?.value.trim() ?? '';
    this.finish(value || null);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.finish(null);
  }

  override render() {
    return html`<dialog @cancel=${() => this.finish(null)} aria-labelledby="token-title">
      <form @submit=${this.onSubmit}>
        <h2 id="token-title">API token</h2>
        <p>${this.reason === 'rejected'
          ? 'The server did not accept the token. Enter the API_TOKEN the server was started with.'
          : 'This server asks for a token to change anything (API_TOKEN). It is kept for this tab only.'}</p>
        <input type="password" name="api-token" autocomplete="off" placeholder="API_TOKEN of the server" aria-label="API token" />
        <div class="actions">
          <button type="button" @click=${() => this.finish(null)}>Cancel</button>
          <button type="submit" class="primary">Use token</button>
        </div>
      </form>
    </dialog>`;
  }
}

customElements.define('api-token-dialog', ApiTokenDialog);

declare global {
  interface HTMLElementTagNameMap {
    'api-token-dialog': ApiTokenDialog;
  }
}
