// The dashboard against a server run with API_TOKEN, in Chromium: reads (the study page and its
// event stream) need no token; the first write asks for it once, in the shell's dialog; the token is
// kept for the tab in sessionStorage (not localStorage) and every later write — cancel, delete,
// create — sends it as `Authorization: Bearer` without asking again; it never appears in a URL or
// the console. No worker: the studies stay queued, which is all these writes need.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyStudySpec } from '../helpers/specs.js';
import { buildDashboard, launchChromium, startDashboardServer, type DashboardServer } from './dashboard-harness.js';

const ARTIFACTS = resolve('test-artifacts');
const TOKEN = 'tok-3f9c0a1b2c4d-secret';

let dist: Awaited<ReturnType<typeof buildDashboard>>;
let srv: DashboardServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const urls: string[] = [];
const consoleText: string[] = [];
const authHeaders: Array<{ method: string; url: string; authorization: string | null }> = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [dist, browser] = await Promise.all([buildDashboard(), launchChromium()]);
  srv = await startDashboardServer({ webDist: dist.dir, worker: false, apiToken: TOKEN });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('request', (r) => {
    urls.push(r.url());
    if (r.url().includes('/api/')) authHeaders.push({ method: r.method(), url: r.url(), authorization: r.headers().authorization ?? null });
  });
  page.on('console', (m) => consoleText.push(m.text()));
  page.on('pageerror', (e) => consoleText.push(e.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await srv?.close();
  dist?.remove();
});

async function createStudy(): Promise<string> {
  const res = await fetch(`${srv.baseUrl}/api/studies`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(tinyStudySpec()),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('the dashboard with API_TOKEN set', () => {
  it('reads without a token, asks once on the first write, then reuses the token for cancel, delete and create', async () => {
    const id = await createStudy();
    await page.goto(`${srv.baseUrl}/studies/${id}`);
    await page.locator('[data-study-state="queued"]').waitFor();

    // Cancel: 401, the dialog asks, the write is sent again with the token.
    page.once('dialog', (d) => void d.accept()); // the "cancel this study?" confirm
    await page.locator('study-view button.cancel').click();
    const dialog = page.locator('api-token-dialog dialog[open]');
    await dialog.waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/token-dialog-laptop.png` });
    await dialog.locator('input[name="api-token"]').fill(TOKEN);
    await dialog.locator('button[type="submit"]').click();
    await page.locator('[data-study-state="cancelled"]').waitFor({ timeout: 15_000 });
    expect(await page.evaluate((k) => [sessionStorage.getItem(k), localStorage.getItem(k)], 'optimizer-playground.api-token')).toEqual([TOKEN, null]);

    // Delete: no question this time.
    page.once('dialog', (d) => void d.accept()); // the "delete this study?" confirm
    await page.locator('study-view button.delete').click();
    await page.waitForURL(`${srv.baseUrl}/`);
    expect(await page.locator('api-token-dialog dialog[open]').count()).toBe(0);
    expect((await fetch(`${srv.baseUrl}/api/studies/${id}`)).status).toBe(404);

    // A reload keeps the token for the tab: creating a study asks nothing.
    await page.reload();
    await page.locator('study-create-form button[data-preset="quick-demo"]').click();
    await page.locator('study-create-form button[type="submit"]').click();
    await page.waitForURL(/\/studies\/[0-9a-f]+$/);
    expect(await page.locator('api-token-dialog dialog[open]').count()).toBe(0);

    const writes = authHeaders.filter((h) => h.method !== 'GET');
    expect(writes.map((w) => [w.method, new URL(w.url).pathname.replace(/[0-9a-f]{12}/, ':id'), w.authorization])).toEqual([
      ['POST', '/api/studies/:id/cancel', null],
      ['POST', '/api/studies/:id/cancel', `Bearer ${TOKEN}`],
      ['DELETE', '/api/studies/:id', `Bearer ${TOKEN}`],
      ['POST', '/api/studies', `Bearer ${TOKEN}`],
    ]);
    // Reads, the event stream included, went without it.
    expect(authHeaders.filter((h) => h.method === 'GET').every((h) => h.authorization === null)).toBe(true);
    expect(authHeaders.some((h) => h.url.includes('/events'))).toBe(true);
    expect(urls.filter((u) => u.includes(TOKEN))).toEqual([]);
    expect(consoleText.filter((t) => t.includes(TOKEN))).toEqual([]);
  });
});
