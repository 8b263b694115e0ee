// The surfaces module runs in the dashboard's browser as well as in the API, so everything it
// imports, however indirectly, must be @tensorflow/tfjs, zod or the project's own pure modules.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const ALLOWED_PACKAGES = new Set(['@tensorflow/tfjs', 'zod']);

/** Every module reachable from `entry` through static value imports (`import type` is erased at build). */
function importGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files: string[] = [];
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.includes(file)) return;
    files.push(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/^\s*(?:import|export)\s(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('surfaces/', () => {
  const { files, packages } = importGraph(join(ROOT, 'surfaces/index.ts'));

  it('imports no package but @tensorflow/tfjs and zod, and nothing from node:', () => {
    expect([...packages].filter((p) => !ALLOWED_PACKAGES.has(p))).toEqual([]);
  });

  it('reaches only pure project modules (no process, no I/O)', () => {
    const names = files.map((f) => relative(ROOT, f));
    expect(names).toContain('optimizers/create-optimizer.ts'); // the workers' own optimizer factory
    expect(names.filter((n) => /^(worker|api|store|runtime|config|cli|bench)\//.test(n))).toEqual([]);
    for (const f of files) expect(readFileSync(f, 'utf8'), relative(ROOT, f)).not.toMatch(/\bprocess\.|\brequire\(|\bfetch\(|readFile/);
  });
});
