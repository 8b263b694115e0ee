// The curves chart's markers, drawn on uPlot's canvas over the lines: × where a trial stopped
// early, ■ where the pruner stopped one, ▲ where one diverged, a dot at a finished trial's best
// epoch; each is also a hit the chart's hover and click look up.
import uPlot from 'uplot';
import { clipToRect, crossPath, dotPath, fillOutlined, strokeCased, trianglePath } from '../shared/canvas-marks.js';
import type { ChartTheme } from '../shared/chart-host-controller.js';
import { MARKER_COLORS, optimizerColor } from '../shared/chart-colors.js';
import { MARKER_KINDS, type CurveMarker } from './curves-data.js';

export interface MarkerHit {
  /** CSS pixels inside the plotting area. */
  x: number;
  y: number;
  marker: CurveMarker;
}

/** Draws every marker (clipped a little outside the plotting area) and returns where each one landed. */
export function drawCurveMarkers(u: uPlot, markers: readonly CurveMarker[], theme: ChartTheme): MarkerHit[] {
  const hits: MarkerHit[] = [];
  const ctx = u.ctx;
  const dpr = uPlot.pxRatio;
  const { left, top, width, height } = u.bbox;
  clipToRect(ctx, left - 8 * dpr, top - 8 * dpr, width + 16 * dpr, height + 16 * dpr);
  for (const m of markers) {
    const x = u.valToPos(m.epoch, 'x');
    const y = m.value === null ? 6 : u.valToPos(m.value, 'y');
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    hits.push({ x, y, marker: m });
    drawMarker(ctx, m.kind, left + x * dpr, top + y * dpr, dpr, optimizerColor(m.trial.config?.optimizer), theme);
  }
  ctx.restore();
  return hits;
}

function drawMarker(ctx: CanvasRenderingContext2D, kind: CurveMarker['kind'], x: number, y: number, dpr: number, color: string, theme: ChartTheme): void {
  ctx.lineJoin = 'round';
  switch (kind) {
    case MARKER_KINDS.best:
      dotPath(ctx, x, y, 3.5 * dpr);
      fillOutlined(ctx, color, MARKER_COLORS.best, 1.2 * dpr);
      return;
    case MARKER_KINDS.stop:
      crossPath(ctx, x, y, 5 * dpr);
      strokeCased(ctx, { color: MARKER_COLORS.stop, width: 2 * dpr }, { color: theme.markerCasing, width: 4.5 * dpr });
      return;
    case MARKER_KINDS.pruned: {
      // A square: cut by the pruner (an early stop is a cross, a divergence a triangle).
      const r = 4.5 * dpr;
      ctx.beginPath();
      ctx.rect(x - r, y - r, 2 * r, 2 * r);
      fillOutlined(ctx, MARKER_COLORS.pruned, theme.outline, 1.2 * dpr);
      return;
    }
    case MARKER_KINDS.diverged:
      trianglePath(ctx, x, y, 6 * dpr);
      fillOutlined(ctx, MARKER_COLORS.diverged, theme.outline, 1.2 * dpr);
      return;
    default: {
      const never: never = kind;
      void never;
    }
  }
}
