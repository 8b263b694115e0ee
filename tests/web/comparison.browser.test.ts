// Issue 15 in Chromium (playwright-core) against the real API, a real worker and the test's own
// redis-server: a 2-optimizer race with 3 paired seeds and a confirm stage ends with a verdict
// card on the study page — the API's verdict in words, each optimizer's mean ± interval and its
// curve as a mean line with a band — the best table says over how many seeds and the learning-rate
// view draws each configuration's interval; on /surfaces
// with noisy gradients the "repeat over N noise seeds" switch draws the loss spread and the
// median steps-to-tolerance with its range. Screenshots go to test-artifacts/.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonResponse } from '../../types/api.js';
import { tinyRaceSpec } from '../helpers/specs.js';
import { getJson, postStudy, type RequestTarget } from '../helpers/api.js';
import { openDashboard, waitFor, type DashboardSession } from './dashboard-harness.js';

const ARTIFACTS = resolve('test-artifacts');
let suite: DashboardSession;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  suite = await openDashboard();
}, 120_000);
afterAll(async () => suite?.close());

/** The API on the suite's socket, for the request helpers. */
const server: RequestTarget = { request: (input, init) => fetch(new URL(String(input), suite.srv.baseUrl), init) };

describe('the optimizer comparison in Chromium', () => {
  it('draws the verdict card with its numbers and one band per optimizer, and the best table\'s intervals', async () => {
    const { page } = suite;
    // Three epochs in the confirm stage, so the curves have a line to draw.
    const study = await postStudy(server, tinyRaceSpec({ stages: [{ trials: 2, epochs: 1 }, { trials: 2, epochs: 3, confirm: true }] }));
    await waitFor('the race to end', async () => (await getJson<{ state: string }>(server, `/api/studies/${study.id}`)).state === 'completed', 120_000, 250);
    const comparison = await getJson<ComparisonResponse>(server, `/api/studies/${study.id}/comparison`);
    await page.goto(`${suite.srv.baseUrl}/studies/${study.id}`);
    const verdict = page.locator('comparison-card li[data-verdict]');
    await verdict.first().waitFor({ timeout: 30_000 });
    expect(await verdict.first().textContent()).toBe(comparison.pairs[0]!.verdict);
    expect(await page.locator('comparison-card tr[data-optimizer]').count()).toBe(2);
    const firstRow = await page.locator(`comparison-card tr[data-optimizer="${comparison.optimizers[0]!.optimizer}"]`).textContent();
    expect(firstRow).toContain(`${comparison.optimizers[0]!.interval!.mean.toFixed(3)} ± ${comparison.optimizers[0]!.interval!.halfWidth!.toFixed(3)}`);
    const bands = page.locator('comparison-card band-chart');
    await waitFor('two bands drawn', async () => (await bands.getAttribute('data-bands')) === '2');
    await page.locator('comparison-card band-chart canvas').first().waitFor();
    await expect.poll(() => page.locator('best-configs [data-interval]').count()).toBeGreaterThan(0);
    // The learning-rate view draws each configuration of several runs as mean ± interval.
    await waitFor('interval bars in the learning-rate view', async () => Number((await page.locator('lr-chart').getAttribute('data-intervals')) ?? '0') >= 2);
    expect(await page.locator('best-configs tr[data-row="overall"] [data-interval]').textContent()).toMatch(/± [\d.]+% · 95 % t over 3 of 3 seeds/);
    await page.locator('section[data-card="comparison"]').screenshot({ path: resolve(ARTIFACTS, 'comparison-card.png') });
    await page.locator('lr-chart').screenshot({ path: resolve(ARTIFACTS, 'lr-intervals.png') });
  }, 200_000);

  it('repeats a noisy race over N noise seeds: a band per optimizer and the median steps with their range', async () => {
    const { page } = suite;
    await page.goto(`${suite.srv.baseUrl}/surfaces?s=quadratic&noise=0.3&seed=3`);
    const spread = page.locator('surface-noise-spread');
    await spread.waitFor({ timeout: 30_000 });
    await page.locator('surface-noise-spread input[name="noise-seeds"]').fill('4');
    await page.locator('surface-noise-spread input[name="noise-seeds"]').dispatchEvent('change');
    await page.locator('surface-noise-spread input[name="noise-repeats"]').check();
    await waitFor('the spread to be computed', async () => (await spread.getAttribute('data-state')) === 'ready' && (await page.locator('surface-noise-spread tr[data-label]').count()) > 0, 60_000, 200);
    const rows = page.locator('surface-noise-spread tr[data-label]');
    const n = await rows.count();
    expect(n).toBeGreaterThan(1);
    expect(await page.locator('surface-noise-spread band-chart').getAttribute('data-bands')).toBe(String(n));
    await page.locator('surface-noise-spread band-chart canvas').first().waitFor();
    for (let i = 0; i < n; i++) expect(await rows.nth(i).textContent()).toMatch(/(\d+(\.5)? \(\d+ – \d+\)|never)\s*\d+ of 4/);
    await spread.screenshot({ path: resolve(ARTIFACTS, 'surfaces-noise-spread.png') });
    expect(suite.pageErrors).toEqual([]);
  }, 120_000);
});
