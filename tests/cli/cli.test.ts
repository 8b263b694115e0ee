// The CLI as a user runs it (`node bin/optimizer-playground.mjs …`, the package's bin) against the
// real app on a real port with a real worker: create and follow a study to its end, list, show,
// export, workers, cancel, and the exit codes and messages of errors.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboardServer, type DashboardServer } from '../web/dashboard-harness.js';
import { tinyStudySpec } from '../helpers/specs.js';

let srv: DashboardServer;
let dir: string;

beforeAll(async () => {
  srv = await startDashboardServer({ webDist: null });
  dir = mkdtempSync(join(tmpdir(), 'opt-cli-'));
}, 60_000);
afterAll(async () => {
  await srv?.close();
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/optimizer-playground.mjs', '--url', srv.baseUrl, ...args], { env: { ...process.env, ...env }, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const specFile = (name: string, spec: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(spec));
  return file;
};

describe('optimizer-playground (the CLI)', () => {
  let studyId = '';

  it('creates a study and follows it live to the end: starts, stops with reasons, the best', async () => {
    const r = await cli(['study', 'create', specFile('tiny.json', tinyStudySpec()), '--follow']);
    expect(r.code, r.stderr).toBe(0);
    studyId = /created ([0-9a-f]{12})/.exec(r.stdout)![1]!;
    expect(r.stdout).toMatch(/stage 1 started: 4 trials × 2 epochs/);
    expect(r.stdout).toMatch(/s0-t00 started: \w+ lr \S+ on /);
    expect(r.stdout).toMatch(/s1-t0\d (completed|early-stopped|pruned|diverged) after \d epochs?/);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^study completed; best s\d-t\d\d \w+ lr \S+ \(val_acc \d\.\d{4}\)$/);
  });

  it('lists and shows studies', async () => {
    const list = await cli(['study', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`${studyId}  completed`);
    const show = await cli(['study', 'show', studyId]);
    expect(show.stdout).toMatch(/stage 1: 4 of 4 done · 2 epochs · completed/);
    expect(show.stdout).toMatch(/best: s\d-t\d\d .* test acc \d\.\d{4} \(held out\)/);
  });

  it('exports one CSV row per trial to standard output', async () => {
    const r = await cli(['study', 'export', studyId, '--format', 'csv']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\r\n');
    expect(lines[0]).toMatch(/^trial,stage,status,/);
    expect(lines).toHaveLength(1 + 6);
    const json = JSON.parse((await cli(['study', 'export', studyId, '--format', 'json', '--epochs'])).stdout) as { rows: unknown[] };
    expect(json.rows.length).toBeGreaterThanOrEqual(6);
  });

  it('lists the workers', async () => {
    const r = await cli(['workers']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wasm|cpu|tensorflow/);
  });

  it('cancels a running study', async () => {
    const created = await cli(['study', 'create', specFile('long.json', tinyStudySpec({ stages: [{ trials: 2, epochs: 50 }], earlyStopping: { enabled: false } }))]);
    const id = /created ([0-9a-f]{12})/.exec(created.stdout)![1]!;
    const r = await cli(['study', 'cancel', id]);
    expect(r.stdout.trim()).toBe(`${id} cancelled`);
  });

  it("exits 1 with the API's message on errors, and 2 with the usage on a wrong command", async () => {
    const bad = await cli(['study', 'create', specFile('bad.json', { ...tinyStudySpec(), seed: -1 })]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error 400 invalid_spec: seed must be ≥ 0, got -1/);
    const missing = await cli(['study', 'show', '000000000000']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/error 404 not_found: study 000000000000 not found/);
    const usage = await cli(['study', 'frobnicate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/unknown command study frobnicate[\s\S]*usage: optimizer-playground/);
  });
});
