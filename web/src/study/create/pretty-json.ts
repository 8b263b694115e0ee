// JSON for people: like JSON.stringify(v, null, 2), but an array or object that fits on one line
// (e.g. `"filters": [8, 16]` or `{ "type": "log-uniform", "min": 0.00001, "max": 0.1 }`) stays on
// one, so a whole StudySpec reads in a screenful of the editor. JSON.parse gives back the value.

function entriesOf(v: object): Array<[string, unknown]> {
  return Object.entries(v).filter(([, x]) => x !== undefined);
}

/** The value on one line, with a space after each comma and inside braces. */
function inlineJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(inlineJson).join(', ')}]`;
  const entries = entriesOf(v);
  return entries.length === 0 ? '{}' : `{ ${entries.map(([k, x]) => `${JSON.stringify(k)}: ${inlineJson(x)}`).join(', ')} }`;
}

export function prettyJson(value: unknown, width = 76): string {
  const write = (v: unknown, indent: string, used: number): string => {
    const inline = inlineJson(v);
    if (v === null || typeof v !== 'object' || used + inline.length <= width) return inline;
    const next = `${indent}  `;
    if (Array.isArray(v)) return v.length === 0 ? '[]' : `[\n${v.map((x) => next + write(x, next, next.length)).join(',\n')}\n${indent}]`;
    const entries = entriesOf(v);
    if (entries.length === 0) return '{}';
    const lines = entries.map(([k, x]) => {
      const key = `${JSON.stringify(k)}: `;
      return next + key + write(x, next, next.length + key.length);
    });
    return `{\n${lines.join(',\n')}\n${indent}}`;
  };
  return write(value, '', 0);
}
