// Reading a JSON request body at the boundary: content type, size and syntax are checked here,
// each with its own 4xx, before any validation of the value itself.
import type { Context } from 'hono';
import { HttpError } from './http-error.js';

export async function readJsonBody(c: Context, maxBytes: number): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) {
    throw new HttpError(415, 'unsupported_media_type', `the body must be JSON: send Content-Type: application/json (got ${type ? JSON.stringify(type.slice(0, 100)) : 'none'})`);
  }
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const text = await c.req.text();
  if (Buffer.byteLength(text) > maxBytes) throw tooLarge(maxBytes);
  if (text.trim() === '') throw new HttpError(400, 'invalid_json', 'the body is empty; send a JSON object');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new HttpError(400, 'invalid_json', `the body is not valid JSON: ${(err as Error).message}`);
  }
}

const tooLarge = (maxBytes: number) =>
  new HttpError(413, 'payload_too_large', `the body is larger than ${maxBytes} bytes (MAX_BODY_BYTES)`);
