// The dashboard's "API" link in Chromium: it opens GET /api/docs, the OpenAPI document as a page
// to read (routes, parameters, answers, every schema's fields), under the app's content security
// policy with no errors. No worker needed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard, launchChromium, startDashboardServer, type DashboardServer } from './dashboard-harness.js';

let dist: Awaited<ReturnType<typeof buildDashboard>>;
let srv: DashboardServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  [dist, browser] = await Promise.all([buildDashboard(), launchChromium()]);
  srv = await startDashboardServer({ webDist: dist.dir, worker: false });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await srv?.close();
  dist?.remove();
});

describe('the API page', () => {
  it('opens from the dashboard\'s API link and lists the routes and schemas, readable, without errors', async () => {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const errors: string[] = [];
    await page.goto(`${srv.baseUrl}/`);
    const [docs] = await Promise.all([browser.context.waitForEvent('page'), page.getByRole('link', { name: 'API', exact: true }).click()]);
    docs.on('pageerror', (e) => errors.push(e.message));
    docs.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await docs.waitForLoadState('load');
    expect(new URL(docs.url()).pathname).toBe('/api/docs');
    await expect.poll(() => docs.locator('section.op').count()).toBeGreaterThan(10);
    expect(await docs.locator('h3', { hasText: 'POST /api/studies' }).first().isVisible()).toBe(true);
    // A link from a route's answer to its schema lands on the schema's field table.
    await docs.locator('a[href="#schema-Study"]').first().click();
    expect(await docs.locator('#schema-Study table').isVisible()).toBe(true);
    expect(await docs.locator('#schema-StudySpec td code', { hasText: 'stages[].epochs' }).count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
