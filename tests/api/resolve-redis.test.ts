// npm start's choice of Redis: REDIS_URL, else a Redis answering on the default address, else one
// it starts itself with AOF data in DATA_DIR/redis.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { resolveRedis } from '../../api/resolve-redis.js';
import { freePort, startLocalRedis } from '../../store/local-redis.js';

describe('resolveRedis', () => {
  it('uses REDIS_URL as given', async () => {
    const r = await resolveRedis('redis://example.invalid:1', '/nonexistent');
    expect(r).toMatchObject({ url: 'redis://example.invalid:1', local: null });
  });

  it('uses a Redis that answers on the default address', async () => {
    const server = await startLocalRedis();
    try {
      const r = await resolveRedis(null, '/nonexistent', server.url);
      expect(r.url).toBe(server.url);
      expect(r.local).toBeNull();
      expect(r.how).toMatch(/answering/);
    } finally {
      await server.stop();
    }
  });

  it('starts its own redis-server with AOF in DATA_DIR/redis when nothing answers', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'opt-data-'));
    const silent = `redis://127.0.0.1:${await freePort()}`;
    const r = await resolveRedis(null, dataDir, silent);
    try {
      expect(r.local).not.toBeNull();
      expect(r.how).toContain(join(dataDir, 'redis'));
      const client = new Redis(r.url);
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      await client.set('k', 'v');
      client.disconnect();
      expect(existsSync(join(dataDir, 'redis'))).toBe(true);
    } finally {
      await r.local?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
