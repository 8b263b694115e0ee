// The dashboard in Debian's Chromium (playwright-core), against the real API, a real worker and
// the test's own redis-server: a bad spec gets its errors beside the fields, notes on nearby lines
// stacked so none covers another, with the API's "did you mean"; the quick demo is created
// through the form; its curves appear and grow; a stop marker tells why the trial stopped while
// the study still runs; the trials table shows each trial's API id; the best-configurations table
// fills and copies a re-run spec; the curves narrow to the best trial of each optimizer; a loss
// landscape is drawn around the best trial (the quick demo keeps its weights), with a progress bar
// while it runs, a colour scale, equal units on both axes and "off the plane" explained; the page
// works at laptop and phone widths (a scrolling table says so and keeps its key columns in view)
// and its URL carries the view; "Cancel study" on a running three-stage sweep asks first, and then
// the page agrees with the API: study, stages and trials cancelled, cancelled trials not counted as
// done, no "live" badge; a study without kept weights says how to keep them; a per-optimizer race's
// learning-rate view shades each optimizer's own range. Screenshots go to test-artifacts/ (with
// UPDATE_SCREENSHOTS=1 the study page also to docs/screenshots/ for the README).
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StageProgress, StudyRecord, TrialRecord } from '../../types/index.js';
import { tinyStudySpec } from '../helpers/specs.js';
import { buildDashboard, launchChromium, startDashboardServer, waitFor, type DashboardServer } from './dashboard-harness.js';

const ARTIFACTS = resolve('test-artifacts');
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let dist: Awaited<ReturnType<typeof buildDashboard>>;
let srv: DashboardServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
let studyUrl = '';

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [dist, browser] = await Promise.all([buildDashboard(), launchChromium(LAPTOP)]);
  srv = await startDashboardServer({ webDist: dist.dir });
  context = browser.context;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: srv.baseUrl });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    // The rejected spec of the first test is a 400 on purpose; the browser logs it.
    if (m.type() === 'error' && !/status of 400/.test(m.text())) pageErrors.push(m.text());
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await srv?.close();
  dist?.remove();
});

const attr = async (selector: string, name: string) => Number((await page.locator(selector).getAttribute(name)) ?? '0');

describe('the dashboard in Chromium', () => {
  it('shows the server’s validation errors beside the fields they name', async () => {
    await page.goto(`${srv.baseUrl}/`);
    await page.locator('study-create-form button[data-preset="quick-demo"]').click();
    const editor = page.locator('spec-editor textarea');
    const text = await editor.inputValue();
    expect(text).toContain('"learningRate"');
    await editor.fill(text.replace('"min": 0.00001', '"min": -1').replace('"patience": 1', '"patience": 0'));
    await page.locator('study-create-form button[type="submit"]').click();

    const note = page.locator('spec-editor .note', { hasText: 'space.learningRate.min' });
    await note.waitFor();
    const lines = (await editor.inputValue()).split('\n');
    const lrLine = lines.findIndex((l) => l.includes('"learningRate"')) + 1;
    expect(Number(await note.getAttribute('data-line'))).toBe(lrLine);
    const patienceLine = lines.findIndex((l) => l.includes('"patience"')) + 1;
    expect(Number(await page.locator('spec-editor .note', { hasText: 'earlyStopping.patience' }).getAttribute('data-line'))).toBe(patienceLine);
    await expect.poll(() => page.locator('spec-editor .gutter .ln.bad').count()).toBe(2);
    expect(page.url()).toBe(`${srv.baseUrl}/`);
    await page.screenshot({ path: `${ARTIFACTS}/spec-errors-laptop.png` });
  });

  it('stacks the notes of problems on nearby lines so none covers another, with the API’s "did you mean"', async () => {
    await page.goto(`${srv.baseUrl}/`);
    await page.locator('study-create-form button[data-preset="quick-demo"]').click();
    const editor = page.locator('spec-editor textarea');
    const text = await editor.inputValue();
    // Three problems within four lines: the optimizer values, the learning rate, the batch sizes.
    await editor.fill(text.replace('"sgd", "momentum"', '"sgd", "adamw", "RMSProp"').replace('"min": 0.00001', '"min": -1').replace('"values": [16, 32]', '"values": [0, -4]'));
    await page.locator('study-create-form button[type="submit"]').click();
    const notes = page.locator('spec-editor .notes .note');
    await expect.poll(() => notes.count(), { timeout: 10_000 }).toBe(3);
    const lines = (await notes.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-line'))))).sort((a, b) => a - b);
    expect(lines[2]! - lines[0]!).toBeLessThanOrEqual(3);
    const boxes = (await notes.evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom }; }))).sort((a, b) => a.top - b.top);
    expect(boxes.some((b) => b.bottom - b.top > 20)).toBe(true);
    for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.top).toBeGreaterThanOrEqual(boxes[i - 1]!.bottom);
    const optimizerNote = (await page.locator('spec-editor ul.list li', { hasText: 'adamw' }).allTextContents()).join(' ');
    expect(optimizerNote).toMatch(/did you mean "adam"\?/);
    expect(await page.locator('spec-editor ul.list').textContent()).toMatch(/did you mean "rmsprop"\?/);
    await page.locator('spec-editor').screenshot({ path: `${ARTIFACTS}/spec-notes-stacked-laptop.png` });
  });

  it('says what a spec can cost before anything is created', async () => {
    await page.goto(`${srv.baseUrl}/`);
    await page.locator('study-create-form button[data-preset="quick-demo"]').click();
    const before = ((await (await fetch(`${srv.baseUrl}/api/studies`)).json()) as { total: number }).total;
    await page.locator('study-create-form button[name="estimate"]').click();
    const line = page.locator('study-create-form [data-cost]');
    await line.waitFor();
    expect(await line.textContent()).toMatch(/^11 trials, at most 58 epochs \(\d+ with promotion, before pruning\): [\d,]+ training images at most/);
    expect(((await (await fetch(`${srv.baseUrl}/api/studies`)).json()) as { total: number }).total).toBe(before);
    expect(page.url()).toBe(`${srv.baseUrl}/`);
  });

  it('creates the quick demo through the form and watches its curves appear and grow', async () => {
    await page.locator('study-create-form button[data-preset="quick-demo"]').click();
    await page.locator('study-create-form button[type="submit"]').click();
    await page.waitForURL(/\/studies\/[0-9a-f]+$/);
    studyUrl = page.url();
    // Record, every frame, what the trials table says of running trials (they run for seconds).
    await page.evaluate(() => {
      const seen = new Set<string>();
      (window as unknown as { patienceSeen: Set<string> }).patienceSeen = seen;
      const table = () => document.querySelector('dashboard-app')?.shadowRoot?.querySelector('study-view')?.shadowRoot?.querySelector('trials-table')?.shadowRoot;
      const tick = () => {
        table()?.querySelectorAll('tr[data-status="running"] td.why').forEach((td) => seen.add((td.textContent ?? '').trim()));
        requestAnimationFrame(tick);
      };
      tick();
    });

    const loss = 'curves-chart[metric="loss"]';
    const first = await waitFor('the first epochs on the chart', async () => {
      const n = await attr(loss, 'data-points');
      return n > 0 ? n : undefined;
    }, 90_000, 200);
    await waitFor('the curves to grow', async () => (await attr(loss, 'data-points')) > first, 90_000, 200);
    expect(await attr(loss, 'data-series')).toBeGreaterThan(0);
    expect(await attr('curves-chart[metric="acc"]', 'data-points')).toBeGreaterThan(0);
  }, 120_000);

  it('shows a running trial’s patience counter', async () => {
    const seen = await waitFor('a patience counter on a running trial', () =>
      page.evaluate(() => [...(window as unknown as { patienceSeen: Set<string> }).patienceSeen].find((t) => /\d of \d+ epochs? without improvement/.test(t))),
      120_000, 200);
    expect(seen).toMatch(/^\d of 1 epoch without improvement$/);
  }, 130_000);

  it('marks where a trial stopped early, and says why in words and numbers', async () => {
    const loss = 'curves-chart[metric="loss"]';
    await waitFor('a stop marker', async () => (await attr(loss, 'data-stop-markers')) > 0, 120_000, 250);
    const anchors = await page.locator(loss).evaluate((el) => (el as HTMLElementTagNameMap['curves-chart']).markerAnchors());
    const stop = anchors.find((a) => a.kind === 'stop');
    expect(stop).toBeDefined();
    await page.mouse.move(stop!.x, stop!.y);
    const tip = page.locator(`${loss} .tip`);
    await expect.poll(() => tip.textContent(), { timeout: 5000 }).toMatch(/Stopped early after epoch \d+ of \d+|Early-stopping rule met at its last epoch \(\d+ of \d+\)/);
    const tipText = (await tip.textContent()) ?? '';
    expect(tipText).toMatch(/did not (improve on|beat) [\d.e-]+ .*for \d+ epochs?/);
    // The quick demo runs long enough to watch this happen; the tooltip names the API's trial id.
    expect(await page.locator('study-view [data-study-state]').getAttribute('data-study-state')).toBe('running');
    expect(tipText).toContain(stop!.trialId);

    // The trials table gives the same reason for that trial.
    const row = page.locator(`trials-table tr[data-trial="${stop!.trialId}"]`);
    await expect.poll(() => row.getAttribute('data-status')).toBe('early-stopped');
    expect(tipText).toContain(((await row.locator('td.why').textContent()) ?? '').trim());
    // Each row is labelled as a person counts, with the id the API (and the landscape) use under it.
    expect(await row.locator('code.trial-id').textContent()).toBe(stop!.trialId);
    const [, stage, index] = /^s(\d+)-t(\d+)$/.exec(stop!.trialId)!;
    expect((await row.locator('td[data-trial-label]').textContent())?.replace(/\s+/g, ' ')).toContain(`Stage ${Number(stage) + 1} #${Number(index) + 1}`);
  }, 150_000);

  it('fills the best-configurations table, overall and per optimizer, and copies a spec that re-runs the best as JSON', async () => {
    await page.locator('[data-study-state="completed"]').waitFor({ timeout: 150_000 });
    const rows = page.locator('best-configs tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const overall = page.locator('best-configs tr[data-row="overall"]');
    expect(await overall.textContent()).toMatch(/\d+(\.\d)?%/);
    await overall.locator('button.copy').click();
    await expect.poll(() => overall.locator('button.copy').textContent()).toContain('Copied');
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as { name: string; space: Record<string, { type: string; value: number | string }> };
    expect(copied.name).toMatch(/^re-run of quick demo s\d+-t\d+$/);
    expect(['sgd', 'momentum', 'rmsprop', 'adam']).toContain(copied.space.optimizer!.value);
    expect(copied.space.learningRate).toEqual({ type: 'fixed', value: expect.any(Number) });

    // The learning-rate view has the trials and both stages' ranges; stage progress is complete.
    expect(await attr('lr-chart', 'data-points')).toBeGreaterThan(0);
    expect(await attr('lr-chart', 'data-stages')).toBe(2);
    expect(await page.locator('stage-progress li[data-stage]').count()).toBe(2);
    expect(await page.locator('workers-panel tr[data-worker]').count()).toBe(1);

  }, 180_000);

  it('shows the held-out test accuracy of each best configuration, labelled as such', async () => {
    await expect.poll(() => page.locator('best-configs th', { hasText: 'test acc (held out)' }).count()).toBe(1);
    const cells = await page.locator('best-configs td[data-test-acc]').allTextContents();
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) expect(c.trim()).toMatch(/^\d+(\.\d+)?%$/);
  });

  it('offers the study as CSV and JSON downloads, one row per trial', async () => {
    const href = await page.locator('study-view a[data-export="csv"]').getAttribute('href');
    expect(href).toMatch(/\/api\/studies\/[0-9a-f]{12}\/export\?format=csv$/);
    const res = await fetch(new URL(href!, srv.baseUrl));
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^trial,stage,status,/);
    const trialsShown = await page.locator('trials-table tr[data-trial]').count();
    expect(lines.length - 1).toBe(trialsShown);
    expect(await page.locator('study-view a[data-export="json"]').getAttribute('download')).not.toBeNull();
  });

  it('narrows the curves to the best trial of each optimizer, and back', async () => {
    const loss = 'curves-chart[metric="loss"]';
    const all = await attr(loss, 'data-series');
    const perOptimizer = (await page.locator('best-configs tbody tr').count()) - 1;
    expect(perOptimizer).toBeGreaterThanOrEqual(1);
    await page.locator('study-view input[name="best"]').check();
    await page.waitForURL((u) => u.searchParams.get('best') === '1');
    await expect.poll(() => attr(loss, 'data-series')).toBe(perOptimizer);
    await page.locator('study-view input[name="best"]').uncheck();
    await page.waitForURL((u) => !u.searchParams.has('best'));
    await expect.poll(() => attr(loss, 'data-series')).toBe(all);
  });

  it('draws the loss landscape around the best trial, with a progress bar while the job runs', async () => {
    const panel = page.locator('landscape-panel');
    await panel.locator('select[name="trial"]').waitFor();
    // Every state the panel shows, recorded each frame (a small landscape may take only seconds).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { landscapeStates: string[] }).landscapeStates = seen;
      const root = () => document.querySelector('dashboard-app')?.shadowRoot?.querySelector('study-view')?.shadowRoot?.querySelector('landscape-panel')?.shadowRoot;
      const tick = () => {
        const el = root()?.querySelector('[data-landscape-state]');
        const state = el ? `${el.getAttribute('data-landscape-state')}${el.querySelector('progress') ? '+bar' : ''}` : '';
        if (state && seen[seen.length - 1] !== state) seen.push(state);
        requestAnimationFrame(tick);
      };
      tick();
    });
    for (const option of await panel.locator('select[name="trial"] option').allTextContents()) expect(option).toMatch(/^s\d+-t\d+ · /);
    await panel.locator('button[name="draw-landscape"]').click();
    await waitFor('the landscape to complete', async () => (await panel.locator('[data-landscape-state]').getAttribute('data-landscape-state')) === 'completed', 120_000, 250);
    const states = await page.evaluate(() => (window as unknown as { landscapeStates: string[] }).landscapeStates);
    expect(states[0]).toMatch(/^(queued|running)\+bar$/);
    expect(states.at(-1)).toBe('completed');
    const chart = page.locator('landscape-chart');
    expect(Number(await chart.getAttribute('data-trajectories'))).toBeGreaterThanOrEqual(1);
    expect(await chart.getAttribute('data-grid')).toBe('21');
    expect(await chart.locator('[data-trajectory]').count()).toBe(Number(await chart.getAttribute('data-trajectories')));
    // A colour scale with the loss of the ramp's ends and three points between, rising.
    const scale = ((await chart.locator('[data-color-scale]').getAttribute('data-color-scale')) ?? '').split(',').map(Number);
    expect(scale).toHaveLength(5);
    for (let i = 1; i < scale.length; i++) expect(scale[i]!).toBeGreaterThan(scale[i - 1]!);
    // Equal units: a unit along x is as long on screen as a unit along y.
    expect(await attr('landscape-chart', 'data-px-per-unit-x')).toBeCloseTo(await attr('landscape-chart', 'data-px-per-unit-y'), 0);
    // "N% off the plane", in words.
    if ((await chart.locator('.off-plane').count()) > 0) {
      expect(await chart.locator('[data-off-plane-note]').textContent()).toMatch(/share of the trajectory the 2-D plane does not capture/);
      expect(await chart.locator('.off-plane').first().getAttribute('title')).toMatch(/off the plane: the share of the trajectory/);
    }
    await panel.scrollIntoViewIfNeeded();
    await page.locator('study-view section.card', { has: panel }).screenshot({ path: `${ARTIFACTS}/landscape-laptop.png` });

    // The whole finished study page, a stop marker's explanation pinned, for the README.
    await page.evaluate(() => window.scrollTo(0, 0));
    const anchors = await page.locator('curves-chart[metric="loss"]').evaluate((el) => (el as HTMLElementTagNameMap['curves-chart']).markerAnchors());
    const stop = anchors.find((a) => a.kind === 'stop')!;
    await page.mouse.click(stop.x, stop.y);
    await page.locator('curves-chart[metric="loss"] .tip.pinned').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/study-page-laptop.png`, fullPage: true });
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(resolve('docs/screenshots'), { recursive: true });
      copyFileSync(`${ARTIFACTS}/study-page-laptop.png`, resolve('docs/screenshots/study-page.png'));
    }
  }, 150_000);

  it('keeps the view in the URL and fits a phone’s width', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${studyUrl}?train=1&logy=1`);
    await page.locator('[data-study-state="completed"]').waitFor();
    expect(await page.locator('study-view input[name="train"]').isChecked()).toBe(true);
    expect(await page.locator('study-view input[name="logy"]').isChecked()).toBe(true);
    await waitFor('curves drawn', async () => (await attr('curves-chart[metric="loss"]', 'data-points')) > 0, 10_000);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // The trials table scrolls sideways: its right edge fades, and the trial and its state stay in view.
    const wrap = page.locator('trials-table .table-wrap');
    await expect.poll(() => wrap.getAttribute('data-more')).toBe('right');
    const keyLeft = () => page.locator('trials-table tbody tr').first().locator('td.key').first().evaluate((td) => Math.round(td.getBoundingClientRect().left));
    const wrapLeft = await wrap.evaluate((el) => Math.round(el.getBoundingClientRect().left));
    await wrap.evaluate((el) => el.scrollBy({ left: 240 }));
    await expect.poll(() => wrap.getAttribute('data-more')).toMatch(/^(both|left)$/);
    expect(Math.abs((await keyLeft()) - wrapLeft)).toBeLessThanOrEqual(1);
    const state = page.locator('trials-table tbody tr').first().locator('td.key.second');
    const [stateBox, wrapBox] = [await state.boundingBox(), await wrap.boundingBox()];
    expect(stateBox!.x + stateBox!.width).toBeLessThanOrEqual(wrapBox!.x + wrapBox!.width);
    await page.locator('trials-table').screenshot({ path: `${ARTIFACTS}/trials-table-phone-scrolled.png` });
    await wrap.evaluate((el) => el.scrollTo({ left: 0 }));
    await page.locator('study-view input[name="train"]').uncheck();
    await page.waitForURL((u) => u.search === '?logy=1');
    await page.screenshot({ path: `${ARTIFACTS}/study-page-phone.png`, fullPage: true });

    await page.locator('study-view a.back').click();
    await page.waitForURL(`${srv.baseUrl}/`);
    const row = page.locator('study-list-view tr[data-study]').first();
    await row.waitFor();
    expect(await row.textContent()).toMatch(/completed/);
    expect(await row.textContent()).toMatch(/\d+(\.\d)?%/);
    await page.screenshot({ path: `${ARTIFACTS}/studies-phone.png`, fullPage: true });
    await page.setViewportSize(LAPTOP);
    await page.screenshot({ path: `${ARTIFACTS}/studies-laptop.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('asks before cancelling a running study, then shows it, its stages and its trials cancelled, with no live badge', async () => {
    const api = async <T>(path: string, init?: RequestInit) => (await (await fetch(`${srv.baseUrl}${path}`, init)).json()) as T;
    // Three stages; the first trains long enough (no early stopping) to be cancelled mid-way.
    const spec = tinyStudySpec({
      name: 'cancelled sweep',
      stages: [{ trials: 3, epochs: 60 }, { trials: 2, epochs: 2, keepTop: 1 }, { trials: 2, epochs: 2, keepTop: 1 }],
      earlyStopping: { enabled: false },
    });
    const study = await api<StudyRecord>('/api/studies', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
    await page.goto(`${srv.baseUrl}/studies/${study.id}`);
    await page.locator('trials-table tr[data-status="running"]').first().waitFor({ timeout: 60_000 });
    await page.locator('study-view [data-feed-state="live"]').waitFor();
    expect(await page.locator('stage-progress li[data-stage="0"]').getAttribute('data-stage-state')).toBe('running');

    // Dismissed: nothing is cancelled.
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.locator('study-view button.cancel').click();
    await waitFor('the cancel confirmation', () => asked.length === 1, 5000);
    expect(asked[0]).toMatch(/^Cancel study [0-9a-f]+\?/);
    expect((await api<StudyRecord>(`/api/studies/${study.id}`)).state).toBe('running');
    expect(await page.locator('[data-study-state="running"]').count()).toBe(1);

    // Accepted: the study is cancelled, and its running trial stops by itself soon after.
    page.once('dialog', (d) => void d.accept());
    await page.locator('study-view button.cancel').click();
    await page.locator('[data-study-state="cancelled"]').waitFor({ timeout: 10_000 });
    const trials = await waitFor('every trial of the cancelled study to end', async () => {
      const { trials: all } = await api<{ trials: TrialRecord[] }>(`/api/studies/${study.id}/trials`);
      return all.every((t) => t.status !== 'queued' && t.status !== 'running') && all;
    }, 30_000, 200);
    expect(trials.filter((t) => t.status === 'cancelled').length).toBeGreaterThanOrEqual(1);
    await waitFor('no running trial on the page', async () => (await page.locator('trials-table tr[data-status="running"]').count()) === 0, 10_000);

    // The page says what the API says, stage by stage, and no live badge stays.
    const { progress } = await api<{ progress: StageProgress[] }>(`/api/studies/${study.id}`);
    expect(progress.map((p) => p.state)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(progress[0]!.finished + progress[0]!.cancelled).toBe(3);
    for (const p of progress) {
      const li = page.locator(`stage-progress li[data-stage="${p.index}"]`);
      await expect.poll(() => li.getAttribute('data-stage-state')).toBe(p.state);
      const counts = (await li.locator('.counts').textContent()) ?? '';
      expect(counts).toBe([`${p.finished} of ${p.trials} done`, ...(p.cancelled ? [`${p.cancelled} cancelled`] : [])].join(' · '));
    }
    expect(await page.locator('study-view [data-feed-state]').count()).toBe(0);
    expect(await page.locator('study-view button.delete').count()).toBe(1);
    // It kept no weights: the landscape card says how to keep them instead of vanishing.
    expect(await page.locator('study-view [data-landscape-off]').textContent()).toContain('"keepWeights": true');
    expect(await page.locator('study-view landscape-panel').count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/cancelled-study-laptop.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('shades each optimizer’s own learning-rate range where a stage refined per optimizer', async () => {
    const api = async <T>(path: string, init?: RequestInit) => (await (await fetch(`${srv.baseUrl}${path}`, init)).json()) as T;
    const spec = tinyStudySpec({
      name: 'per-optimizer race',
      space: { optimizer: { type: 'categorical', values: ['sgd', 'adam'] }, learningRate: { type: 'log-uniform', min: 1e-4, max: 1 }, batchSize: { type: 'fixed', value: 64 } },
      stages: [{ trials: 4, epochs: 1 }, { trials: 2, epochs: 1, keepTop: 1 }],
      refine: 'per-optimizer',
    });
    const study = await api<StudyRecord>('/api/studies', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
    await waitFor('the per-optimizer race to end', async () => (await api<StudyRecord>(`/api/studies/${study.id}`)).state === 'completed', 90_000, 250);
    const { stages } = await api<StudyRecord>(`/api/studies/${study.id}`);
    expect(Object.keys(stages[1]!.spaces ?? {}).sort()).toEqual(['adam', 'sgd']);
    await page.goto(`${srv.baseUrl}/studies/${study.id}`);
    await page.locator('[data-study-state="completed"]').waitFor();
    await expect.poll(() => page.locator('lr-chart').getAttribute('data-bands')).toMatch(/(^|,)1:sgd,1:adam$/);
    expect(await page.locator('lr-chart [data-bands-note]').count()).toBe(1);
    await page.locator('lr-chart').screenshot({ path: `${ARTIFACTS}/lr-view-per-optimizer-laptop.png` });
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
