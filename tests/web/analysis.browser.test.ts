// The study page's analysis views in Debian's Chromium (playwright-core), against the real API, a
// real worker and the test's own redis-server: on a trained stage of ten trials the importance
// bars are drawn with the API's sentence, the parallel coordinates draw a line per finished trial,
// and brushing the objective's axis narrows the trials table and the curves to the brushed trials;
// "Show all" brings every trial back. Screenshots go to test-artifacts/ (with UPDATE_SCREENSHOTS=1
// the analysis card also to docs/screenshots/ for the README).
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudyResponse } from '../../types/api.js';
import { runStudy } from '../helpers/api.js';
import { tinyStudySpec } from '../helpers/specs.js';
import { ARTIFACTS, openDashboard, waitFor, type DashboardSession } from './dashboard-harness.js';

let session: DashboardSession;
let study: StudyResponse;

beforeAll(async () => {
  session = await openDashboard({ width: 1280, height: 900 });
  study = await runStudy(
    session.api,
    tinyStudySpec({
      name: 'analysis views',
      stages: [{ trials: 10, epochs: 1 }],
      space: {
        optimizer: { type: 'categorical', values: ['sgd', 'adam'] },
        learningRate: { type: 'log-uniform', min: 1e-4, max: 1e-1 },
        batchSize: { type: 'categorical', values: [32, 64] },
        dropout: { type: 'uniform', min: 0, max: 0.3 },
      },
      earlyStopping: { enabled: false },
      data: { trainSamples: 256, valSamples: 128 },
    }),
    150_000,
  );
  expect(study.state).toBe('completed');
}, 240_000);

afterAll(async () => session?.close());

const attr = async (selector: string, name: string) => Number((await session.page.locator(selector).getAttribute(name)) ?? '0');

describe('the study page’s analysis views in Chromium', () => {
  it('draws the importance bars with their sentence, and a parallel-coordinates line per finished trial', async () => {
    const { page, srv } = session;
    await page.goto(`${srv.baseUrl}/studies/${study.id}`);
    const summary = page.locator('importance-view .summary');
    await expect.poll(() => summary.getAttribute('data-importance-status'), { timeout: 20_000 }).toBe('computed');
    expect(await summary.textContent()).toMatch(/^(optimizer|learning rate|batch size|dropout) explains \d+% of the variance of val_acc across the 10 finished trials of stage 1/);
    const bars = page.locator('importance-view li[data-dimension]');
    expect(await bars.count()).toBe(5); // four dimensions and the interactions
    const widths = await page.locator('importance-view li[data-dimension] .bar').evaluateAll((els) => els.map((e) => (e as HTMLElement).getBoundingClientRect().width));
    expect(Math.max(...widths)).toBeGreaterThan(10);

    const pc = 'parallel-coords';
    await waitFor('the parallel coordinates', async () => (await attr(pc, 'data-lines')) === 10, 10_000);
    expect(await attr(pc, 'data-axes')).toBe(5);
    // Lines are drawn: the canvas has more than the paper colour.
    const inked = await page.locator(`${pc} canvas`).evaluate((c: HTMLCanvasElement) => {
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i]! < 200 || px[i + 2]! < 200) n++;
      return n;
    });
    expect(inked).toBeGreaterThan(2000);
  });

  it('narrows the trials table and the curves to the trials brushed on an axis, and back', async () => {
    const { page, pageErrors } = session;
    const rows = page.locator('trials-table tr[data-trial]');
    expect(await rows.count()).toBe(10);
    const allSeries = await attr('curves-chart[metric="loss"]', 'data-series');
    // Brush the top half of the objective's axis: the best trial is in it, the worst is not.
    await page.locator('parallel-coords').scrollIntoViewIfNeeded();
    const anchors = await page.locator('parallel-coords').evaluate((el) => (el as HTMLElementTagNameMap['parallel-coords']).axisAnchors());
    const objective = anchors.find((a) => a.key === 'objective')!;
    await page.mouse.move(objective.x, objective.top + 1);
    await page.mouse.down();
    await page.mouse.move(objective.x, (objective.top + objective.bottom) / 2, { steps: 5 });
    await page.mouse.up();

    const selected = await attr('parallel-coords', 'data-selected');
    expect(selected).toBeGreaterThanOrEqual(1);
    expect(selected).toBeLessThan(10);
    await expect.poll(() => rows.count()).toBe(selected);
    await expect.poll(() => attr('curves-chart[metric="loss"]', 'data-series')).toBe(selected);
    expect(allSeries).toBe(10);
    expect(await page.locator('study-analysis [data-brush-selection]').textContent()).toMatch(new RegExp(`^${selected} trials? selected`));
    const card = page.locator('study-view section.card', { has: page.locator('study-analysis') });
    await card.screenshot({ path: `${ARTIFACTS}/analysis-laptop.png` });
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(resolve('docs/screenshots'), { recursive: true });
      copyFileSync(`${ARTIFACTS}/analysis-laptop.png`, resolve('docs/screenshots/analysis.png'));
    }

    await page.locator('study-analysis button[name="clear-brushes"]').click();
    await expect.poll(() => rows.count()).toBe(10);
    await expect.poll(() => attr('curves-chart[metric="loss"]', 'data-series')).toBe(10);
    expect(pageErrors).toEqual([]);
  });
});
