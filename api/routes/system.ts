// Service-level routes: health, workers and the OpenAPI document.
import { Hono } from 'hono';
import type { StudyStore } from '../../store/study-store.js';
import { openApiDocument } from '../openapi.js';
import { withDeadline } from '../../runtime/deadline.js';

export const HEALTH_PING_MS = 800;

export function systemRoutes({ store }: { store: StudyStore }) {
  const app = new Hono();
  // Answers within HEALTH_PING_MS whatever Redis does: a client that is not connected is `down`
  // without asking it, a connected one must answer PING in time.
  app.get('/healthz', async (c) => {
    const redis = store.redis;
    const pong = redis.status === 'ready' ? await withDeadline(redis.ping(), HEALTH_PING_MS, 'PING').catch(() => null) : null;
    return c.json({ ok: pong === 'PONG', redis: pong === 'PONG' ? 'up' : 'down' }, pong === 'PONG' ? 200 : 503);
  });
  app.get('/api/workers', async (c) => c.json({ workers: await store.listWorkers() }));
  app.get('/openapi.json', (c) => c.json(openApiDocument));
  return app;
}
