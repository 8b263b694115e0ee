// GET /api/studies/:id/export: a study trained by a real worker comes out as one row per trial (or
// per trial-epoch), the same in CSV (RFC 4180) and JSON; bad parameters get a 400 naming them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../types/index.js';
import type { ExportResponse, StudyResponse } from '../../types/api.js';
import { csvField, toCsv, type Row } from '../../api/export-rows.js';
import { startLiveApp, type LiveApp } from '../helpers/test-app.js';
import { tinyStudySpec } from '../helpers/specs.js';
import { call, getJson, runStudy } from '../helpers/api.js';

/** A small RFC 4180 reader, enough to read back what toCsv writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe('CSV fields', () => {
  it('quote commas, quotes and line breaks, double the quotes, and leave null empty', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(0.125)).toBe('0.125');
    expect(csvField(false)).toBe('false');
  });
  it('round-trip through a reader', () => {
    const rows: Row[] = [{ a: 'x,"y"', b: null, c: 3 }, { a: 'line\r\nbreak', b: true, c: -1e-7 }];
    expect(parseCsv(toCsv(rows))).toEqual([['a', 'b', 'c'], ['x,"y"', '', '3'], ['line\r\nbreak', 'true', '-1e-7']]);
  });
});

let live: LiveApp;
let study: StudyResponse;

beforeAll(async () => {
  live = await startLiveApp({ log: () => {} });
  study = await runStudy(live.app, tinyStudySpec({ stages: [{ trials: 3, epochs: 2 }] }));
  expect(study.state, study.error ?? '').toBe('completed');
}, 180_000);

afterAll(() => live?.close());

describe('GET /api/studies/:id/export', () => {
  it('gives one CSV row per trial with its config, best, final and test metrics, as an attachment', async () => {
    const res = await call(live.app, 'GET', `/api/studies/${study.id}/export?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="study-${study.id}-trials.csv"`);
    const [header, ...rows] = parseCsv(res.text);
    for (const col of ['trial', 'stage', 'status', 'optimizer', 'learningRate', 'batchSize', 'beta1', 'best_epoch', 'best_val_acc', 'final_val_loss', 'test_acc', 'stop_reason', 'backend', 'host', 'seconds']) {
      expect(header).toContain(col);
    }
    expect(rows).toHaveLength(3);
    const trials = await live.env.store.listTrials(study.id);
    const at = (row: string[], col: string) => row[header!.indexOf(col)];
    for (const t of trials) {
      const row = rows.find((r) => at(r, 'trial') === t.id)!;
      expect(at(row, 'status')).toBe(t.status);
      expect(Number(at(row, 'learningRate'))).toBe(t.config.learningRate);
      expect(Number(at(row, 'test_acc'))).toBe(t.test!.acc);
      expect(Number(at(row, 'best_val_acc'))).toBe(t.bestMetrics!.valAcc);
    }
  });

  it('gives the same rows as JSON', async () => {
    const json = await getJson<ExportResponse>(live.app, `/api/studies/${study.id}/export?format=json`);
    const [header, ...rows] = parseCsv((await call(live.app, 'GET', `/api/studies/${study.id}/export`)).text);
    expect(json.rows.map((r) => header!.map((c) => (r[c] === null ? '' : String(r[c]))))).toEqual(rows);
  });

  it('with epochs=1 gives one row per trial and epoch', async () => {
    const json = await getJson<ExportResponse>(live.app, `/api/studies/${study.id}/export?format=json&epochs=1`);
    expect(json.rows).toHaveLength(6);
    expect(json.rows.map((r) => `${r.trial}#${r.epoch}`).sort()).toEqual(['s0-t00#1', 's0-t00#2', 's0-t01#1', 's0-t01#2', 's0-t02#1', 's0-t02#2']);
    expect(Object.keys(json.rows[0]!)).toEqual(expect.arrayContaining(['val_loss', 'val_acc', 'train_loss', 'learning_rate', 'samples_per_sec']));
  });

  it('answers 400 naming the parameter, and 404 for an unknown study', async () => {
    const bad = await call<ErrorBody>(live.app, 'GET', `/api/studies/${study.id}/export?format=xlsx`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('format must be "csv" or "json", got "xlsx"');
    expect((await call(live.app, 'GET', `/api/studies/${study.id}/export?epochs=yes`)).status).toBe(400);
    expect((await call(live.app, 'GET', '/api/studies/000000000000/export')).status).toBe(404);
  });
});
