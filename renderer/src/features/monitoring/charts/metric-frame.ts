/**
 * The whole per-frame work of {@link MetricCanvasChart}, as one function so the benchmark
 * (bench/cgm-draw.ts) measures exactly what the component runs in requestAnimationFrame:
 * pick a pyramid level, slice it (no copy) and draw.
 */
import type { DownsampleCache } from './downsample-cache';
import { drawSeries, type ChartThreshold, type PlotArea, type SeriesFrame } from './draw-series';
import { niceDomain } from './scale';
import type { DrawingContext } from './theme';

/** Points drawn per CSS pixel column: enough for a faithful min/max envelope, no more. */
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

export function drawMetricFrame(
  ctx: DrawingContext,
  cache: DownsampleCache,
  frame: SeriesFrame,
): MetricFrameResult {
  const slice = cache.slice(frame.window, Math.ceil(frame.width * POINTS_PER_PIXEL));
  const plot = drawSeries(ctx, slice, frame);
  return { plot, level: slice.level, points: slice.xs.length };
}
