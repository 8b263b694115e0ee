// Where the spec editor's notes go so that none covers another: each note wants to sit beside its
// line, but a note may wrap onto several lines, and problems on nearby lines would then overlap.
// Notes keep their order and are pushed down just enough to clear the one above. Pure numbers, so
// a Node test checks it.

/**
 * The top of each note (CSS px), in the order given: `wanted[i]` where note i would like to sit
 * (ascending), `heights[i]` how tall it is; each note sits at its wanted top or, when the note
 * above reaches further, `gap` px below that one's bottom.
 */
export function stackNotes(wanted: readonly number[], heights: readonly number[], gap = 2): number[] {
  const tops: number[] = [];
  let floor = -Infinity;
  wanted.forEach((w, i) => {
    const top = Math.max(w, floor);
    tops.push(top);
    floor = top + (heights[i] ?? 0) + gap;
  });
  return tops;
}
