/**
 * The whole per-frame work of {@link MetricCanvasChart}, as one function so the benchmark
 * (bench/cgm-draw.ts) measures exactly what the component runs in requestAnimationFrame:
 * pick a pyramid level, slice it (no copy) and draw.
 */
import type { DownsampleCache } from './downsample-cache';
import {
  drawChrome,
  layoutFrame,
  type ChartThreshold,
  type PlotArea,
  type SeriesFrame,
} from './draw-series';
import { drawSeriesLine, seriesLineWidth } from './series-line';
import { niceDomain } from './scale';
import type { DrawingContext } from './theme';

/**
 * Pyramid buckets per CSS pixel column (see ./downsample-cache): at most half a column per
 * bucket, so each bucket's lowest and highest readings land in or next to their own column.
 */
export const POINTS_PER_PIXEL = 2;

export interface MetricFrameResult {
  readonly plot: PlotArea;
  /** Pyramid level used (0 = every reading). */
  readonly level: number;
  /** Points handed to the canvas, gap markers included. */
  readonly points: number;
}

/** The y domain for the whole series and its thresholds: computed once, stable while panning. */
export function seriesYDomain(
  cache: DownsampleCache,
  thresholds: readonly ChartThreshold[],
): [number, number] {
  const extent = cache.valueExtent;
  return niceDomain(
    extent?.min ?? Number.NaN,
    extent?.max ?? Number.NaN,
    thresholds.map((t) => t.value),
  );
}

/** Buckets wanted for a canvas `width` CSS px wide. */
export function targetPoints(width: number): number {
  return Math.ceil(width * POINTS_PER_PIXEL);
}

/** One whole frame (see ./metric-painter for the cheaper frames of a pan). */
export function drawMetricFrame(
  ctx: DrawingContext,
  cache: DownsampleCache,
  frame: SeriesFrame,
): MetricFrameResult {
  const { level, data, start, end } = cache.range(frame.window, targetPoints(frame.width));
  const layout = layoutFrame(ctx, frame);
  drawChrome(ctx, layout, frame);
  const lineWidth = seriesLineWidth(end - start, layout.plot, frame);
  drawSeriesLine(ctx, layout, frame, data, lineWidth, start, end);
  return { plot: layout.plot, level, points: end - start };
}
