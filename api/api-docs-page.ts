// GET /api/docs: the OpenAPI document (api/openapi.ts) as a page a person can read — every route
// with its parameters, body and answers, then every schema as a table of fields with their types,
// limits, defaults and words. Rendered on the server from the same document /openapi.json serves,
// so the two never disagree; plain HTML and CSS, no script (the page passes the app's CSP).

type Schema = { [key: string]: unknown };
type Operation = { summary?: string; parameters?: Schema[]; requestBody?: Schema; responses?: Record<string, Schema>; security?: unknown[] };
export interface OpenApiLike {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** `code` spans for `backticked` words; everything else escaped. */
const prose = (text: string | undefined): string => (text ? escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>') : '');

const refName = (ref: unknown): string | null => (typeof ref === 'string' && ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : null);
const schemaLink = (name: string) => `<a href="#schema-${escapeHtml(name)}">${escapeHtml(name)}</a>`;

/** A schema's type in a few words: `integer 1…200`, `"csv" | "json"`, `array of Trial`, a link to a named schema. */
export function typeOf(schema: Schema | undefined): string {
  if (!schema) return '';
  const ref = refName(schema.$ref);
  if (ref) return schemaLink(ref);
  if ('const' in schema) return `<code>${escapeHtml(JSON.stringify(schema.const))}</code>`;
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => `<code>${escapeHtml(JSON.stringify(v))}</code>`).join(' | ');
  const union = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (Array.isArray(union)) return union.map((s) => typeOf(s)).join(' or ');
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type as string | undefined) ?? 'any';
  if (type === 'array') return `array of ${typeOf(schema.items as Schema | undefined) || 'any'}`;
  return escapeHtml(type);
}

/** Limits and default in words: `≥ 1, ≤ 200`, `1–10 items`, `default 42`. */
function limitsOf(schema: Schema): string {
  const parts: string[] = [];
  const add = (key: string, label: string) => {
    if (typeof schema[key] === 'number') parts.push(`${label} ${schema[key] as number}`);
  };
  add('minimum', '≥');
  add('exclusiveMinimum', '>');
  add('maximum', '≤');
  add('exclusiveMaximum', '<');
  add('minItems', 'at least');
  add('maxItems', 'at most');
  add('minLength', 'length ≥');
  add('maxLength', 'length ≤');
  if (typeof schema.pattern === 'string') parts.push(`matches <code>${escapeHtml(schema.pattern)}</code>`);
  if ('default' in schema) parts.push(`default <code>${escapeHtml(JSON.stringify(schema.default))}</code>`);
  return parts.map((p) => (p.includes('<code>') ? p : escapeHtml(p))).join(', ');
}

/** The rows of an object schema's fields, nested objects (and arrays of objects) as dotted paths. */
function fieldRows(schema: Schema, prefix = '', depth = 0): string[] {
  const props = schema.properties as Record<string, Schema> | undefined;
  if (!props || depth > 4) return [];
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(props).flatMap(([name, field]) => {
    const path = `${prefix}${name}`;
    const row = `<tr><td><code>${escapeHtml(path)}</code>${required.has(name) ? ' <span class="req">required</span>' : ''}</td><td>${typeOf(field)}</td><td>${limitsOf(field)}</td><td>${prose(field.description as string | undefined)}</td></tr>`;
    const items = field.items as Schema | undefined;
    const nested = field.properties ? fieldRows(field, `${path}.`, depth + 1) : items?.properties ? fieldRows(items, `${path}[].`, depth + 1) : [];
    return [row, ...nested];
  });
}

function schemaSection(name: string, schema: Schema): string {
  const rows = fieldRows(schema);
  const body = rows.length
    ? `<table><thead><tr><th>field</th><th>type</th><th>limits</th><th>meaning</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : `<p>${typeOf(schema)}</p>`;
  return `<section id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3><p>${prose(schema.description as string | undefined)}</p>${body}</section>`;
}

function operationSection(method: string, path: string, op: Operation): string {
  const params = (op.parameters ?? []).map(
    (p) => `<tr><td><code>${escapeHtml(String(p.name))}</code> <span class="muted">${escapeHtml(String(p.in))}</span></td><td>${typeOf(p.schema as Schema)}</td><td>${limitsOf((p.schema as Schema) ?? {})}</td><td>${prose(p.description as string | undefined)}</td></tr>`,
  );
  const content = (x: Schema | undefined) => Object.entries((x?.content as Record<string, { schema?: Schema }>) ?? {}).map(([type, c]) => `${typeOf(c.schema)} <span class="muted">${escapeHtml(type)}</span>`).join('; ');
  const responses = Object.entries(op.responses ?? {}).map(([status, r]) => `<tr><td>${escapeHtml(status)}</td><td>${prose(r.description as string | undefined)}</td><td>${content(r)}</td></tr>`);
  const id = `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-');
  return `<section class="op" id="${escapeHtml(id)}">
<h3><span class="method ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code>${op.security ? ' <span class="muted">token when API_TOKEN is set</span>' : ''}</h3>
<p>${prose(op.summary)}</p>
${params.length ? `<table><thead><tr><th>parameter</th><th>type</th><th>limits</th><th>meaning</th></tr></thead><tbody>${params.join('')}</tbody></table>` : ''}
${op.requestBody ? `<p>Body: ${content(op.requestBody)}</p>` : ''}
<table><thead><tr><th>status</th><th>when</th><th>body</th></tr></thead><tbody>${responses.join('')}</tbody></table>
</section>`;
}

const STYLE = `:root{--ink:#1d2430;--paper:#fff;--muted:#6a7482;--rule:#e3e6ea;--code:#f1f3f6;--get:#2f6f4f;--post:#2d5b9a;--delete:#9a3a2d;--other:#55606e}
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 1.5rem;color:var(--ink);background:var(--paper)}
code{font:13px ui-monospace,monospace;background:var(--code);padding:0 .25em;border-radius:3px}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:14px}th,td{border-bottom:1px solid var(--rule);padding:.3rem .5rem;text-align:left;vertical-align:top}
.method{display:inline-block;min-width:4.5em;font-size:12px;font-weight:700;color:var(--paper);border-radius:3px;padding:.1em .4em;text-align:center;background:var(--other)}
.method.get{background:var(--get)}.method.post{background:var(--post)}.method.delete{background:var(--delete)}
.muted{color:var(--muted);font-size:13px}.req{color:var(--delete);font-size:12px}.op{border-top:1px solid var(--rule);padding-top:.5rem}
nav a{margin-right:.75rem}`;

/** The whole page, from an OpenAPI 3.1 document (read-only literal or parsed JSON). */
export function renderApiDocs(document: object): string {
  const doc = document as OpenApiLike;
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => operationSection(method, path, op)));
  const schemas = Object.entries(doc.components.schemas).map(([name, schema]) => schemaSection(name, schema));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)} — API</title><style>${STYLE}</style></head><body>
<h1>${escapeHtml(doc.info.title)} <span class="muted">API ${escapeHtml(doc.info.version)}</span></h1>
<nav><a href="/">Dashboard</a><a href="/openapi.json">OpenAPI JSON</a><a href="#routes">Routes</a><a href="#schemas">Schemas</a></nav>
<p>${prose(doc.info.description)}</p>
<h2 id="routes">Routes</h2>${ops.join('\n')}
<h2 id="schemas">Schemas</h2>${schemas.join('\n')}
</body></html>`;
}
