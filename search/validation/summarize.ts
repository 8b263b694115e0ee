// What a rejected request says as a whole: the first problem "(and N more problems)" for an API
// error's message, the cap on how many problems one answer lists, one line per problem for logs,
// and the issue for a document that cannot even be read. The same rules for every request.
import type { FieldIssue } from '../../types/index.js';
import { LIMITS } from '../limits.js';

/**
 * The message of a 400 answer: the first issue's message, then ` (and N more problems)` when
 * there are more; `fallback` when there are none.
 */
export function summarizeIssues(issues: readonly FieldIssue[], fallback: string): string {
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return `${issues[0]?.message ?? fallback}${more}`;
}

/** At most `max` issues, then one line saying how many more there were. */
export function capIssues(issues: FieldIssue[], max: number = LIMITS.maxIssues): FieldIssue[] {
  if (issues.length <= max) return issues;
  const more = issues.length - max;
  return [...issues.slice(0, max), { path: '', message: `…and ${more} more issue${more === 1 ? '' : 's'}` }];
}

/** One line per issue, for logs and command lines. */
export function formatIssues(issues: readonly FieldIssue[]): string {
  // Messages name their field themselves; the path is prepended only to a message that doesn't.
  const namesItself = (i: FieldIssue) => {
    const head = /^[^.[]*/.exec(i.path)?.[0] ?? '';
    return i.path === '' || i.message.startsWith(i.path) || (head !== '' && i.message.startsWith(head));
  };
  return issues.map((i) => (namesItself(i) ? i.message : `${i.path}: ${i.message}`)).join('\n');
}

/** The issue for input whose reading threw (a hostile getter or proxy): `the request could not be read: …`. */
export function unreadableIssue(subject: string, err: unknown): FieldIssue {
  return { path: '', message: `${subject} could not be read: ${errorText(err)}` };
}

function errorText(err: unknown): string {
  try {
    return err instanceof Error ? err.message : String(err);
  } catch {
    return 'an unreadable error';
  }
}
