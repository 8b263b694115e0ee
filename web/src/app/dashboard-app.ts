// <dashboard-app>: the shell. It reads the URL (router.ts), shows the studies list, a study page,
// the new-study form, the comparison of studies or the loss-surfaces page, and keeps following the
// URL on back/forward and in-app navigation. It creates the one ApiClient the views share, with the
// API token kept for this tab (api-token.ts), and the one dialog that asks for it. The surfaces page
// brings tfjs with it, so it is loaded with a dynamic import the first time it is visited and never
// weighs on the rest of the dashboard.
import { LitElement, css, html } from 'lit';
import { ApiClient, type TokenRequestReason } from '../shared/api-client.js';
import './api-token-dialog.js';
import { loadApiToken, saveApiToken } from './api-token.js';
import { ROUTE_EVENT, onLinkClick, parseRoute, type Route } from './router.js';
import { sharedStyles } from '../shared/element-styles.js';
import '../study/study-list-view.js';
import '../study/study-view.js';
import '../study/create/study-create-form.js';
import '../compare/compare-page.js';

export class DashboardApp extends LitElement {
  static override properties = { route: { state: true }, surfacesPage: { state: true } };

  static override styles = [
    sharedStyles,
    css`
      :host { display: block; min-height: 100vh; }
      .top { display: flex; align-items: baseline; gap: 1rem; padding: 0.6rem 1.25rem; background: var(--nav-background); color: var(--ink-inverse); }
      .top a { color: var(--ink-inverse); text-decoration: none; font-weight: 650; }
      .top .pages { display: flex; gap: 1rem; font-size: 0.9rem; }
      .top .pages a { font-weight: normal; color: var(--nav-link); padding-bottom: 0.1rem; border-bottom: 2px solid transparent; }
      .top .pages a[aria-current='page'] { color: var(--ink-inverse); border-bottom-color: var(--nav-current); }
      .top .links { margin-left: auto; font-size: 0.85rem; }
      .top .links a { font-weight: normal; color: var(--nav-link); }
      main { padding: 1rem 1.25rem 2rem; max-width: 1500px; margin: 0 auto; }
      @media (max-width: 600px) {
        .top { padding: 0.5rem 0.75rem; flex-wrap: wrap; gap: 0.3rem 0.8rem; }
        .top .brand { flex-basis: 100%; }
        main { padding: 0.6rem 0.5rem 1.5rem; }
      }
    `,
  ];

  route: Route = parseRoute(location.pathname, location.search, history.state);
  /** The surfaces page's module: loaded on the first visit. */
  surfacesPage: 'idle' | 'loading' | 'ready' | 'failed' = 'idle';
  private surfacesError = '';
  private readonly api = new ApiClient({ token: loadApiToken(), askForToken: (reason) => this.askForToken(reason) });

  /** The token dialog's answer, kept for the tab (sessionStorage) once given. */
  private async askForToken(reason: TokenRequestReason): Promise<string | null> {
    const token = (await this.renderRoot.querySelector('api-token-dialog')?.ask(reason)) ?? null;
    if (token) saveApiToken(token);
    return token;
  }
  private readonly onRoute = () => {
    this.route = parseRoute(location.pathname, location.search, history.state);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('popstate', this.onRoute);
    window.addEventListener(ROUTE_EVENT, this.onRoute);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('popstate', this.onRoute);
    window.removeEventListener(ROUTE_EVENT, this.onRoute);
  }

  protected override willUpdate(): void {
    if (this.route.view === 'surfaces') this.loadSurfacesPage();
  }

  private loadSurfacesPage(): void {
    if (this.surfacesPage !== 'idle') return;
    this.surfacesPage = 'loading';
    import('../surfaces/surfaces-page.js').then(
      () => (this.surfacesPage = 'ready'),
      (err: unknown) => {
        this.surfacesError = err instanceof Error ? err.message : String(err);
        this.surfacesPage = 'failed';
      },
    );
  }

  private page() {
    const r = this.route;
    switch (r.view) {
      case 'list':
        document.title = 'Studies · Optimizer playground';
        return html`<study-list-view .client=${this.api}></study-list-view>`;
      case 'study':
        return html`<study-view .client=${this.api} study-id=${r.studyId} ?show-train=${r.showTrain} ?log-y=${r.logY} ?best-only=${r.bestOnly}></study-view>`;
      case 'new':
        document.title = 'New study · Optimizer playground';
        return html`<section class="card"><h2>New study</h2><study-create-form .client=${this.api} .spec=${r.spec}></study-create-form></section>`;
      case 'compare':
        return html`<compare-page .client=${this.api} .studyIds=${r.studyIds}></compare-page>`;
      case 'surfaces':
        if (this.surfacesPage === 'failed') return html`<section class="card"><p class="error">The surfaces page could not be loaded: ${this.surfacesError}</p></section>`;
        if (this.surfacesPage !== 'ready') return html`<section class="card"><p class="muted">Loading the surfaces page and tfjs…</p></section>`;
        return html`<surfaces-page .query=${r.query}></surfaces-page>`;
      case 'not-found':
        return html`<section class="card"><p>Nothing at <code>${r.path}</code>. <a href="/">See the studies</a>.</p></section>`;
      default: {
        const never: never = r;
        return never;
      }
    }
  }

  override render() {
    return html`
      <nav class="top" @click=${onLinkClick}>
        <a class="brand" href="/">Optimizer playground</a>
        <span class="pages">
          <a href="/" aria-current=${this.route.view === 'surfaces' || this.route.view === 'not-found' ? 'false' : 'page'}>Studies</a>
          <a href="/surfaces" aria-current=${this.route.view === 'surfaces' ? 'page' : 'false'}>Loss surfaces</a>
        </span>
        <span class="links"><a href="/api/docs" target="_blank" rel="noopener">API</a></span>
      </nav>
      <main @click=${onLinkClick}>${this.page()}</main>
      <api-token-dialog></api-token-dialog>
    `;
  }
}

customElements.define('dashboard-app', DashboardApp);

declare global {
  interface HTMLElementTagNameMap {
    'dashboard-app': DashboardApp;
  }
}
