// Service-level routes: health, workers and the OpenAPI document (as JSON, and as a page to read).
import { Hono } from 'hono';
import type { StudyStore } from '../../store/study-store.js';
import type { HealthResponse, WorkerListResponse } from '../../types/api.js';
import { openApiDocument } from '../openapi.js';
import { renderApiDocs } from '../api-docs-page.js';

export const HEALTH_PING_MS = 800;

export function systemRoutes({ store }: { store: StudyStore }) {
  const app = new Hono();
  // Answers within HEALTH_PING_MS whatever Redis does: a client that is not connected is `down`
  // without asking it, a connected one must answer PING in time.
  app.get('/healthz', async (c) => {
    const up = await store.ping(HEALTH_PING_MS);
    return c.json({ ok: up, redis: up ? 'up' : 'down' } satisfies HealthResponse, up ? 200 : 503);
  });
  app.get('/api/workers', async (c) => c.json({ workers: await store.workers.listWorkers() } satisfies WorkerListResponse));
  app.get('/openapi.json', (c) => c.json(openApiDocument));
  // The same document as a page to read (the dashboard's "API" link).
  let docsPage: string | null = null;
  app.get('/api/docs', (c) => c.html((docsPage ??= renderApiDocs(openApiDocument))));
  return app;
}
