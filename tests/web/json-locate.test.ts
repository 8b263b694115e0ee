// Finding the line of the field a server validation error names, in the text the user typed.
import { describe, expect, it } from 'vitest';
import { formatPath as serverFormatPath } from '../../search/spec-schema.js';
import { formatPath, locateJsonPaths, locationOfPath } from '../../web/src/study/create/json-locate.js';
import { prettyJson } from '../../web/src/study/create/pretty-json.js';
import { STUDY_PRESETS } from '../../web/src/study/create/study-presets.js';

const text = `{
  "name": "x",
  "space": {
    "learningRate": { "type": "log-uniform", "min": -1, "max": 0.1 },
    "weird key": 1
  },
  "stages": [
    { "trials": 4, "epochs": 2 },
    {
      "trials": 2,
      "keepTop": 9
    }
  ]
}`;

describe('locateJsonPaths', () => {
  it('gives the line of each field under the API’s path names', () => {
    const r = locateJsonPaths(text);
    expect(r.ok).toBe(true);
    const line = (p: string) => locationOfPath(r.paths, p)?.line;
    expect(line('space.learningRate.min')).toBe(4);
    expect(line('space["weird key"]')).toBe(5);
    expect(line('stages[1].keepTop')).toBe(11);
    expect(line('stages[0]')).toBe(8);
  });

  it('falls back to the nearest ancestor for a field that is absent (a "required" error)', () => {
    const r = locateJsonPaths(text);
    expect(locationOfPath(r.paths, 'stages[1].epochs')?.line).toBe(9);
    expect(locationOfPath(r.paths, 'earlyStopping.patience')?.line).toBe(1);
  });

  it('reports a syntax error with its line', () => {
    const r = locateJsonPaths('{\n  "a": 1,\n  "b": [1, 2,]\n}');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.location.line).toBe(3);
      expect(r.error).toMatch(/trailing comma/);
    }
    expect(locateJsonPaths('{"a": 1} x').ok).toBe(false);
    expect(locateJsonPaths('{"a": tru}').ok).toBe(false);
  });

  it('writes paths exactly as the server’s validation does', () => {
    for (const p of [['space', 'learningRate', 'min'], ['stages', 1, 'keepTop'], ['space', 'weird key'], ['a-b', 0]] as const) {
      expect(formatPath(p)).toBe(serverFormatPath(p));
    }
  });

  it('agrees with JSON.parse on the presets, pretty-printed', () => {
    for (const preset of STUDY_PRESETS) {
      const t = prettyJson(preset.spec);
      expect(JSON.parse(t)).toEqual(preset.spec);
      expect(locateJsonPaths(t).ok).toBe(true);
    }
  });
});
