// Where each field of a JSON text sits, by the same dotted path the API's validation errors name
// (`space.learningRate.min`, `stages[1].keepTop`, `model["odd key"]`), so the spec editor can put
// a server error next to the line it is about. Also reports a JSON syntax error with its line,
// which JSON.parse words differently in every browser. Pure text processing, no DOM.

import { formatPath } from '../../../../search/field-path.js';

export { formatPath };

export interface JsonLocation {
  /** 1-based line and column of the field's key (object members) or value (array elements). */
  line: number;
  column: number;
  offset: number;
}

export type LocateResult =
  | { ok: true; paths: Map<string, JsonLocation> }
  | { ok: false; error: string; location: JsonLocation; paths: Map<string, JsonLocation> };


class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function locateJsonPaths(text: string): LocateResult {
  const paths = new Map<string, JsonLocation>();
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const locate = (offset: number): JsonLocation => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1, offset };
  };

  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (what: string): never => {
    const found = i < text.length ? `found ${JSON.stringify(text[i])}` : 'the text ended';
    throw new JsonSyntaxError(`expected ${what}, ${found}`, i);
  };
  const str = (): string => {
    if (text[i] !== '"') fail('a string in double quotes');
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text[i] === '\n') break;
      i++;
    }
    if (text[i] !== '"') {
      i = start;
      fail('a closing double quote on the same line');
    }
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      i = start;
      return fail('a valid string');
    }
  };
  /** Past an object's or array's opening bracket: true (and past the closing one too) when it is empty. */
  const opensEmpty = (close: '}' | ']'): boolean => {
    i++;
    ws();
    if (text[i] !== close) return false;
    i++;
    return true;
  };
  /** After an item of an object or array: true when a "," says another follows, false past the closing bracket. */
  const continues = (close: '}' | ']', item: 'key' | 'value'): boolean => {
    ws();
    if (text[i] === ',') {
      i++;
      ws();
      if (text[i] === close) fail(`another ${item} after "," (JSON allows no trailing comma)`);
      return true;
    }
    if (text[i] !== close) fail(`"," or "${close}"`);
    i++;
    return false;
  };
  const value = (path: (string | number)[], at: number | null): void => {
    ws();
    const key = formatPath(path);
    if (!paths.has(key)) paths.set(key, locate(at ?? i));
    const c = text[i];
    if (c === '{') {
      if (opensEmpty('}')) return;
      do {
        ws();
        const keyAt = i;
        const k = str();
        ws();
        if (text[i] !== ':') fail(`":" after the key ${JSON.stringify(k)}`);
        i++;
        value([...path, k], keyAt);
      } while (continues('}', 'key'));
      return;
    }
    if (c === '[') {
      if (opensEmpty(']')) return;
      let n = 0;
      do value([...path, n++], null);
      while (continues(']', 'value'));
      return;
    }
    if (c === '"') {
      str();
      return;
    }
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (!lit) fail('a value (an object, array, string, number, true, false or null)');
    i += lit![0].length;
  };

  try {
    value([], null);
    ws();
    if (i < text.length) fail('the end of the text after the top-level value');
    return { ok: true, paths };
  } catch (err) {
    if (err instanceof JsonSyntaxError) return { ok: false, error: err.message, location: locate(err.offset), paths };
    throw err;
  }
}

/**
 * The location of the field a path names, or of its nearest ancestor that exists in the text (a
 * "required" error names a field that is absent; its parent object is where it belongs).
 */
export function locationOfPath(paths: Map<string, JsonLocation>, path: string): JsonLocation | null {
  let p = path;
  for (;;) {
    const hit = paths.get(p);
    if (hit) return hit;
    if (p === '') return null;
    const m = /(?:\.[^.[\]]+|\[(?:\d+|"(?:[^"\\]|\\.)*")\])$/.exec(p);
    p = m ? p.slice(0, m.index) : '';
  }
}
