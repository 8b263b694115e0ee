// How the curves chart lays its lines out on uPlot's canvas: every curve stroked in one Path2D per
// style (optimizer colour × val/train — a handful of strokes however many trials, since 500
// separate strokes cost several frames on a software canvas; bench/dashboard-draw.ts measures it),
// and the hover test that finds the line nearest the pointer along the same segments.
import uPlot from 'uplot';
import { clipToRect } from '../shared/canvas-marks.js';
import { withAlpha } from '../shared/chart-colors.js';
import type { CurveData } from './curves-data.js';

/**
 * All curves, one Path2D per style (optimizer colour × val/train): a handful of strokes however
 * many trials. The hovered series (`focusedSeries`, an index into data.series) is drawn last, on
 * top and thicker, the others dimmed.
 */
export function drawCurves(u: uPlot, data: CurveData, focusedSeries: number | null): void {
  const ctx = u.ctx;
  const dpr = uPlot.pxRatio;
  const { left, top, width, height } = u.bbox;
  const xs = data.columns[0]!;
  const px = xs.map((x) => u.valToPos(x!, 'x', true));
  const focused = focusedSeries ?? -1;
  const groups = new Map<string, { path: Path2D; dots: Path2D; color: string; train: boolean }>();
  const trace = (k: number, path: Path2D, dots: Path2D) => {
    const col = data.columns[k + 1]!;
    let pen = false;
    let alone = -1;
    for (let j = 0; j < col.length; j++) {
      const v = col[j];
      if (v === null || v === undefined) {
        pen = false;
        continue;
      }
      const x = px[j]!;
      const y = u.valToPos(v, 'y', true);
      if (pen) path.lineTo(x, y);
      else {
        path.moveTo(x, y);
        alone = j;
      }
      pen = true;
    }
    // A trial with one epoch so far has no line yet: it gets a dot.
    if (data.series[k]!.points === 1 && alone >= 0) {
      const y = u.valToPos(col[alone]!, 'y', true);
      dots.moveTo(px[alone]! + 2.5 * dpr, y);
      dots.arc(px[alone]!, y, 2.5 * dpr, 0, Math.PI * 2);
    }
  };
  data.series.forEach((s, k) => {
    if (k === focused) return;
    const key = `${s.color}|${s.kind}|${s.trial.status === 'diverged'}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { path: new Path2D(), dots: new Path2D(), color: strokeColor(s.color, s.kind, s.trial.status === 'diverged'), train: s.kind === 'train' }));
    trace(k, g.path, g.dots);
  });
  clipToRect(ctx, left, top, width, height);
  ctx.lineJoin = 'round';
  ctx.globalAlpha = focused >= 0 ? 0.22 : 1;
  for (const g of groups.values()) {
    ctx.strokeStyle = g.color;
    ctx.lineWidth = (g.train ? 1 : 1.5) * dpr;
    ctx.setLineDash(g.train ? [5 * dpr, 4 * dpr] : []);
    ctx.stroke(g.path);
    ctx.fillStyle = g.color;
    ctx.fill(g.dots);
  }
  const f = data.series[focused];
  if (f) {
    const path = new Path2D();
    const dots = new Path2D();
    trace(focused, path, dots);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = f.color;
    ctx.lineWidth = 2.5 * dpr;
    ctx.setLineDash(f.kind === 'train' ? [5 * dpr, 4 * dpr] : []);
    ctx.stroke(path);
    ctx.fillStyle = f.color;
    ctx.fill(dots);
  }
  ctx.restore();
}

/** The series (index into data.series) whose drawn line passes nearest the point, within a few pixels. */
export function nearestSeries(u: uPlot, data: CurveData, left: number, top: number): number | null {
  const xs = data.columns[0]!;
  const at = u.posToVal(left, 'x');
  const j0 = Math.max(0, Math.floor(at) - 2);
  const j1 = Math.min(xs.length - 1, Math.ceil(at));
  const px = xs.map((x, j) => (j >= j0 && j <= j1 ? u.valToPos(x!, 'x') : 0));
  let best: number | null = null;
  let bestD = 8 * 8;
  data.series.forEach((_s, k) => {
    const col = data.columns[k + 1]!;
    for (let j = j0; j <= j1; j++) {
      const v = col[j];
      if (v === null || v === undefined) continue;
      const x = px[j]!;
      const y = u.valToPos(v, 'y');
      const w = j + 1 <= j1 ? col[j + 1] : null;
      let d: number;
      if (w === null || w === undefined) d = (x - left) ** 2 + (y - top) ** 2;
      else {
        const x2 = px[j + 1]!;
        const y2 = u.valToPos(w, 'y');
        const len = (x2 - x) ** 2 + (y2 - y) ** 2;
        const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((left - x) * (x2 - x) + (top - y) * (y2 - y)) / len));
        d = (x + t * (x2 - x) - left) ** 2 + (y + t * (y2 - y) - top) ** 2;
      }
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
  });
  return best;
}

function strokeColor(color: string, kind: 'val' | 'train', diverged: boolean): string {
  if (kind === 'train') return withAlpha(color, 0.5);
  return withAlpha(color, diverged ? 0.55 : 0.85);
}
