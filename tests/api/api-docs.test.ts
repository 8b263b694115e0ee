// GET /api/docs: the OpenAPI document as a page to read — every route and schema of /openapi.json
// on it, the words escaped, no script (it is served under the app's content security policy).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { escapeHtml, typeOf } from '../../api/api-docs-page.js';
import { openApiDocument } from '../../api/openapi.js';
import { startTestRedis, type TestRedis } from '../helpers/test-redis.js';

let env: TestRedis;
let page: string;
let contentType: string | null;
beforeAll(async () => {
  env = await startTestRedis();
  const res = await createApp({ store: env.store, queues: env.queues }).request('/api/docs');
  expect(res.status).toBe(200);
  contentType = res.headers.get('content-type');
  page = await res.text();
});
afterAll(async () => env?.close());

describe('GET /api/docs', () => {
  it('is an HTML page with every route and schema of the OpenAPI document', () => {
    expect(contentType).toMatch(/^text\/html/);
    for (const [path, methods] of Object.entries(openApiDocument.paths)) {
      for (const method of Object.keys(methods)) expect(page, `${method} ${path}`).toContain(`${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code>`);
    }
    for (const name of Object.keys(openApiDocument.components.schemas)) expect(page).toContain(`id="schema-${name}"`);
  });

  it('writes each field with its type, limits, default and words', () => {
    // StudySpec's stages: generated from the validator's zod schema, words from api/openapi-schemas.ts.
    expect(page).toMatch(/<code>stages\[\]\.promote<\/code><\/td><td>boolean<\/td><td><\/td><td>Not on stages\[0\]\. The kept trials that trained their whole budget/);
    expect(page).toMatch(/<code>seed<\/code><\/td><td>integer<\/td><td>≥ 0, ≤ \d+, default <code>42<\/code>/);
    expect(page).toContain('<code>trialsTotal</code> <span class="req">required</span>');
  });

  it('escapes the words and carries no script', () => {
    expect(page).toContain('loss − f* &lt; tolerance');
    expect(page).not.toMatch(/<script/i);
    expect(escapeHtml('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
  });

  it('names types in words', () => {
    expect(typeOf({ type: 'array', items: { $ref: '#/components/schemas/Trial' } })).toBe('array of <a href="#schema-Trial">Trial</a>');
    expect(typeOf({ enum: ['csv', 'json'] })).toBe('<code>&quot;csv&quot;</code> | <code>&quot;json&quot;</code>');
    expect(typeOf({ type: ['number', 'null'] })).toBe('number or null');
  });
});
