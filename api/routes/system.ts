// Service-level routes: health, workers and the OpenAPI document.
import { Hono } from 'hono';
import type { StudyStore } from '../../store/study-store.js';
import { openApiDocument } from '../openapi.js';

export function systemRoutes({ store }: { store: StudyStore }) {
  const app = new Hono();
  app.get('/healthz', async (c) => {
    const pong = await store.redis.ping().catch(() => null);
    return c.json({ ok: pong === 'PONG', redis: pong === 'PONG' ? 'up' : 'down' }, pong === 'PONG' ? 200 : 503);
  });
  app.get('/api/workers', async (c) => c.json({ workers: await store.listWorkers() }));
  app.get('/openapi.json', (c) => c.json(openApiDocument));
  return app;
}
