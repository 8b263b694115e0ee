// Contour lines of a function sampled on a grid (the 2-D surfaces and the CNN's loss landscape),
// by marching squares: each grid cell's four corners are compared with the level, and the line
// crosses an edge where the corners differ, at the linearly interpolated point. The two ambiguous
// cases (opposite corners above) are settled by the cell's mean. Cells with a missing (null) corner
// draw nothing. Also the levels themselves: log-spaced for losses spanning decades. Pure: no DOM.

/** values[j][i] = f(x[i], y[j]); null where the value is unknown (not finite). */
export type GridValues = ReadonlyArray<ReadonlyArray<number | null>>;

/**
 * The segments of the `level` contour as a flat list [i0, j0, i1, j1, …] in fractional grid
 * coordinates (i along x, j along y): segment k runs from (out[4k], out[4k+1]) to (out[4k+2], out[4k+3]).
 */
export function contourSegments(values: GridValues, level: number): number[] {
  const out: number[] = [];
  const ny = values.length;
  for (let j = 0; j + 1 < ny; j++) {
    const row0 = values[j]!;
    const row1 = values[j + 1]!;
    const nx = Math.min(row0.length, row1.length);
    for (let i = 0; i + 1 < nx; i++) {
      const a = row0[i]; // (i, j)
      const b = row0[i + 1]; // (i+1, j)
      const c = row1[i + 1]; // (i+1, j+1)
      const d = row1[i]; // (i, j+1)
      if (a == null || b == null || c == null || d == null) continue;
      const code = (a > level ? 1 : 0) | (b > level ? 2 : 0) | (c > level ? 4 : 0) | (d > level ? 8 : 0);
      if (code === 0 || code === 15) continue;
      // Crossing points on the four edges: bottom (a–b), right (b–c), top (d–c), left (a–d).
      const t = (p: number, q: number) => (p === q ? 0.5 : (level - p) / (q - p));
      const bottom = () => out.push(i + t(a, b), j);
      const right = () => out.push(i + 1, j + t(b, c));
      const top = () => out.push(i + t(d, c), j + 1);
      const left = () => out.push(i, j + t(a, d));
      switch (code) {
        case 1: case 14: left(); bottom(); break;
        case 2: case 13: bottom(); right(); break;
        case 3: case 12: left(); right(); break;
        case 4: case 11: right(); top(); break;
        case 6: case 9: bottom(); top(); break;
        case 7: case 8: left(); top(); break;
        case 5:
        case 10: {
          // Saddle cell: the mean decides whether the high corners join through the middle.
          const highMiddle = (a + b + c + d) / 4 > level;
          const joinAC = code === 5 ? highMiddle : !highMiddle;
          if (joinAC) {
            left(); top();
            bottom(); right();
          } else {
            left(); bottom();
            right(); top();
          }
          break;
        }
        default:
          break;
      }
    }
  }
  return out;
}

/** Finite range of the grid's values, or null when it has none. */
export function valueRange(values: GridValues): { min: number; max: number; minPositive: number | null } | null {
  let min = Infinity;
  let max = -Infinity;
  let minPositive = Infinity;
  for (const row of values) {
    for (const v of row) {
      if (v == null || !Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v > 0 && v < minPositive) minPositive = v;
    }
  }
  if (min > max) return null;
  return { min, max, minPositive: Number.isFinite(minPositive) ? minPositive : null };
}

/**
 * `count` contour levels strictly inside (lo, hi): evenly spaced for `linear`, geometrically for `log`
 * (lo must then be > 0), so a loss spanning six decades gets lines in every decade.
 */
export function contourLevels(lo: number, hi: number, count: number, scale: 'log' | 'linear'): number[] {
  if (!(hi > lo) || count < 1) return [];
  if (scale === 'log') {
    if (!(lo > 0)) return [];
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    return Array.from({ length: count }, (_, k) => 10 ** (a + ((b - a) * (k + 1)) / (count + 1)));
  }
  return Array.from({ length: count }, (_, k) => lo + ((hi - lo) * (k + 1)) / (count + 1));
}
