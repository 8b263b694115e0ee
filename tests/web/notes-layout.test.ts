// The spec editor's notes never overlap: a note stays beside its line unless the note above
// reaches down past it, and then it sits just below that one, order kept.
import { describe, expect, it } from 'vitest';
import { stackNotes } from '../../web/src/study/create/notes-layout.js';

describe('stacking the spec editor’s notes', () => {
  it('leaves notes that do not touch beside their lines', () => {
    expect(stackNotes([8, 65, 160], [19, 19, 38])).toEqual([8, 65, 160]);
  });

  it('pushes a note down below a taller note on the line above, and the next ones with it', () => {
    const tops = stackNotes([8, 27, 46, 200], [57, 19, 19, 19], 2);
    expect(tops).toEqual([8, 67, 88, 200]);
    tops.forEach((t, i) => {
      if (i > 0) expect(t).toBeGreaterThanOrEqual(tops[i - 1]! + [57, 19, 19, 19][i - 1]!);
    });
  });

  it('handles no notes', () => {
    expect(stackNotes([], [])).toEqual([]);
  });
});
