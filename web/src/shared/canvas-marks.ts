// The small canvas marks every chart draws — a dot, a cross, a triangle, a path over a casing, a
// dashed guide line, a clip to the plotting area — so a ▲ or a cased line looks the same on the
// study page and the surfaces page. Plain functions over a 2-D context; sizes are in the context's
// units (the uPlot charts pass device pixels, the canvas charts CSS pixels) and colours come from
// the caller (its chart host's theme, or a palette).

/** Saves the context and clips what follows to a rectangle; the caller restores. */
export function clipToRect(ctx: CanvasRenderingContext2D, left: number, top: number, width: number, height: number): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
}

/** A new path: a circle of radius `r` around (x, y). */
export function dotPath(ctx: CanvasRenderingContext2D, x: number, y: number, r: number): void {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
}

/** A new path: an × of half-width `r` around (x, y). */
export function crossPath(ctx: CanvasRenderingContext2D, x: number, y: number, r: number): void {
  ctx.beginPath();
  ctx.moveTo(x - r, y - r);
  ctx.lineTo(x + r, y + r);
  ctx.moveTo(x + r, y - r);
  ctx.lineTo(x - r, y + r);
}

/** A new path: a ▲ with its tip `r` above (x, y) and its base 0.8·r below. */
export function trianglePath(ctx: CanvasRenderingContext2D, x: number, y: number, r: number): void {
  ctx.beginPath();
  ctx.moveTo(x, y - r);
  ctx.lineTo(x + r, y + r * 0.8);
  ctx.lineTo(x - r, y + r * 0.8);
  ctx.closePath();
}

/** Fills the current path and strokes its outline, so a marker stands out on any line. */
export function fillOutlined(ctx: CanvasRenderingContext2D, fill: string, outline: string, lineWidth: number): void {
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.strokeStyle = outline;
  ctx.lineWidth = lineWidth;
  ctx.stroke();
}

/** Strokes `path` (else the current path) over a wider casing, so the line reads on any background. */
export function strokeCased(ctx: CanvasRenderingContext2D, line: { color: string; width: number }, casing: { color: string; width: number }, path?: Path2D): void {
  for (const { color, width } of [casing, line]) {
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    if (path) ctx.stroke(path);
    else ctx.stroke();
  }
}

/** Dashed vertical lines (4 on, 3 off, `unit` wide) at each x, from `top` down `height`. */
export function dashedVerticals(ctx: CanvasRenderingContext2D, xs: readonly number[], top: number, height: number, color: string, unit: number): void {
  ctx.strokeStyle = color;
  ctx.lineWidth = unit;
  ctx.setLineDash([4 * unit, 3 * unit]);
  ctx.beginPath();
  for (const x of xs) {
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
  }
  ctx.stroke();
  ctx.setLineDash([]);
}
