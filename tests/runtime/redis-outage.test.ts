import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { RedisOutage, redactRedisUrl } from '../../store/redis-outage.js';

function outageWithClock() {
  let t = 0;
  const lines: string[] = [];
  const outage = new RedisOutage({ url: 'redis://:secret@10.0.0.5:6380/0', log: (l) => lines.push(l), everyMs: 10_000, now: () => t });
  return { outage, lines, advance: (ms: number) => (t += ms) };
}

describe('RedisOutage', () => {
  it('says once which URL is down and what to do, never the password', () => {
    const { outage, lines } = outageWithClock();
    outage.error(new Error('connect ECONNREFUSED 10.0.0.5:6380'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/redis:\/\/:\*\*\*@10\.0\.0\.5:6380\/0 is unreachable \(connect ECONNREFUSED 10\.0\.0\.5:6380\)/);
    expect(lines[0]).toMatch(/set REDIS_URL/);
    expect(lines[0]).not.toMatch(/secret/);
    expect(outage.down).toBe(true);
  });

  it('logs at most one line per interval while down, however many clients report', () => {
    const { outage, lines, advance } = outageWithClock();
    for (let i = 0; i < 300; i++) {
      outage.error(new Error('connect ECONNREFUSED'));
      advance(100); // 300 errors over 30 s
    }
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeLessThanOrEqual(4);
    expect(lines.at(-1)).toMatch(/still unreachable after \d+ s/);
  });

  it('says when Redis is back, and is quiet while it stays up', () => {
    const { outage, lines, advance } = outageWithClock();
    outage.ready();
    expect(lines).toEqual([]);
    outage.error(new Error('ECONNRESET'));
    advance(4_000);
    outage.ready();
    expect(lines.at(-1)).toMatch(/is back after 4 s/);
    expect(outage.down).toBe(false);
  });

  it('listens to error and ready events of the clients it watches', () => {
    const { outage, lines } = outageWithClock();
    const client = new EventEmitter();
    outage.watch(client, { ready: true });
    client.emit('error', new Error('ECONNREFUSED'));
    client.emit('ready');
    expect(lines).toHaveLength(2);
  });
});

describe('redactRedisUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactRedisUrl('redis://user:pw@host:1/2')).toBe('redis://user:***@host:1/2');
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});
