// The dashboard's URLs, in one table: `/` is the studies list, `/studies/<id>` a study, and the
// study page's view settings ride in the query (`?train=1&logy=1&best=1`), so a shared link opens the
// same view. `/surfaces?…` is the loss-surfaces page, whose own query
// (surfaces/surface-url-state.ts) holds its whole setup. `/new` is the new-study form, opened with a
// spec (a re-run, a clone) kept in the history entry's state rather than the URL, which it would
// make long; `/compare?ids=a,b` compares studies. Navigation is pushState plus one window event the
// app listens to (with popstate).
export const ROUTE_EVENT = 'dashboard-navigate';

export type Route =
  | { view: 'list' }
  | { view: 'study'; studyId: string; showTrain: boolean; logY: boolean; bestOnly: boolean }
  | { view: 'surfaces'; query: string }
  /** `spec`: what the editor opens with (the history entry's state), or null for the presets. */
  | { view: 'new'; spec: unknown }
  | { view: 'compare'; studyIds: string[] }
  | { view: 'not-found'; path: string };

const STUDY_PATH = /^\/studies\/([A-Za-z0-9_-]{1,64})\/?$/;

/** The spec a history entry's state carries for /new (see openInEditor). */
const specOf = (state: unknown): unknown => (typeof state === 'object' && state !== null && 'spec' in state ? state.spec : null);

export function parseRoute(pathname: string, search: string, state: unknown = null): Route {
  if (pathname === '/' || pathname === '' || pathname === '/studies' || pathname === '/studies/') return { view: 'list' };
  if (pathname === '/new' || pathname === '/new/') return { view: 'new', spec: specOf(state) };
  if (pathname === '/compare' || pathname === '/compare/') {
    const ids = (new URLSearchParams(search).get('ids') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    return { view: 'compare', studyIds: [...new Set(ids)] };
  }
  if (pathname === '/surfaces' || pathname === '/surfaces/') return { view: 'surfaces', query: search.startsWith('?') || search === '' ? search : `?${search}` };
  const m = STUDY_PATH.exec(pathname);
  if (m) {
    const q = new URLSearchParams(search);
    return { view: 'study', studyId: m[1]!, showTrain: q.get('train') === '1', logY: q.get('logy') === '1', bestOnly: q.get('best') === '1' };
  }
  return { view: 'not-found', path: pathname };
}

export function routeUrl(route: Route): string {
  switch (route.view) {
    case 'list':
      return '/';
    case 'study': {
      const q = new URLSearchParams();
      if (route.showTrain) q.set('train', '1');
      if (route.logY) q.set('logy', '1');
      if (route.bestOnly) q.set('best', '1');
      const qs = q.toString();
      return `/studies/${encodeURIComponent(route.studyId)}${qs ? `?${qs}` : ''}`;
    }
    case 'surfaces':
      return `/surfaces${route.query}`;
    case 'new':
      return '/new';
    case 'compare':
      return `/compare?ids=${route.studyIds.map(encodeURIComponent).join(',')}`;
    case 'not-found':
      return route.path;
    default: {
      const never: never = route;
      return never;
    }
  }
}

/** Goes to `url` inside the app (history entry and all), with `state` on the entry. */
export function navigate(url: string, replace = false, state: unknown = null): void {
  if (replace) history.replaceState(state, '', url);
  else history.pushState(state, '', url);
  window.dispatchEvent(new Event(ROUTE_EVENT));
}

/** Opens the new-study form with `spec` in its editor (kept in the history entry, so reload and back keep it). */
export function openInEditor(spec: unknown): void {
  navigate(routeUrl({ view: 'new', spec }), false, { spec });
}

/** Click handler for in-app links: plain left clicks stay in the app, others (new tab…) don't. */
export function onLinkClick(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement);
  if (!a || a.target || a.origin !== location.origin || a.pathname.startsWith('/api/') || a.pathname === '/openapi.json') return;
  e.preventDefault();
  navigate(a.pathname + a.search);
}
