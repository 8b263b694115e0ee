// What the dashboard's Node and browser tests share: the built dashboard (vite build into a
// temporary folder, so a test never disturbs web/dist), the API served on a real socket of a free
// port (so a test can cut connections), a real worker on the test's own redis-server, and
// Debian's Chromium driven by playwright-core with a fresh profile.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createApp } from '../../api/app.js';
import { startWorker, type RunningWorker } from '../../worker/start-worker.js';
import { startTestRedis, type TestRedis } from '../helpers/test-redis.js';
import type { RequestTarget } from '../helpers/api.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];

/** Builds the dashboard with the project's Vite config into a fresh temporary folder. */
export async function buildDashboard(): Promise<{ dir: string; remove(): void }> {
  const { build } = await import('vite');
  const dir = mkdtempSync(join(tmpdir(), 'dashboard-dist-'));
  await build({ configFile: resolve('web/vite.config.ts'), logLevel: 'warn', build: { outDir: dir, emptyOutDir: true } });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface DashboardServer {
  env: TestRedis;
  worker: RunningWorker | null;
  baseUrl: string;
  workerLog: string[];
  /** Destroys every open client connection, as a network drop would. */
  cutConnections(): number;
  close(): Promise<void>;
}

export async function startDashboardServer(options: { webDist?: string | null; worker?: boolean; apiToken?: string | null } = {}): Promise<DashboardServer> {
  const env = await startTestRedis();
  const app = createApp({ store: env.store, queues: env.queues, webDist: options.webDist ?? null, apiToken: options.apiToken ?? null, logError: () => {} });
  const sockets = new Set<Socket>();
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((done) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => done({ server: s, port: info.port }));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const workerLog: string[] = [];
  const worker = options.worker === false ? null : await startWorker({ redisUrl: env.url, backend: 'auto', log: (l) => workerLog.push(l) });
  return {
    env,
    worker,
    baseUrl: `http://127.0.0.1:${port}`,
    workerLog,
    cutConnections: () => {
      const n = sockets.size;
      for (const s of sockets) s.destroy();
      return n;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((done) => server.close(() => done()));
      await worker?.close();
      await env.close();
    },
  };
}

/** Chromium with a fresh profile; `close()` also removes the profile. */
export async function launchChromium(viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Where the browser tests write their screenshots. */
export const ARTIFACTS = resolve('test-artifacts');

export interface DashboardSession {
  srv: DashboardServer;
  page: Page;
  /** The page's uncaught errors and console errors, as they happen. */
  pageErrors: string[];
  /** The served API, as the request helpers of tests/helpers/api.ts take it. */
  api: RequestTarget;
  /** Closes Chromium, the server, its worker and Redis, and removes the built dashboard. */
  close(): Promise<void>;
}

/**
 * What a browser test of the dashboard starts before its cases: the dashboard built, served with a
 * real worker on its own Redis, and Chromium with one page that records its errors.
 */
export async function openDashboard(viewport = { width: 1280, height: 800 }): Promise<DashboardSession> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const [dist, browser] = await Promise.all([buildDashboard(), launchChromium(viewport)]);
  const srv = await startDashboardServer({ webDist: dist.dir });
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  return {
    srv,
    page,
    pageErrors,
    api: { request: (path, init) => fetch(`${srv.baseUrl}${String(path)}`, init) },
    close: async () => {
      await browser.close();
      await srv.close();
      dist.remove();
    },
  };
}

/** Polls `check` until it returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
