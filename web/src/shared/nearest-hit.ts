// Hover hit-testing the charts share: of the points a chart drew (in CSS px of its drawing area),
// the one nearest the pointer within a radius.
export interface ChartHit {
  x: number;
  y: number;
}

/**
 * The hit nearest (x, y) within `radius` px, or null. `bias` (in px², subtracted from the squared
 * distance) lets some kinds of point win over others at the same spot.
 */
export function nearestHit<H extends ChartHit>(hits: readonly H[], x: number, y: number, radius: number, bias: (hit: H) => number = () => 0): H | null {
  let best: H | null = null;
  let bestD = radius * radius;
  for (const h of hits) {
    const d = (h.x - x) ** 2 + (h.y - y) ** 2 - bias(h);
    if (d < bestD) {
      bestD = d;
      best = h;
    }
  }
  return best;
}
