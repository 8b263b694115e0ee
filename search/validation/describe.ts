// How values, types and lists read inside a validation message: "got the string "5" (write
// numbers without quotes)", "must be an integer", "sgd, momentum and adam". One wording for every
// request the product validates (study specs, surface races, landscapes). Pure, no imports but
// the path module's quoting.
import { quote } from '../field-path.js';

/** A value as a short phrase for "got …": never the whole of a big input. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string': {
      const hint = v.trim() !== '' && Number.isFinite(Number(v)) ? ' (write numbers without quotes)' : '';
      return `the string ${quote(v)}${hint}`;
    }
    case 'number':
      return String(v);
    case 'boolean':
      return String(v);
    case 'object':
      return Array.isArray(v) ? `an array of ${v.length}` : 'an object';
    default:
      return `a ${typeof v}`;
  }
}

const NOUNS: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  tuple: 'an array [x, y]',
};

/** What a value of zod's `expected` type is called after "must be": `int` → "an integer". */
export function nounFor(expected: string): string {
  return NOUNS[expected] ?? `a${/^[aeiou]/.test(expected) ? 'n' : ''} ${expected}`;
}

/** `a`, `a or b`, `a, b or c`. */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** `a`, `a and b`, `a, b and c`. */
export function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
