// The one owner of a chart's lifetime inside its element, so no chart repeats the bookkeeping: it
// finds the box the chart draws into (in the host's shadow root, once rendered), watches that box's
// size (the dashboard's only ResizeObserver) while the host is on the page, and for the uPlot
// charts creates, resizes and destroys the uPlot. The canvas charts (loss landscape, 2-D surface)
// use it for the box and its width alone. It also places tooltips beside a point of the plot and
// reads the theme's colours (CSS custom properties, shared/theme.css) where a canvas or uPlot
// needs a colour as a string.
import type { ReactiveController, ReactiveElement } from 'lit';
import uPlot from 'uplot';

export interface ChartHostOptions {
  /** Selector of the box the chart draws into, in the host's shadow root. */
  box: string;
  /**
   * uPlot charts: the plot's height when the box is `width` px wide; the plot is kept as wide as
   * the box (at least MIN_PLOT_WIDTH) and this high. @defaultValue 260
   */
  plotHeight?: (width: number) => number;
  /**
   * Called with the box's content width when it changes and there is no plot to resize: a canvas
   * chart redraws at that width, a uPlot chart builds its first plot.
   */
  onResize: (width: number) => void;
}

/** A uPlot chart is never drawn narrower than this (CSS px); a narrower box scrolls. */
export const MIN_PLOT_WIDTH = 240;

/** The colours the charts draw with, by the custom property of shared/theme.css that holds each. */
export const CHART_THEME = {
  paper: '--chart-paper',
  ink: '--chart-ink',
  outline: '--chart-outline',
  casing: '--chart-casing',
  markerCasing: '--chart-marker-casing',
  frame: '--chart-frame',
  tickLabel: '--chart-tick-label',
  contour: '--chart-contour',
  stageBand: '--chart-stage-band',
} as const;

export type ChartTheme = { readonly [K in keyof typeof CHART_THEME]: string };

export class ChartHostController implements ReactiveController {
  private current: uPlot | null = null;
  private observer: ResizeObserver | null = null;
  private observed: Element | null = null;

  constructor(
    private readonly host: ReactiveElement,
    private readonly options: ChartHostOptions,
  ) {
    host.addController(this);
  }

  /** The uPlot drawn now, if any. */
  get plot(): uPlot | null {
    return this.current;
  }

  /** The box the chart draws into; null until the host has rendered it. */
  get box(): HTMLElement | null {
    const root = this.host.renderRoot as ParentNode | undefined;
    return root?.querySelector<HTMLElement>(this.options.box) ?? null;
  }

  /** The size a uPlot gets in the box as it is now. */
  plotSize(): { width: number; height: number } {
    const width = Math.max(MIN_PLOT_WIDTH, Math.floor(this.box?.clientWidth ?? 600));
    return { width, height: this.options.plotHeight?.(width) ?? 260 };
  }

  /** Replaces the plot (if any) with a new uPlot in the box, sized to it; null while the box is not rendered. */
  create(options: Omit<uPlot.Options, 'width' | 'height'>, data: uPlot.AlignedData): uPlot | null {
    this.destroy();
    const box = this.box;
    if (!box) return null;
    this.current = new uPlot({ ...this.plotSize(), ...options }, data, box);
    return this.current;
  }

  destroy(): void {
    this.current?.destroy();
    this.current = null;
  }

  /**
   * What a uPlot draw hook works with: the canvas, device pixels per CSS pixel, the plotting area
   * (in device pixels) and the theme's colours.
   */
  drawing(u: uPlot): { ctx: CanvasRenderingContext2D; dpr: number; bbox: uPlot.BBox; theme: ChartTheme } {
    return { ctx: u.ctx, dpr: uPlot.pxRatio, bbox: u.bbox, theme: this.theme() };
  }

  /** The charts' colours as this element sees them (one style lookup; call it once per drawing). */
  theme(): ChartTheme {
    const style = getComputedStyle(this.host);
    return Object.fromEntries(Object.entries(CHART_THEME).map(([key, name]) => [key, style.getPropertyValue(name).trim()])) as ChartTheme;
  }

  /**
   * Where a tooltip goes for a point of the plot's drawing area (CSS px from its top left corner),
   * in the host's coordinates: just right of the point, or left of it past 55% of the width, so it
   * stays inside the element.
   */
  tipPosition(x: number, y: number): { left: number; top: number } {
    const host = this.host.getBoundingClientRect();
    const over = this.current?.over.getBoundingClientRect() ?? host;
    const px = over.left - host.left + x;
    const py = over.top - host.top + y;
    const flip = px > host.width * 0.55;
    return { left: flip ? Math.max(0, px - 14 - Math.min(300, host.width * 0.8)) : px + 14, top: Math.max(0, py - 10) };
  }

  hostConnected(): void {
    this.observe();
  }

  hostUpdated(): void {
    this.observe();
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.observed = null;
    this.destroy();
  }

  /** Starts watching the box once it is rendered (again after the host comes back to the page). */
  private observe(): void {
    const box = this.box;
    if (!box || box === this.observed) return;
    this.observer?.disconnect();
    this.observer = new ResizeObserver((entries) => {
      const width = entries[entries.length - 1]?.contentRect.width;
      if (width !== undefined) this.resized(width);
    });
    this.observer.observe(box);
    this.observed = box;
  }

  private resized(width: number): void {
    const plot = this.current;
    if (!plot) return this.options.onResize(width);
    const size = this.plotSize();
    if (size.width !== plot.width || size.height !== plot.height) plot.setSize(size);
  }
}
