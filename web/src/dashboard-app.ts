// <dashboard-app>: the shell. It reads the URL (router.ts), shows the studies list or a study
// page, and keeps following the URL on back/forward and in-app navigation. It creates the one
// ApiClient the views share.
import { LitElement, css, html } from 'lit';
import { ApiClient } from './api-client.js';
import { ROUTE_EVENT, onLinkClick, parseRoute, type Route } from './router.js';
import { sharedStyles } from './shared-styles.js';
import './study-list-view.js';
import './study-view.js';

export class DashboardApp extends LitElement {
  static override properties = { route: { state: true } };

  static override styles = [
    sharedStyles,
    css`
      :host { display: block; min-height: 100vh; }
      .top { display: flex; align-items: baseline; gap: 1rem; padding: 0.6rem 1.25rem; background: #1d2430; color: #fff; }
      .top a { color: #fff; text-decoration: none; font-weight: 650; }
      .top .links { margin-left: auto; font-size: 0.85rem; }
      .top .links a { font-weight: normal; color: #c9d6ea; }
      main { padding: 1rem 1.25rem 2rem; max-width: 1500px; margin: 0 auto; }
      @media (max-width: 600px) {
        .top { padding: 0.5rem 0.75rem; }
        main { padding: 0.6rem 0.5rem 1.5rem; }
      }
    `,
  ];

  route: Route = parseRoute(location.pathname, location.search);
  private readonly api = new ApiClient();
  private readonly onRoute = () => {
    this.route = parseRoute(location.pathname, location.search);
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

  private page() {
    const r = this.route;
    switch (r.view) {
      case 'list':
        document.title = 'Studies · Optimizer playground';
        return html`<study-list-view .client=${this.api}></study-list-view>`;
      case 'study':
        return html`<study-view .client=${this.api} study-id=${r.studyId} ?show-train=${r.showTrain} ?log-y=${r.logY}></study-view>`;
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
        <a href="/">Optimizer playground</a>
        <span class="links"><a href="/openapi.json" target="_blank" rel="noopener">API</a></span>
      </nav>
      <main @click=${onLinkClick}>${this.page()}</main>
    `;
  }
}

customElements.define('dashboard-app', DashboardApp);

declare global {
  interface HTMLElementTagNameMap {
    'dashboard-app': DashboardApp;
  }
}
