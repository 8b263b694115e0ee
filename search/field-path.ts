// How a field of a JSON document is named in messages: `space.learningRate.min`, `stages[1].keepTop`,
// `model["odd key"]`. One format for the API's validation errors and the dashboard's editor, which
// places each error beside the line of the field it names. Pure, no dependencies.

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string as a short JSON literal for a message: never the whole of a long input. */
export function quote(s: string, max = 40): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}

/** `['space', 'learningRate', 'min']` → `space.learningRate.min`; `['stages', 1]` → `stages[1]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${quote(seg)}]`;
  }
  return out;
}
