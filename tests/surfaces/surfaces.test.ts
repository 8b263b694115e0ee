// Every surface's hand-written gradient agrees with central finite differences of its f, and its
// listed minima are minima: f = f* there and the gradient vanishes.
import { describe, expect, it } from 'vitest';
import type { SurfaceSpec } from '../../types/index.js';
import { createSurface, quadraticMatrix, SURFACE_DEFAULTS } from '../../surfaces/surfaces.js';
import { createRng } from '../../search/rng.js';

const SPECS: SurfaceSpec[] = [
  { kind: 'quadratic', condition: 1, angle: 0 },
  { kind: 'quadratic', condition: 10, angle: 30 },
  { kind: 'quadratic', condition: 1000, angle: -70 },
  { kind: 'saddle' },
  { kind: 'rosenbrock' },
  { kind: 'beale' },
  { kind: 'himmelblau' },
];

describe.each(SPECS)('the $kind surface %#', (spec) => {
  const surface = createSurface(spec);
  const view = SURFACE_DEFAULTS[spec.kind].view;

  it('has a gradient equal to central finite differences of f at 50 points of its view box', () => {
    const rng = createRng(1, spec.kind);
    for (let i = 0; i < 50; i++) {
      const x = view.xMin + rng.next() * (view.xMax - view.xMin);
      const y = view.yMin + rng.next() * (view.yMax - view.yMin);
      const h = 1e-6;
      const fdx = (surface.f(x + h, y) - surface.f(x - h, y)) / (2 * h);
      const fdy = (surface.f(x, y + h) - surface.f(x, y - h)) / (2 * h);
      const [gx, gy] = surface.grad(x, y);
      const scale = Math.max(1, Math.abs(fdx), Math.abs(fdy));
      expect(Math.abs(gx - fdx) / scale, `∂f/∂x at (${x}, ${y})`).toBeLessThan(1e-5);
      expect(Math.abs(gy - fdy) / scale, `∂f/∂y at (${x}, ${y})`).toBeLessThan(1e-5);
    }
  });

  it('lists minima where f equals f* and the gradient vanishes', () => {
    const { minima, minLoss } = surface.info;
    if (spec.kind === 'saddle') {
      expect(minima).toEqual([]);
      expect(minLoss).toBeNull();
      expect(surface.grad(0, 0)).toEqual([0, -0]);
      return;
    }
    expect(minima.length).toBeGreaterThan(0);
    for (const [x, y] of minima) {
      expect(surface.f(x, y) - minLoss!).toBeLessThan(1e-9);
      const [gx, gy] = surface.grad(x, y);
      expect(Math.hypot(gx, gy)).toBeLessThan(1e-4);
    }
  });

  it('starts the default race inside the view box, away from the minimum', () => {
    const [x, y] = SURFACE_DEFAULTS[spec.kind].start;
    expect(x).toBeGreaterThanOrEqual(view.xMin);
    expect(x).toBeLessThanOrEqual(view.xMax);
    expect(y).toBeGreaterThanOrEqual(view.yMin);
    expect(y).toBeLessThanOrEqual(view.yMax);
    if (surface.info.minLoss !== null) expect(surface.f(x, y) - surface.info.minLoss).toBeGreaterThan(0.1);
  });
});

describe('the quadratic bowl', () => {
  it('has curvatures 1 and 1/condition along axes rotated by the angle', () => {
    const { a, b, c } = quadraticMatrix(100, 30);
    const trace = a + c;
    const det = a * c - b * b;
    const disc = Math.sqrt(trace * trace / 4 - det);
    expect(trace / 2 + disc).toBeCloseTo(1, 12);
    expect(trace / 2 - disc).toBeCloseTo(0.01, 12);
    // the stiff axis is the x axis turned by 30°
    const t = Math.PI / 6;
    const u = [Math.cos(t), Math.sin(t)];
    expect(a * u[0]! + b * u[1]!).toBeCloseTo(u[0]!, 12);
    expect(b * u[0]! + c * u[1]!).toBeCloseTo(u[1]!, 12);
  });
});
