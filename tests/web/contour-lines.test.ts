// Marching squares draws each contour where the function crosses the level (a cone's contours are
// circles of the right radius), skips cells with unknown corners, resolves saddle cells by the
// mean, and spaces levels evenly or by decades.
import { describe, expect, it } from 'vitest';
import { contourLevels, contourSegments, valueRange } from '../../web/src/shared/contour-lines.js';

const grid = (n: number, lo: number, hi: number, f: (x: number, y: number) => number) => {
  const at = (k: number) => lo + ((hi - lo) * k) / (n - 1);
  return { at, values: Array.from({ length: n }, (_, j) => Array.from({ length: n }, (_, i) => f(at(i), at(j)))) };
};

describe('contourSegments', () => {
  it('draws the level set of x² + y² as a circle of radius √level', () => {
    const n = 81;
    const { values } = grid(n, -2, 2, (x, y) => x * x + y * y);
    const seg = contourSegments(values, 1);
    expect(seg.length).toBeGreaterThan(4 * 50);
    const toX = (g: number) => -2 + (4 * g) / (n - 1);
    for (let k = 0; k < seg.length; k += 2) {
      const r = Math.hypot(toX(seg[k]!), toX(seg[k + 1]!));
      expect(Math.abs(r - 1)).toBeLessThan(0.01);
    }
  });

  it('draws nothing through a cell with a missing corner, or where the level is not crossed', () => {
    expect(contourSegments([[0, 1], [1, null]], 0.5)).toEqual([]);
    expect(contourSegments([[0, 1], [1, 2]], 5)).toEqual([]);
    expect(contourSegments([[0, 1], [1, 2]], 0.5)).toEqual([0, 0.5, 0.5, 0]);
  });

  it('joins a saddle cell’s high corners when the cell’s mean is above the level', () => {
    // Corners (0,0)=1 and (1,1)=1 high, the others 0; mean 0.5.
    const high = contourSegments([[1, 0], [0, 1]], 0.4); // mean above: the low corners are cut off
    expect(high).toEqual([0, 0.6, 0.4, 1, 0.6, 0, 1, 0.4].map((v) => expect.closeTo(v, 12)));
    const low = contourSegments([[1, 0], [0, 1]], 0.6); // mean below: the high corners are cut off
    expect(low).toEqual([0, 0.4, 0.4, 0, 1, 0.6, 0.6, 1].map((v) => expect.closeTo(v, 12)));
  });
});

describe('contour levels', () => {
  it('spaces log levels a constant ratio apart, strictly inside the range', () => {
    const levels = contourLevels(1e-3, 1e3, 5, 'log');
    expect(levels.map((l) => Math.log10(l))).toEqual([-2, -1, 0, 1, 2].map((v) => expect.closeTo(v, 12)));
    expect(contourLevels(0, 1, 3, 'log')).toEqual([]);
    expect(contourLevels(0, 4, 3, 'linear')).toEqual([1, 2, 3]);
  });

  it('finds the finite range and the smallest positive value', () => {
    expect(valueRange([[null, -1], [0, 3], [Number.NaN, 0.5]])).toEqual({ min: -1, max: 3, minPositive: 0.5 });
    expect(valueRange([[null]])).toBeNull();
  });
});
