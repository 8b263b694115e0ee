// The Hono application, built by a factory from its dependencies so tests can hand it a real
// store on their own Redis and call `app.request()` without a server. One error handler renders
// every failure in the contract's shape: `{ "error": { "code", "message", "details"? } }`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { secureHeaders } from 'hono/secure-headers';
import { StudyNotFoundError, type StudyStore } from '../store/study-store.js';
import type { Queues } from '../store/queues.js';
import { DEFAULT_DEPLOYMENT_LIMITS, type DeploymentLimits } from '../search/deployment-limits.js';
import { HttpError, notFound } from './http-error.js';
import { requireTokenForWrites } from './auth.js';
import { studiesRoutes } from './routes/studies.js';
import { eventsRoutes } from './routes/events.js';
import { systemRoutes } from './routes/system.js';
import { surfacesRoutes } from './routes/surfaces.js';
import { landscapesRoutes } from './routes/landscapes.js';
import { redisErrorAsHttp, requireRedis } from './redis-gate.js';

export interface AppDeps {
  store: StudyStore;
  queues: Queues;
  apiToken?: string | null;
  maxBodyBytes?: number;
  maxSseStreams?: number;
  /** Per-deployment caps on a study (defaults: the hard limits). */
  limits?: DeploymentLimits;
  /** Folder of the built dashboard (web/dist); when absent or missing, `/` explains how to build it. */
  webDist?: string | null;
  /** Where unexpected errors are reported (never to the client). */
  logError?: (err: unknown) => void;
}

export function createApp(deps: AppDeps) {
  const { store, queues } = deps;
  const app = new Hono();

  // An error that stands for a lost Redis connection: the 503 it means, else null.
  const asUnavailable = (err: unknown) => redisErrorAsHttp(err, store.redis);
  app.onError((err, c) => {
    const unavailable = asUnavailable(err);
    if (unavailable) return c.json(unavailable.toBody(), unavailable.status);
    if (err instanceof HttpError) return c.json(err.toBody(), err.status);
    // A study deleted between a handler's first read and a later write of it: gone, not broken.
    if (err instanceof StudyNotFoundError) return c.json(notFound(`study ${err.studyId}`).toBody(), 404);
    (deps.logError ?? ((e) => console.error('[api] unexpected error:', e)))(err);
    return c.json({ error: { code: 'internal', message: 'internal error; see the server log' } }, 500);
  });
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404));

  // The dashboard loads only its own scripts; inline styles are Lit's and the page's own.
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
    }),
  );
  app.use('/api/*', requireTokenForWrites(deps.apiToken ?? null));
  // Everything under these reads or writes Redis: while it is away they answer 503, never hang.
  const redisGate = requireRedis(store.redis);
  app.use('/api/studies/*', redisGate);
  app.use('/api/workers', redisGate);

  app.route('/', systemRoutes({ store }));
  app.route('/api/studies', eventsRoutes({ store, asUnavailable, maxSseStreams: deps.maxSseStreams ?? 200 }));
  app.route('/api/studies', studiesRoutes({ store, queues, maxBodyBytes: deps.maxBodyBytes ?? 256 * 1024, limits: deps.limits ?? DEFAULT_DEPLOYMENT_LIMITS }));
  app.route('/api/studies', landscapesRoutes({ store, queues, maxBodyBytes: deps.maxBodyBytes ?? 256 * 1024 }));
  app.route('/api/surfaces', surfacesRoutes({ maxBodyBytes: deps.maxBodyBytes ?? 256 * 1024 }));
  app.all('/api/*', (c) => c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404));

  const dist = deps.webDist;
  if (dist && existsSync(join(dist, 'index.html'))) {
    const indexHtml = readFileSync(join(dist, 'index.html'), 'utf8');
    app.use('/*', serveStatic({ root: dist }));
    // Client-side routes (/studies/<id>, ...) get the dashboard's index page.
    app.get('*', (c) => c.html(indexHtml));
  } else {
    app.get('/', (c) =>
      c.text('The dashboard is not built. Run `npm run build:web` (npm start does it for you); the API is under /api and described at /openapi.json.\n'),
    );
  }
  return app;
}

export type App = ReturnType<typeof createApp>;
