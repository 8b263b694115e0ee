// "Did you mean …?" for a misspelt key or enum value: the closest allowed word, when one is close
// enough to be a likely typo rather than a different idea (the same but for case, or a few edits
// away: two for a key, fewer for a short value). Unknown keys and values outside an enum get their
// hint here, in every request.
import { formatPath, type PathSegment } from '../field-path.js';

/** Levenshtein distance; Infinity for words too long or too different in length to be a typo. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3 || a.length > 40 || b.length > 40) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The allowed word closest to `word` (case ignored), if one is at most `maxEdits` away; the first of equals. */
export function closestMatch(word: string, allowed: readonly string[], maxEdits = 2): string | undefined {
  const lower = word.toLowerCase();
  return allowed
    .map((k) => ({ k, d: k.toLowerCase() === lower ? 0 : editDistance(lower, k.toLowerCase()) }))
    .filter((c) => c.d <= maxEdits)
    .sort((x, y) => x.d - y.d)[0]?.k;
}

/**
 * `space.learningrate is not a known field of space; did you mean learningRate?`, or with the
 * known fields listed when none is close (and nothing more when the caller names none).
 * `subject` names the document when the object is the top level ("the study spec").
 */
export function unknownKeyMessage(path: readonly PathSegment[], key: string, known: readonly string[], subject: string): string {
  const where = path.length === 0 ? subject : formatPath(path);
  const guess = closestMatch(key, known);
  const hint = guess ? `; did you mean ${guess}?` : known.length > 0 ? ` (known fields: ${known.join(', ')})` : '';
  return `${formatPath([...path, key])} is not a known field of ${where}${hint}`;
}

/**
 * ` — did you mean "rmsprop"?` when `value` is a string close to one of the allowed strings; else ''.
 * Values are short, so fewer edits count as a typo: case only up to 3 characters ("x" is not "max"),
 * one edit up to 5 ("adamw" → "adam"), two beyond.
 */
export function valueHint(value: unknown, allowed: readonly unknown[]): string {
  if (typeof value !== 'string') return '';
  const maxEdits = value.length <= 3 ? 0 : value.length <= 5 ? 1 : 2;
  const guess = closestMatch(value, allowed.filter((a): a is string => typeof a === 'string'), maxEdits);
  return guess !== undefined && guess !== value ? ` — did you mean ${JSON.stringify(guess)}?` : '';
}
