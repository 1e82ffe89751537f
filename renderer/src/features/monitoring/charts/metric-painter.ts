/**
 * Paints {@link MetricCanvasChart}'s frames, cheaply while the clinician drags.
 *
 * A whole frame (as drawMetricFrame) strokes thousands of points; at devicePixelRatio 2 in
 * Chromium's software rasterizer that is too slow for every frame of a drag
 * (bench/cgm-draw.ts). During a pan of a fixed span only the time axis moves, so the painter
 * keeps the line as bitmap *tiles*: strips of TILE_PX device pixels of the plot, drawn once
 * from the same pyramid level with the same drawing code as a whole frame, on a grid anchored
 * at one instant. A pan frame
 *
 * 1. moves the window to the nearest whole device pixel of that grid (the frame shows a
 *    window at most half a device pixel off the one asked for; the error never accumulates);
 * 2. draws the chrome (background, threshold bands, grid, labels) for that window;
 * 3. copies the visible tiles onto the plot at whole device pixels (no resampling), drawing
 *    only the tiles the pan newly exposes.
 *
 * The image is the one a whole frame draws for that window (same points, same level, same
 * bands, grid and labels), up to antialiasing rounding at tile edges. The caller paints a
 * whole frame when the pan ends. Anything else that changes (size, pixel ratio, data,
 * thresholds, formatters, span, pyramid level, line width) makes the next frame a whole one
 * and drops the tiles. Copying a canvas onto itself was tried first and measured slower than
 * redrawing (Chromium snapshots the canvas), hence separate tile canvases.
 */
import { lowerBound, upperBound, type DownsampleCache, type LevelRange } from './downsample-cache';
import {
  drawChrome,
  layoutFrame,
  withWindow,
  type FrameLayout,
  type SeriesFrame,
} from './draw-series';
import { drawSeriesLine, loneMarkSize, seriesLineWidth, strokeSeries } from './series-line';
import { targetPoints, type MetricFrameResult } from './metric-frame';
import { DEFAULT_CHART_THEME, type DrawingContext } from './theme';
import type { TimeWindow } from './view-window';

/** A real canvas context (or a test fake). */
export type PaintingContext = DrawingContext &
  Pick<CanvasRenderingContext2D, 'drawImage' | 'setTransform'> & {
    readonly canvas: { readonly width: number; readonly height: number };
  };

/** An offscreen bitmap for a tile: its image (for drawImage) and its context. */
export interface Layer {
  readonly image: CanvasImageSource;
  readonly ctx: PaintingContext;
}

/** Makes a tile's bitmap; `null` when none can be had (then every frame is a whole one). */
export type LayerFactory = (width: number, height: number) => Layer | null;

/** OffscreenCanvas where there is one (Chromium, Electron); none in jsdom. */
export const offscreenLayers: LayerFactory = (width, height) => {
  if (typeof OffscreenCanvas === 'undefined') return null;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  return ctx ? { image: canvas, ctx } : null;
};

/** Device pixels per tile: small enough that a newly exposed tile is cheap to draw. */
export const TILE_PX = 256;
/**
 * Extra device pixels drawn on each side of a tile and not copied: the line is never cut
 * at a copied pixel, so a tile's edge columns get the same antialiasing as a whole frame's.
 */
const TILE_MARGIN = 4;
/** Tiles kept at most (~36 MB at 2× for a 300 px tall plot); the farthest go first. */
const MAX_TILES = 48;

/** Line tiles for one pan grid: anchored at `origin` (ms) with `perMs` device px per ms. */
interface Tiles {
  readonly frame: SeriesFrame;
  readonly origin: number;
  readonly perMs: number;
  readonly span: number;
  readonly level: number;
  readonly lineWidth: number;
  /** Device rows of the plot the tiles cover. */
  readonly top: number;
  readonly height: number;
  readonly layers: Map<number, Layer>;
}

interface Painted {
  readonly frame: SeriesFrame;
  /** The window actually on the canvas. */
  readonly window: TimeWindow;
  readonly layout: FrameLayout;
  readonly level: number;
  readonly lineWidth: number;
  readonly canvasWidth: number;
  readonly canvasHeight: number;
}

/** Everything but the window is the same (by identity for functions and objects). */
function sameStill(a: SeriesFrame, b: SeriesFrame): boolean {
  return (
    a.width === b.width &&
    a.height === b.height &&
    (a.pixelRatio ?? 1) === (b.pixelRatio ?? 1) &&
    a.yDomain[0] === b.yDomain[0] &&
    a.yDomain[1] === b.yDomain[1] &&
    a.thresholds === b.thresholds &&
    a.formatTime === b.formatTime &&
    a.formatValue === b.formatValue &&
    a.unitLabel === b.unitLabel &&
    a.tzOffsetMinutes === b.tzOffsetMinutes &&
    a.theme === b.theme
  );
}

const span = (window: TimeWindow): number => window.to - window.from;

/**
 * Device px beyond a drawn area whose readings still touch it: a lone reading's square reaches
 * half its size beyond the reading, antialiasing a pixel; and the tile margin.
 */
function edgeReach(lineWidth: number, ratio: number): number {
  return (loneMarkSize(lineWidth) / 2 + 1) * ratio + TILE_MARGIN;
}

const isWhole = (v: number): boolean => Math.abs(v - Math.round(v)) < 1e-6;

export class MetricChartPainter {
  private painted: Painted | null = null;

  private tiles: Tiles | null = null;

  constructor(
    readonly ctx: PaintingContext,
    readonly cache: DownsampleCache,
    private readonly layers: LayerFactory = offscreenLayers,
  ) {}

  /** The window on the canvas now (a pan frame's is within half a device pixel of the one asked). */
  get shown(): TimeWindow | null {
    return this.painted?.window ?? null;
  }

  /** Forget what is on the canvas (someone else drew on it or resized it). */
  invalidate(): void {
    this.painted = null;
    this.tiles = null;
  }

  /**
   * Paints `frame` on a context scaled to CSS px. `pan`: the frame is one of a drag, which may
   * reuse the previous frame's pixels (see the module comment); otherwise a whole frame.
   */
  paint(frame: SeriesFrame, pan: boolean): MetricFrameResult {
    return (pan ? this.pan(frame) : null) ?? this.whole(frame);
  }

  private whole(frame: SeriesFrame): MetricFrameResult {
    const { ctx } = this;
    const range = this.cache.range(frame.window, targetPoints(frame.width));
    const layout = layoutFrame(ctx, frame);
    drawChrome(ctx, layout, frame);
    const lineWidth = seriesLineWidth(range.end - range.start, layout.plot, frame);
    // The readings just beyond the edges too, as the tiles of a pan draw them: a line's
    // antialiasing reaches a pixel into the plot, so both kinds of frame show the same edge.
    const ratio = frame.pixelRatio ?? 1;
    const reach = edgeReach(lineWidth, ratio) / ((layout.plot.width * ratio) / span(frame.window));
    const { xs } = range.data;
    const start = Math.max(0, lowerBound(xs, frame.window.from - reach) - 1);
    const end = Math.min(xs.length, upperBound(xs, frame.window.to + reach) + 1);
    drawSeriesLine(ctx, layout, frame, range.data, lineWidth, start, end);
    this.painted = {
      frame,
      window: frame.window,
      layout,
      level: range.level,
      lineWidth,
      canvasWidth: ctx.canvas.width,
      canvasHeight: ctx.canvas.height,
    };
    return { plot: layout.plot, level: range.level, points: range.end - range.start };
  }

  /** A pan frame from tiles, or `null` when it has to be a whole frame. */
  private pan(frame: SeriesFrame): MetricFrameResult | null {
    const last = this.painted;
    const { ctx } = this;
    if (last === null || !sameStill(last.frame, frame)) return null;
    if (ctx.canvas.width !== last.canvasWidth || ctx.canvas.height !== last.canvasHeight) {
      return null;
    }
    const span = last.window.to - last.window.from;
    if (Math.abs(frame.window.to - frame.window.from - span) > span * 1e-9) return null;
    const ratio = frame.pixelRatio ?? 1;
    const { plot } = last.layout;
    const top = plot.top * ratio;
    const bottom = (plot.top + plot.height) * ratio;
    if (!isWhole(top) || !isWhole(bottom) || !isWhole(plot.left * ratio)) return null;

    let tiles = this.tiles;
    if (
      !tiles ||
      !sameStill(tiles.frame, frame) ||
      tiles.span !== span ||
      tiles.level !== last.level ||
      tiles.lineWidth !== last.lineWidth
    ) {
      tiles = {
        frame: last.frame,
        origin: last.window.from,
        perMs: (plot.width * ratio) / span,
        span,
        level: last.level,
        lineWidth: last.lineWidth,
        top: Math.round(top),
        height: Math.round(bottom) - Math.round(top),
        layers: new Map(),
      };
    }
    // The nearest whole device pixel of the grid.
    const offset = Math.round((frame.window.from - tiles.origin) * tiles.perMs);
    const from = tiles.origin + offset / tiles.perMs;
    const window = { from, to: from + span };
    const range = this.cache.range(window, targetPoints(frame.width));
    const lineWidth = seriesLineWidth(range.end - range.start, plot, frame);
    if (range.level !== tiles.level || lineWidth !== tiles.lineWidth) return null;
    this.tiles = tiles;

    const layout = withWindow(last.layout, { window, yDomain: frame.yDomain });
    const shown = { ...frame, window };
    drawChrome(ctx, layout, shown);
    const left = Math.round(plot.left * ratio);
    const width = plot.width * ratio;
    const first = Math.floor(offset / TILE_PX);
    const lastTile = Math.floor((offset + width - 1e-6) / TILE_PX);
    ctx.save();
    ctx.beginPath();
    ctx.rect(plot.left, plot.top, plot.width, plot.height);
    ctx.clip();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    let points = 0;
    for (let j = first; j <= lastTile; j++) {
      let layer = tiles.layers.get(j);
      if (!layer) {
        const made = this.drawTile(tiles, last.layout, shown, range, j);
        if (!made) {
          ctx.restore();
          return null;
        }
        layer = made.layer;
        points += made.points;
      }
      ctx.drawImage(
        layer.image,
        TILE_MARGIN,
        0,
        TILE_PX,
        tiles.height,
        left + j * TILE_PX - offset,
        tiles.top,
        TILE_PX,
        tiles.height,
      );
    }
    ctx.restore();
    this.forgetFarTiles(tiles, first, lastTile);
    this.painted = { ...last, frame, window };
    return { plot, level: range.level, points };
  }

  /** Draws tile `j` of the grid: the line as a whole frame at the grid's origin draws it. */
  private drawTile(
    tiles: Tiles,
    layout: FrameLayout,
    frame: SeriesFrame,
    range: LevelRange,
    j: number,
  ): { layer: Layer; points: number } | null {
    const layer = this.layers(TILE_PX + 2 * TILE_MARGIN, tiles.height);
    if (layer === null) return null;
    const ratio = frame.pixelRatio ?? 1;
    const at = withWindow(layout, {
      window: { from: tiles.origin, to: tiles.origin + tiles.span },
      yDomain: frame.yDomain,
    });
    const left = Math.round(layout.plot.left * ratio) + j * TILE_PX;
    const reach = edgeReach(tiles.lineWidth, ratio);
    const { xs } = range.data;
    const start = Math.max(
      0,
      lowerBound(xs, tiles.origin + (j * TILE_PX - reach) / tiles.perMs) - 1,
    );
    const end = Math.min(
      xs.length,
      upperBound(xs, tiles.origin + ((j + 1) * TILE_PX + reach) / tiles.perMs) + 1,
    );
    layer.ctx.setTransform(ratio, 0, 0, ratio, TILE_MARGIN - left, -tiles.top);
    const theme = frame.theme ?? DEFAULT_CHART_THEME;
    strokeSeries(layer.ctx, xs, range.data.ys, at.x, at.y, theme, tiles.lineWidth, start, end);
    tiles.layers.set(j, layer);
    return { layer, points: Math.max(0, end - start) };
  }

  private forgetFarTiles(tiles: Tiles, first: number, last: number): void {
    if (tiles.layers.size <= MAX_TILES) return;
    const middle = (first + last) / 2;
    const far = [...tiles.layers.keys()].sort(
      (a, b) => Math.abs(b - middle) - Math.abs(a - middle),
    );
    for (const j of far.slice(0, tiles.layers.size - MAX_TILES)) tiles.layers.delete(j);
  }
}
