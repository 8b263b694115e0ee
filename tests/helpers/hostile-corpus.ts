// A generated corpus of malformed and hostile requests: every leaf of a few valid specs replaced
// by values of the wrong type or out of range, required fields removed, unknown and prototype keys
// added, injection-looking strings in enum fields, deep nesting, non-finite numbers, oversized
// bodies, wrong content types, unknown ids and methods. Every one must get a 4xx.
import { JSON_HEADERS } from './api.js';

export interface HostileRequest {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type PathSeg = string | number;

/** Values invalid for any field of the given original type. */
function badValuesFor(original: Json): Json[] {
  if (typeof original === 'number') return [null, '1', true, [], {}, 'NaN', -5, 1e300, -1e300, [1], { value: 1 }];
  if (typeof original === 'string') return [null, 5, true, [], {}, '', 'x'.repeat(5000), "mnist'; DROP TABLE studies; --", '<script>alert(1)</script>', '${process.env}', '\u0000'];
  if (typeof original === 'boolean') return [null, 'true', 1, [], {}];
  if (Array.isArray(original)) return [null, 'x', 5, {}, [null], [{}], [[[]]], true];
  if (original && typeof original === 'object') return [null, 'x', 5, [], true, [original]];
  return [];
}

function leaves(value: Json, path: PathSeg[] = []): Array<{ path: PathSeg[]; value: Json }> {
  const here = path.length > 0 ? [{ path, value }] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => leaves(v, [...path, i]))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]))];
  return here;
}

function withValue(root: Json, path: PathSeg[], value: Json | undefined): Json {
  const copy = structuredClone(root) as Json;
  let node = copy as Record<string, Json> | Json[];
  for (const seg of path.slice(0, -1)) node = (node as Record<string, Json>)[seg as string] as Record<string, Json>;
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last as string];
  } else (node as Record<string, Json>)[last as string] = value;
  return copy;
}

const show = (path: PathSeg[]) => path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').slice(1);

/** Fields whose absence makes a spec invalid. */
const REQUIRED: PathSeg[][] = [['name'], ['dataset'], ['space'], ['stages'], ['space', 'optimizer'], ['space', 'learningRate'], ['space', 'batchSize'], ['stages', 0, 'trials'], ['stages', 0, 'epochs'], ['space', 'learningRate', 'type'], ['space', 'learningRate', 'min'], ['space', 'learningRate', 'max'], ['space', 'optimizer', 'type'], ['space', 'batchSize', 'type']];

export function hostileCorpus(validSpecs: Array<Record<string, unknown>>): HostileRequest[] {
  const out: HostileRequest[] = [];
  const postSpec = (label: string, body: string, headers: Record<string, string> = JSON_HEADERS) =>
    out.push({ label, method: 'POST', path: '/api/studies', headers, body });

  validSpecs.forEach((spec, s) => {
    const root = spec as Json;
    for (const leaf of leaves(root)) {
      // categorical `values` may legitimately hold numbers or strings of other fields; skip their items.
      if (leaf.path.includes('values') && typeof leaf.path[leaf.path.length - 1] === 'number') continue;
      // Any printable name is a valid name (stored as data, escaped when shown): only wrong types,
      // empty, too long or control characters are hostile there.
      const bads = leaf.path.length === 1 && leaf.path[0] === 'name' ? [null, 5, true, [], {}, '', '   ', 'x'.repeat(5000), 'bell\u0007', 'nul\u0000'] : badValuesFor(leaf.value);
      for (const bad of bads) {
        postSpec(`spec${s}: ${show(leaf.path)} = ${JSON.stringify(bad).slice(0, 40)}`, JSON.stringify(withValue(root, leaf.path, bad)));
      }
    }
    for (const path of REQUIRED) postSpec(`spec${s}: without ${show(path)}`, JSON.stringify(withValue(root, path, undefined)));
    for (const obj of leaves(root).filter((l) => l.value && typeof l.value === 'object' && !Array.isArray(l.value))) {
      for (const key of ['zzUnknown', 'constructor', 'prototype']) {
        postSpec(`spec${s}: unknown key ${show(obj.path)}.${key}`, JSON.stringify(withValue(root, [...obj.path, key], { polluted: true })));
      }
      // A literal __proto__ key (an object literal's __proto__ would not survive JSON.stringify).
      const text = JSON.stringify(withValue(root, [...obj.path, 'PROTO_PLACEHOLDER'], { polluted: true }));
      postSpec(`spec${s}: __proto__ in ${show(obj.path)}`, text.replace('"PROTO_PLACEHOLDER"', '"__proto__"'));
    }
    postSpec(`spec${s}: top-level __proto__`, `{"__proto__":{"polluted":true},${JSON.stringify(root).slice(1)}`);
    postSpec(`spec${s}: Infinity seed`, JSON.stringify(root).replace(/"seed":\d+/, '"seed":1e400'));
    postSpec(`spec${s}: -Infinity lr`, JSON.stringify(root).replace(/"min":[^,}]+/, '"min":-1e400'));
    for (const depth of [64, 1000, 20000]) {
      postSpec(`spec${s}: name nested ${depth} deep`, JSON.stringify(root).replace(/"name":"[^"]*"/, `"name":${'['.repeat(depth)}${']'.repeat(depth)}`));
    }
    postSpec(`spec${s}: duplicate of itself as an array`, JSON.stringify([root, root]));
    postSpec(`spec${s}: truncated`, JSON.stringify(root).slice(0, Math.floor(JSON.stringify(root).length / 2)));
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonp', 'json']) {
      postSpec(`spec${s}: content-type ${type}`, JSON.stringify(root), { 'content-type': type });
    }
    postSpec(`spec${s}: no content-type`, JSON.stringify(root), {});
    postSpec(`spec${s}: oversized`, JSON.stringify({ ...spec, name: 'big', padding: 'x'.repeat(300 * 1024) }));
  });

  for (const body of ['', ' ', 'null', 'true', '0', '"x"', '[]', '{', '}', '{"a":}', '\u0000', 'NaN', 'undefined', '{"name":"x"}{"name":"y"}']) {
    postSpec(`raw body ${JSON.stringify(body)}`, body);
  }

  const ids = ['000000000000', 'ffffffffffff', 'not-an-id', '..%2F..%2Fetc%2Fpasswd', '*', '%2A', 'x'.repeat(500), "1' OR '1'='1", '%00', 'opt:studies', '123'];
  for (const id of ids) {
    for (const [method, suffix] of [['GET', ''], ['GET', '/trials'], ['GET', '/best'], ['GET', '/events'], ['GET', '/trials/s0-t00/metrics'], ['POST', '/cancel'], ['DELETE', '']] as const) {
      out.push({ label: `${method} unknown study ${id.slice(0, 20)}${suffix}`, method, path: `/api/studies/${id}${suffix}`, headers: {} });
    }
  }
  for (const [method, path] of [['PUT', '/api/studies'], ['PATCH', '/api/studies'], ['DELETE', '/api/studies'], ['GET', '/api/nope'], ['POST', '/api/workers'], ['POST', '/healthz'], ['GET', '/api/studies/000000000000/trials/../../x']] as const) {
    out.push({ label: `${method} ${path}`, method, path, headers: JSON_HEADERS, body: method === 'GET' ? undefined : '{}' });
  }
  return out;
}
