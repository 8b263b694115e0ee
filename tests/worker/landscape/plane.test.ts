// The plane of a loss landscape: filter-normalised random directions (Li et al., 2018), PCA
// directions of a trajectory, least-squares projection, and the grid's axes.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../search/rng.js';
import { dot, filterNormalizedDirection, flatten, gridAxis, pcaDirections, planeProjector, pointOnPlane, split, symmetricEigen } from '../../../worker/landscape/plane.js';

const shapes = [[3, 3, 2, 4], [4], [36, 5], [5]];
const size = shapes.reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
const randomVector = (seed: number, n = size) => {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.next() * 2 - 1);
};

/** Norm of filter j (entries j, j + units, …) of a tensor's values. */
const filterNorm = (values: Float32Array, units: number, j: number) => {
  let s = 0;
  for (let i = j; i < values.length; i += units) s += values[i]! ** 2;
  return Math.sqrt(s);
};

describe('filterNormalizedDirection', () => {
  const centre = randomVector(1);
  const d = filterNormalizedDirection(centre, shapes, createRng(5, 'd'));

  it('gives every filter of a kernel the norm of the same filter of the weights', () => {
    const [conv, , dense] = split(d, shapes);
    const [wConv, , wDense] = split(centre, shapes);
    for (let j = 0; j < 4; j++) expect(filterNorm(conv!, 4, j)).toBeCloseTo(filterNorm(wConv!, 4, j), 5);
    for (let j = 0; j < 5; j++) expect(filterNorm(dense!, 5, j)).toBeCloseTo(filterNorm(wDense!, 5, j), 5);
  });

  it('leaves biases out (zero direction)', () => {
    const [, convBias, , denseBias] = split(d, shapes);
    expect([...convBias!, ...denseBias!].every((v) => v === 0)).toBe(true);
  });

  it('is a pure function of the seed', () => {
    expect(filterNormalizedDirection(centre, shapes, createRng(5, 'd'))).toEqual(d);
    expect(filterNormalizedDirection(centre, shapes, createRng(6, 'd'))).not.toEqual(d);
  });
});

describe('symmetricEigen', () => {
  it('finds the eigenpairs of a symmetric matrix, largest first', () => {
    const m = [[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 1]];
    const { values, vectors } = symmetricEigen(m);
    expect(values[0]).toBeGreaterThan(values[1]!);
    expect(values[1]).toBeGreaterThan(values[2]!);
    values.forEach((lambda, k) => {
      const v = vectors[k]!;
      const mv = m.map((row) => dot(row, v));
      mv.forEach((x, i) => expect(x).toBeCloseTo(lambda * v[i]!, 10));
      expect(dot(v, v)).toBeCloseTo(1, 12);
    });
    expect(values.reduce((a, b) => a + b)).toBeCloseTo(8, 10);
  });
});

describe('pcaDirections', () => {
  it('recovers the plane a trajectory moves in, with the variance each direction explains', () => {
    const centre = randomVector(2, 50);
    const u = new Float32Array(50);
    const w = new Float32Array(50);
    u[3] = 1;
    w[10] = 1;
    // points centre + a_k·u + b_k·w with a spread 3× wider than b
    const coefficients: Array<[number, number]> = [[3, 1], [-3, -1], [3, -1], [-3, 1], [0, 0]];
    const points = coefficients.map(([a, b]) => pointOnPlane(centre, u, w, a, b));
    const { d1, d2, explained } = pcaDirections(points, centre);
    expect(Math.abs(d1[3]!)).toBeCloseTo(1, 5);
    expect(Math.abs(d2[10]!)).toBeCloseTo(1, 5);
    expect(explained[0]).toBeGreaterThan(explained[1]);
    expect(explained[0] + explained[1]).toBeCloseTo(1, 6);
    expect(dot(d1, d2)).toBeCloseTo(0, 6);
  });

  it('refuses points that span fewer than two directions', () => {
    const centre = randomVector(3, 20);
    const u = randomVector(4, 20);
    const zero = new Float32Array(20);
    const line = [0, 1, 2].map((a) => pointOnPlane(centre, u, zero, a, 0));
    expect(() => pcaDirections(line, centre)).toThrow(/fewer than two directions/);
  });
});

describe('planeProjector', () => {
  const centre = randomVector(7);
  const d1 = filterNormalizedDirection(centre, shapes, createRng(1));
  const d2 = filterNormalizedDirection(centre, shapes, createRng(2));
  const project = planeProjector(centre, d1, d2);

  it('puts the centre at the origin exactly', () => {
    expect(project(centre)).toEqual({ x: 0, y: 0, residual: 0 });
    expect(project(pointOnPlane(centre, d1, d2, 0, 0))).toEqual({ x: 0, y: 0, residual: 0 });
  });

  it('recovers the coordinates of a point on the (non-orthogonal) plane', () => {
    const p = project(pointOnPlane(centre, d1, d2, 0.3, -0.7));
    expect(p.x).toBeCloseTo(0.3, 4);
    expect(p.y).toBeCloseTo(-0.7, 4);
    expect(p.residual).toBeLessThan(1e-5);
  });

  it('reports how far off the plane a point lies', () => {
    const off = randomVector(9);
    expect(project(off).residual).toBeGreaterThan(0.5);
  });
});

describe('grid axes and flat vectors', () => {
  it('spans −span…span with an exact zero in the middle', () => {
    expect(gridAxis(1, 5)).toEqual([-1, -0.5, 0, 0.5, 1]);
    const axis = gridAxis(0.37, 21);
    expect(axis[10]).toBe(0);
    expect(axis[0]).toBe(-0.37);
    expect(axis[20]).toBe(0.37);
  });

  it('splits a flat vector back into its tensors', () => {
    const parts = [new Float32Array([1, 2]), new Float32Array([3]), new Float32Array([4, 5, 6])];
    const flat = flatten(parts);
    expect([...flat]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(split(flat, [[2], [1], [3, 1]]).map((p) => [...p])).toEqual([[1, 2], [3], [4, 5, 6]]);
    expect(() => split(flat, [[2]])).toThrow(RangeError);
  });
});
