// The dashboard's drawing figure for `npm run bench`: in Chromium (playwright-core, Debian's
// /usr/bin/chromium), the time the study page's curves chart takes to draw 500 trials × 30
// epochs from scratch, and to take one more epoch for every running trial (fold 500 epoch events
// into the model, rebuild the columns, setData, draw). Goals: < 200 ms full draw, < 16 ms per
// update (one frame). The page script is web/src/bench/draw-bench-page.ts, bundled here with Vite.
// CLI: `tsx bench/dashboard-draw.ts [--trials=500] [--epochs=30] [--json]`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface DashboardDrawOptions {
  /** @defaultValue 500 */
  trials?: number;
  /** @defaultValue 30 */
  epochs?: number;
  /** Full draws timed (the median is reported); updates are timed twice as often. @defaultValue 7 */
  runs?: number;
  /** @defaultValue process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' */
  chromiumPath?: string;
}

export interface DashboardDrawResult {
  trials: number;
  epochs: number;
  /** Median of the full draws, in ms. */
  fullDrawMs: number;
  /** Median of the one-epoch updates, in ms. */
  updateMs: number;
  fullDrawRunsMs: number[];
  updateRunsMs: number[];
  browser: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function bundlePageScript(): Promise<string> {
  const { build } = await import('vite');
  const outDir = mkdtempSync(join(tmpdir(), 'draw-bench-'));
  try {
    const output = await build({
      configFile: false,
      root: resolve('web'),
      logLevel: 'warn',
      build: {
        outDir,
        write: false,
        target: 'es2022',
        lib: { entry: resolve('web/src/bench/draw-bench-page.ts'), formats: ['es'], fileName: 'draw-bench' },
      },
    });
    const outputs = Array.isArray(output) ? output : [output];
    for (const o of outputs) {
      if (!('output' in o)) continue;
      const chunk = o.output.find((c) => c.type === 'chunk' && c.isEntry);
      if (chunk && chunk.type === 'chunk') return chunk.code;
    }
    throw new Error('vite produced no entry chunk for the draw bench');
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

export async function measureDashboardDraw(options: DashboardDrawOptions = {}): Promise<DashboardDrawResult> {
  const trials = options.trials ?? 500;
  const epochs = options.epochs ?? 30;
  const runs = options.runs ?? 7;
  const code = await bundlePageScript();
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'draw-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: options.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync'],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setContent('<!doctype html><html><body style="margin:0;font-family:system-ui"><div id="root" style="width:1200px"></div></body></html>');
    await page.addScriptTag({ content: code, type: 'module' });
    await page.waitForFunction(() => typeof window.runDrawBench === 'function');
    const r = await page.evaluate(([t, e, n]) => window.runDrawBench(t, e, n), [trials, epochs, runs] as const);
    if (r.series !== trials) throw new Error(`the chart drew ${r.series} series, expected ${trials}`);
    return {
      trials,
      epochs,
      fullDrawMs: median(r.fullDrawMs),
      updateMs: median(r.updateMs),
      fullDrawRunsMs: r.fullDrawMs,
      updateRunsMs: r.updateMs,
      browser: `chromium ${context.browser()?.version() ?? ''}`.trim(),
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export function formatDashboardDraw(r: DashboardDrawResult): string {
  return `dashboard full_draw_ms=${r.fullDrawMs.toFixed(1)} update_ms=${r.updateMs.toFixed(1)}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  measureDashboardDraw({ trials: Number(arg('trials') ?? 500), epochs: Number(arg('epochs') ?? 30) })
    .then((r) => {
      if (process.argv.includes('--json')) console.log(JSON.stringify(r));
      else {
        console.error(`[bench] ${r.trials} trials × ${r.epochs} epochs in ${r.browser}; full draws ${r.fullDrawRunsMs.map((v) => v.toFixed(1)).join(', ')} ms; updates ${r.updateRunsMs.map((v) => v.toFixed(1)).join(', ')} ms`);
        console.log(formatDashboardDraw(r));
      }
    })
    .catch((err: unknown) => {
      console.error(`[bench] dashboard draw: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
}
