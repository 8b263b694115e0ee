// Drawing a function sampled on a grid into a canvas, shared by the 2-D surfaces plot and the CNN
// loss-landscape plot: a shaded background (a quiet grey-blue ramp, chart-colors.ts, so the
// optimizers' colours stay the loudest thing on the plot), contour lines from contour-lines.ts, and
// the axes with their ticks, the colour scale's values for a legend and a frame with equal units on
// both axes. Plain functions over a 2-D context: the elements decide when to call
// them (and cache the result) and pass in the theme's colours their chart host read.
import { clipToRect } from './canvas-marks.js';
import type { ChartTheme } from './chart-host-controller.js';
import { FIELD_RAMP, FIELD_UNKNOWN_RGB, withAlpha } from './chart-colors.js';
import { contourLevels, contourSegments, valueRange, type GridValues } from './contour-lines.js';
import { formatNumber } from './format.js';

export interface DataBox {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** The plotting area inside the canvas, in CSS pixels. */
export interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Data coordinates ↔ CSS pixels of a frame (y grows upwards in data, downwards on screen). */
export class PlotMapping {
  constructor(
    readonly box: DataBox,
    readonly frame: Frame,
  ) {}

  px(x: number): number {
    return this.frame.left + ((x - this.box.xMin) / (this.box.xMax - this.box.xMin)) * this.frame.width;
  }

  py(y: number): number {
    return this.frame.top + ((this.box.yMax - y) / (this.box.yMax - this.box.yMin)) * this.frame.height;
  }

  /** The data point under a CSS pixel, or null outside the frame. */
  toData(px: number, py: number): [number, number] | null {
    const { left, top, width, height } = this.frame;
    if (px < left || px > left + width || py < top || py > top + height) return null;
    return [this.box.xMin + ((px - left) / width) * (this.box.xMax - this.box.xMin), this.box.yMax - ((py - top) / height) * (this.box.yMax - this.box.yMin)];
  }
}

export interface FieldGrid {
  /** Ascending, evenly spaced. */
  x: readonly number[];
  y: readonly number[];
  values: GridValues;
}

export interface FieldStyle {
  /** `log`: shade and draw lines by log10(value − offset), for losses spanning decades. */
  scale: 'log' | 'linear';
  /** Subtracted before shading (the surface's minimum f*, so the valley floor is 0). */
  offset: number;
  /** Contour lines drawn. @defaultValue 14 */
  levels?: number;
  /**
   * The function itself, where the page has it: the shading is then computed per screen pixel rather
   * than stretched from the grid (a valley narrower than a grid cell stays a smooth valley).
   * @defaultValue none: the grid's values are shaded
   */
  f?: (x: number, y: number) => number;
}

function rampColor(t: number): [number, number, number] {
  const s = Math.min(1, Math.max(0, t)) * (FIELD_RAMP.length - 1);
  const k = Math.min(FIELD_RAMP.length - 2, Math.floor(s));
  const f = s - k;
  const a = FIELD_RAMP[k]!;
  const b = FIELD_RAMP[k + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** The ramp as a CSS gradient from low (left) to high, for a colour scale beside a plot. */
export function rampGradient(): string {
  return `linear-gradient(to right, ${FIELD_RAMP.map((c, k) => `rgb(${c.join(', ')}) ${(k / (FIELD_RAMP.length - 1)) * 100}%`).join(', ')})`;
}

/** The colour of grid points whose value is not finite, as CSS. */
export const UNKNOWN_CSS = `rgb(${FIELD_UNKNOWN_RGB.join(', ')})`;

/** A colour scale's tick: the value shaded with the ramp's colour at `t` (0 low, 1 high). */
export interface ScaleTick {
  t: number;
  value: number;
}

/**
 * The values the shading spans, for a legend: `count` ticks evenly spaced along the ramp (evenly
 * in log10 for `log`), in the grid's own units (offset added back); null when nothing is shaded.
 */
export function fieldScale(values: GridValues, style: FieldStyle, count = 5): ScaleTick[] | null {
  const range = shadeRange(values, style);
  if (!range) return null;
  const { lo, hi } = range;
  return Array.from({ length: count }, (_, k) => {
    const t = k / (count - 1);
    const v = style.scale === 'log' ? 10 ** (Math.log10(lo) + t * (Math.log10(hi) - Math.log10(lo))) : lo + t * (hi - lo);
    return { t, value: v + style.offset };
  });
}

/**
 * A data box and frame height with equal units on both axes (a unit of x as long on screen as a
 * unit of y) for a frame `width` px wide: the frame is as high as the box's aspect asks, within
 * [minHeight, maxHeight]; past those bounds the shorter axis's range is widened about its centre.
 */
export function equalUnits(box: DataBox, width: number, minHeight: number, maxHeight: number): { box: DataBox; height: number } {
  const xSpan = box.xMax - box.xMin;
  const ySpan = box.yMax - box.yMin;
  const wanted = (width * ySpan) / xSpan;
  const height = Math.min(maxHeight, Math.max(minHeight, wanted));
  if (height === wanted) return { box, height };
  const unit = Math.max(xSpan / width, ySpan / height);
  const cx = (box.xMin + box.xMax) / 2;
  const cy = (box.yMin + box.yMax) / 2;
  return { box: { xMin: cx - (unit * width) / 2, xMax: cx + (unit * width) / 2, yMin: cy - (unit * height) / 2, yMax: cy + (unit * height) / 2 }, height };
}

/** The range shaded and contoured: for `log`, at most six decades below the highest value. */
function shadeRange(values: GridValues, style: FieldStyle): { lo: number; hi: number } | null {
  const r = valueRange(values.map((row) => row.map((v) => (v == null ? null : v - style.offset))));
  if (!r) return null;
  if (style.scale === 'linear') return r.max > r.min ? { lo: r.min, hi: r.max } : null;
  if (!(r.max > 0)) return null;
  const lo = Math.max(r.minPositive ?? r.max * 1e-6, r.max * 1e-6);
  return r.max > lo ? { lo, hi: r.max } : null;
}

/**
 * Shades the grid and strokes its contour lines into `frame` (clipped to it). Returns the contour
 * levels drawn (in the grid's own units, offset added back), for a caption or a test.
 */
export function paintField(ctx: CanvasRenderingContext2D, grid: FieldGrid, map: PlotMapping, style: FieldStyle, theme: Pick<ChartTheme, 'contour'>): number[] {
  const nx = grid.x.length;
  const ny = grid.y.length;
  const range = shadeRange(grid.values, style);
  if (nx < 2 || ny < 2 || !range) return [];
  const { lo, hi } = range;
  const norm =
    style.scale === 'log'
      ? (v: number) => (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))
      : (v: number) => (v - lo) / (hi - lo);

  const { left, top, width, height } = map.frame;
  const put = (image: ImageData, p: number, v: number | null | undefined) => {
    const rgb = v == null || !Number.isFinite(v) ? FIELD_UNKNOWN_RGB : rampColor(norm(v - style.offset));
    image.data[p] = rgb[0];
    image.data[p + 1] = rgb[1];
    image.data[p + 2] = rgb[2];
    image.data[p + 3] = 255;
  };
  // Grid point i sits at pixel left + i·cell; an image pixel's centre is half a cell in, so the
  // image is drawn half a cell wider on each side.
  const x0 = map.px(grid.x[0]!);
  const x1 = map.px(grid.x[nx - 1]!);
  const y0 = map.py(grid.y[ny - 1]!);
  const y1 = map.py(grid.y[0]!);
  const cw = (x1 - x0) / (nx - 1);
  const ch = (y1 - y0) / (ny - 1);
  clipToRect(ctx, left, top, width, height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  const small = document.createElement('canvas');
  if (style.f) {
    // f at the centre of every CSS pixel of the frame.
    const w = Math.max(1, Math.round(width));
    const h = Math.max(1, Math.round(height));
    const image = new ImageData(w, h);
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        const [x, y] = map.toData(left + ((c + 0.5) * width) / w, top + ((r + 0.5) * height) / h)!;
        put(image, (r * w + c) * 4, style.f(x, y));
      }
    }
    small.width = w;
    small.height = h;
    small.getContext('2d')!.putImageData(image, 0, 0);
    ctx.drawImage(small, left, top, width, height);
  } else {
    // One image pixel per grid point (row 0 of the image is the top, the highest y), scaled up smoothly.
    const image = new ImageData(nx, ny);
    for (let j = 0; j < ny; j++) {
      const row = grid.values[j]!;
      for (let i = 0; i < nx; i++) put(image, ((ny - 1 - j) * nx + i) * 4, row[i]);
    }
    small.width = nx;
    small.height = ny;
    small.getContext('2d')!.putImageData(image, 0, 0);
    ctx.drawImage(small, x0 - cw / 2, y0 - ch / 2, x1 - x0 + cw, y1 - y0 + ch);
  }

  const levels = contourLevels(lo, hi, style.levels ?? 14, style.scale);
  const toPxX = (gi: number) => x0 + gi * cw;
  const toPxY = (gj: number) => y1 - gj * ch;
  const shifted = grid.values.map((row) => row.map((v) => (v == null ? null : v - style.offset)));
  ctx.lineWidth = 1;
  levels.forEach((level, k) => {
    const seg = contourSegments(shifted, level);
    const path = new Path2D();
    for (let s = 0; s + 3 < seg.length; s += 4) {
      path.moveTo(toPxX(seg[s]!), toPxY(seg[s + 1]!));
      path.lineTo(toPxX(seg[s + 2]!), toPxY(seg[s + 3]!));
    }
    ctx.strokeStyle = withAlpha(theme.contour, k % 2 === 0 ? 0.42 : 0.24);
    ctx.stroke(path);
  });
  ctx.restore();
  return levels.map((l) => l + style.offset);
}

/** About `count` round tick values in [lo, hi]: 1, 2 or 5 × a power of ten apart, whichever comes closest to `count`. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const steps = [1, 2, 5, 10].map((m) => m * mag);
  const step = steps.reduce((best, s) => (Math.abs((hi - lo) / s - count) < Math.abs((hi - lo) / best - count) ? s : best));
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Frame border, tick marks and labels on the left and bottom edges, and the axis names. */
export function paintAxes(ctx: CanvasRenderingContext2D, map: PlotMapping, labels: { x: string; y: string }, theme: Pick<ChartTheme, 'frame' | 'tickLabel'>): void {
  const { left, top, width, height } = map.frame;
  const { xMin, xMax, yMin, yMax } = map.box;
  ctx.save();
  ctx.strokeStyle = theme.frame;
  ctx.lineWidth = 1;
  ctx.strokeRect(left + 0.5, top + 0.5, width - 1, height - 1);
  ctx.fillStyle = theme.tickLabel;
  ctx.font = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of niceTicks(xMin, xMax, Math.max(2, Math.round(width / 70)))) {
    const x = Math.round(map.px(v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, top + height);
    ctx.lineTo(x, top + height + 4);
    ctx.stroke();
    ctx.fillText(formatNumber(v), x, top + height + 5);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of niceTicks(yMin, yMax, Math.max(2, Math.round(height / 60)))) {
    const y = Math.round(map.py(v)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(left - 4, y);
    ctx.lineTo(left, y);
    ctx.stroke();
    ctx.fillText(formatNumber(v), left - 6, y);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText(labels.x, left + width / 2, top + height + 19);
  ctx.translate(11, top + height / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(labels.y, 0, 0);
  ctx.restore();
}

/** A canvas sized for `cssWidth × cssHeight` CSS pixels at the screen's pixel ratio; the context is scaled so callers draw in CSS pixels. */
export function sizeCanvas(canvas: HTMLCanvasElement, cssWidth: number, cssHeight: number): CanvasRenderingContext2D {
  const dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  const w = Math.round(cssWidth * dpr);
  const h = Math.round(cssHeight * dpr);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}
