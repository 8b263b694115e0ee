// The "Loss surfaces" page in Debian's Chromium (playwright-core), against the real API (no worker
// needed: nothing is queued): it draws a trajectory for each of the five optimizers; what it
// computes in the browser equals what POST /api/surfaces answers for the same request, number for
// number; its setup lives in the URL (a click on the contours moves the start, a slider moves a
// learning rate, a reload restores both); a bad value in the URL is left out with a notice saying
// so while the rest races; the results table shows all its columns at 1366 px; and it fits a
// phone. Screenshots go to test-artifacts/ (with UPDATE_SCREENSHOTS=1 the laptop one also to
// docs/screenshots/surfaces-page.png).
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurfaceResult } from '../../types/index.js';
import { SURFACE_OPTIMIZERS } from '../../types/index.js';
import { buildDashboard, launchChromium, startDashboardServer, waitFor, type DashboardServer } from './dashboard-harness.js';

const ARTIFACTS = resolve('test-artifacts');
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let dist: Awaited<ReturnType<typeof buildDashboard>>;
let srv: DashboardServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [dist, browser] = await Promise.all([buildDashboard(), launchChromium(LAPTOP)]);
  srv = await startDashboardServer({ webDist: dist.dir, worker: false });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    // Warnings too (Lit's dev-mode build, which the test build gets, warns of update loops), but not the notice that it is in dev mode.
    if (m.type() === 'error' || (m.type() === 'warning' && !m.text().includes('Lit is in dev mode'))) pageErrors.push(`${m.type()}: ${m.text()}`);
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await srv?.close();
  dist?.remove();
});

/** Waits until the page has finished `count` races and is showing the last. */
async function raceDone(count = 1): Promise<void> {
  await waitFor(`race ${count} computed`, async () => {
    const state = await page.locator('surfaces-page').getAttribute('data-state');
    const computed = Number((await page.locator('surfaces-page').getAttribute('data-computed')) ?? '0');
    return state === 'ready' && computed >= count;
  }, 30_000, 50);
}

const computedCount = async () => Number((await page.locator('surfaces-page').getAttribute('data-computed')) ?? '0');

/** The page's last request body and result, as JSON text parsed here (what a fetch would give). */
async function pageRace(): Promise<{ request: unknown; result: SurfaceResult }> {
  const text = await page.locator('surfaces-page').evaluate((el) => {
    const p = el as HTMLElementTagNameMap['surfaces-page'];
    return JSON.stringify({ request: p.lastRequest, result: p.lastResult });
  });
  return JSON.parse(text) as { request: unknown; result: SurfaceResult };
}

async function postSurface(body: unknown): Promise<{ status: number; json: SurfaceResult }> {
  const res = await fetch(`${srv.baseUrl}/api/surfaces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as SurfaceResult };
}

/** Pixels of the plot's canvas close to each colour (every trajectory is stroked in its optimizer's colour). */
async function colourCounts(colours: string[]): Promise<number[]> {
  return page.locator('surface-plot').evaluate((el, hexes) => {
    const canvas = el.shadowRoot!.querySelector('canvas')!;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    const rgb = hexes.map((h) => [1, 3, 5].map((i) => Number.parseInt(h.slice(i, i + 2), 16)));
    const counts = rgb.map(() => 0);
    for (let p = 0; p < data.length; p += 4) {
      rgb.forEach(([r, g, b], k) => {
        if (Math.abs(data[p]! - r!) < 24 && Math.abs(data[p + 1]! - g!) < 24 && Math.abs(data[p + 2]! - b!) < 24) counts[k]!++;
      });
    }
    return counts;
  }, colours);
}

describe('the loss-surfaces page in Chromium', () => {
  it('is linked from the header, and draws a trajectory for each of the five optimizers', async () => {
    await page.goto(`${srv.baseUrl}/`);
    await page.locator('dashboard-app nav a[href="/surfaces"]').click();
    await page.waitForURL(`${srv.baseUrl}/surfaces`);
    await raceDone();
    const plot = page.locator('surface-plot');
    expect(await plot.getAttribute('data-runs')).toBe('5');

    // The race replays step by step; at the end every trajectory is drawn whole.
    const { result } = await pageRace();
    const last = Math.max(...result.runs.map((r) => r.trajectory.length - 1));
    await waitFor('the replay to reach the last step', async () => (await plot.getAttribute('data-step')) === String(last), 10_000, 50);
    const drawn = await plot.evaluate((el) => (el as HTMLElementTagNameMap['surface-plot']).drawnTrajectories());
    expect(drawn.map((d) => d.optimizer)).toEqual([...SURFACE_OPTIMIZERS]);
    drawn.forEach((d, k) => expect(d.points, d.label).toBe(result.runs[k]!.trajectory.length));
    const counts = await colourCounts(drawn.map((d) => d.color));
    counts.forEach((n, k) => expect(n, `pixels of ${drawn[k]!.label}'s colour`).toBeGreaterThan(40));

    // Loss against step for the five, and a verdict row for each.
    expect(await page.locator('surface-loss-chart').getAttribute('data-series')).toBe('5');
    expect(await page.locator('surface-results tbody tr').count()).toBe(5);
    expect(await page.locator('surface-results tbody').textContent()).toMatch(/\d/);
  });

  it('computes in the browser exactly what POST /api/surfaces returns for the same request', async () => {
    // The default race (the quadratic bowl with its contour grid) …
    const first = await pageRace();
    const api = await postSurface(first.request);
    expect(api.status).toBe(200);
    expect(first.result.backend).toBe('cpu');
    expect(api.json.backend).toBe('cpu');
    expect(first.result).toEqual(api.json);

    // … and a noisy Rosenbrock race with one optimizer diverging, from a URL.
    const before = await computedCount();
    await page.goto(`${srv.baseUrl}/surfaces?s=rosenbrock&noise=2&seed=7&steps=400&sgd.lr=0.01`);
    await raceDone(1);
    expect(await computedCount()).toBeGreaterThanOrEqual(1);
    const noisy = await pageRace();
    expect(noisy.request).toMatchObject({ surface: 'rosenbrock', noise: { scale: 2, seed: 7 }, steps: 400 });
    expect(noisy.result.runs.find((r) => r.optimizer === 'sgd')?.diverged).toBe(true);
    const answer = await postSurface(noisy.request);
    expect(answer.status).toBe(200);
    expect(noisy.result).toEqual(answer.json);
    expect(before).toBeGreaterThanOrEqual(1);
  });

  it('keeps the setup in the URL: a click moves the start, a slider a learning rate, a reload restores both', async () => {
    await page.goto(`${srv.baseUrl}/surfaces?s=himmelblau`);
    await raceDone(1);
    const target = await page.locator('surface-plot').evaluate((el) => (el as HTMLElementTagNameMap['surface-plot']).pagePoint(-2, 2.5));
    await page.mouse.click(target!.x, target!.y);
    await page.waitForURL((u) => u.searchParams.has('x') && u.searchParams.has('y'));
    const url = new URL(page.url());
    expect(Number(url.searchParams.get('x'))).toBeCloseTo(-2, 1);
    expect(Number(url.searchParams.get('y'))).toBeCloseTo(2.5, 1);
    await raceDone(2);
    const afterClick = await pageRace();
    expect((afterClick.request as { start: number[] }).start).toEqual([Number(url.searchParams.get('x')), Number(url.searchParams.get('y'))]);

    // The Adam learning-rate slider, moved with the keyboard (each press is a live race).
    const slider = page.locator('optimizer-settings input[name="adam-lr"]');
    await slider.focus();
    for (let k = 0; k < 40; k++) await page.keyboard.press('ArrowLeft');
    await page.waitForURL((u) => u.searchParams.has('adam.lr'));
    const lr = Number(new URL(page.url()).searchParams.get('adam.lr'));
    expect(lr).toBeLessThan(0.1);
    await waitFor('the race with the new rate', async () => {
      const r = await pageRace();
      return (r.request as { optimizers: Array<{ optimizer: string; learningRate: number }> }).optimizers.find((o) => o.optimizer === 'adam')?.learningRate === lr;
    }, 20_000, 100);

    // A shared link opens the same race.
    const shared = page.url();
    await page.goto(shared);
    await raceDone(1);
    const reopened = await pageRace();
    expect(reopened.request).toMatchObject({ surface: 'himmelblau', start: [Number(url.searchParams.get('x')), Number(url.searchParams.get('y'))] });
    expect(await page.locator('optimizer-settings input[name="adam-lr-value"]').inputValue()).toBe(String(lr));
    expect(await page.locator('surface-setup-form button[data-surface="himmelblau"]').getAttribute('aria-pressed')).toBe('true');
  });

  it('leaves a bad URL value out, races the rest, and says what it ignored and why', async () => {
    await page.goto(`${srv.baseUrl}/surfaces?s=bogus&adam.lr=-3&sgd.lr=0.05`);
    await raceDone(1);
    const { request } = await pageRace();
    const runs = (request as { optimizers: Array<{ optimizer: string; learningRate: number }> }).optimizers;
    expect(runs.map((r) => r.optimizer)).toEqual([...SURFACE_OPTIMIZERS]);
    expect(runs.find((r) => r.optimizer === 'sgd')?.learningRate).toBe(0.05);
    expect(runs.find((r) => r.optimizer === 'adam')?.learningRate).toBeGreaterThan(0);
    expect(await page.locator('surface-plot').getAttribute('data-runs')).toBe('5');
    const notice = page.locator('surfaces-page .ignored');
    expect(await notice.getAttribute('data-ignored')).toBe('s,adam.lr');
    expect(await notice.locator('li[data-key="s"]').textContent()).toMatch(/s=bogus: there is no surface "bogus" .*showing the quadratic one/);
    expect(await notice.locator('li[data-key="adam.lr"]').textContent()).toMatch(/adam\.lr=-3: Adam learningRate .*-3/);
    await page.screenshot({ path: `${ARTIFACTS}/surfaces-ignored-laptop.png` });
    // The next change is the user's own setup: the notice goes.
    await page.locator('surface-setup-form button[data-surface="rosenbrock"]').click();
    await expect.poll(() => notice.count()).toBe(0);
  });

  it('shows every column of the results, Diverged included, at 1366 px', async () => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${srv.baseUrl}/surfaces?s=rosenbrock&noise=2&seed=7&steps=400&sgd.lr=0.01`);
    await raceDone(1);
    const results = page.locator('surface-results');
    await results.locator('tr[data-diverged="true"]').first().waitFor();
    const fit = await results.evaluate((el) => {
      const wrap = el.shadowRoot!.querySelector<HTMLElement>('.table-wrap')!;
      const last = [...el.shadowRoot!.querySelectorAll('th')].at(-1)!;
      return { scroll: wrap.scrollWidth, client: wrap.clientWidth, right: last.getBoundingClientRect().right, edge: wrap.getBoundingClientRect().right, head: last.textContent };
    });
    expect(fit.head).toBe('Diverged');
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    expect(fit.right).toBeLessThanOrEqual(fit.edge + 0.5);
    await page.screenshot({ path: `${ARTIFACTS}/surfaces-1366.png`, fullPage: true });
    await page.setViewportSize(LAPTOP);
  });

  it('fits a laptop and a phone', async () => {
    // A long narrow bowl: SGD near its stability limit zigzags, momentum overshoots, Adam and RMSProp curve in.
    await page.goto(`${srv.baseUrl}/surfaces?cond=25&sgd.lr=1.9&rmsprop.lr=0.05&adam.lr=0.2`);
    await raceDone(1);
    const plot = page.locator('surface-plot');
    const last = await page.locator('surfaces-page').evaluate((el) => Math.max(...(el as HTMLElementTagNameMap['surfaces-page']).lastResult!.runs.map((r) => r.trajectory.length - 1)));
    await waitFor('the replay to end', async () => (await plot.getAttribute('data-step')) === String(last), 10_000, 50);
    await page.screenshot({ path: `${ARTIFACTS}/surfaces-laptop.png` });
    await page.screenshot({ path: `${ARTIFACTS}/surfaces-laptop-full.png`, fullPage: true });
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(resolve('docs/screenshots'), { recursive: true });
      copyFileSync(`${ARTIFACTS}/surfaces-laptop.png`, resolve('docs/screenshots/surfaces-page.png'));
    }

    await page.setViewportSize(PHONE);
    await page.goto(`${srv.baseUrl}/surfaces?s=beale`);
    await raceDone(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: `${ARTIFACTS}/surfaces-phone.png` });
    await page.screenshot({ path: `${ARTIFACTS}/surfaces-phone-full.png`, fullPage: true });
    await page.setViewportSize(LAPTOP);
    expect(pageErrors).toEqual([]);
  });
});
