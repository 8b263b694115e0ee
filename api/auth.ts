// With API_TOKEN set, every write (anything but GET/HEAD/OPTIONS) needs `Authorization: Bearer <token>`.
// Compared in constant time; the token is never logged or echoed.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { HttpError } from './http-error.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

export function tokensMatch(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

export function requireTokenForWrites(token: string | null): MiddlewareHandler {
  return async (c, next) => {
    if (!token || ['GET', 'HEAD', 'OPTIONS'].includes(c.req.method)) return next();
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) throw new HttpError(401, 'unauthorized', 'this API needs Authorization: Bearer <token> for writes (API_TOKEN is set)');
    if (!tokensMatch(match[1]!.trim(), token)) throw new HttpError(403, 'forbidden', 'the bearer token is not valid');
    return next();
  };
}
