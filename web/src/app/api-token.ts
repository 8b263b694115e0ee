// Where the dashboard keeps the API token (servers run with API_TOKEN want it for writes): in this
// tab's sessionStorage, so it is asked for once per tab and gone when the tab closes. It travels
// only in the Authorization header (shared/api-client.ts); it is never put in a URL or written to a log.
const TOKEN_KEY = 'optimizer-playground.api-token';

export function loadApiToken(): string | null {
  try {
    // Earlier versions kept it in localStorage, which outlives the tab: take it out.
    localStorage.removeItem(TOKEN_KEY);
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null; // storage turned off: the token is asked for again after a reload
  }
}

export function saveApiToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // not kept; the client still holds it for this page
  }
}
