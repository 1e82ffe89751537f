/**
 * The line of a metric chart: stroked through a pyramid level's points, the pen lifted at
 * every gap, a lone reading marked. Shared by whole frames and a pan's partial redraws
 * (./metric-painter), which must put every pixel in the same place.
 */
import type { FrameLayout, PlotArea, SeriesFrame } from './draw-series';
import type { LinearScale } from './scale';
import { DEFAULT_CHART_THEME, type ChartTheme, type DrawingContext } from './theme';

/**
 * More points than this per CSS px of plot width is a dense line: drawn 1 device pixel wide.
 * Overlapping wider strokes merge into a blob anyway, and Chromium's software rasterizer
 * (Skia; no GPU on many clinic workstations and in CI) draws 1-device-pixel "hairlines" on a
 * fast path: measured here, a 3,200-point path took ~3–8 ms as a hairline against ~50–200 ms
 * at 1.5 px (bench/cgm-draw.ts).
 */
export const DENSE_POINTS_PER_PX = 0.5;

/** Is reading `i` of `ys` a real value (in range and not a gap marker)? */
function present(ys: Float64Array, i: number): boolean {
  return i >= 0 && i < ys.length && !Number.isNaN(ys[i]);
}

/**
 * Strokes `(xs, ys)[from, to)` as one path, lifting the pen at NaN (a gap, see
 * shared/monitoring/lttb) and marking a reading with no neighbour on either side as a small
 * square, so an isolated reading between two gaps is not invisible. Neighbours are looked up
 * in the whole arrays, not only in `[from, to)`, so a sub-range draws exactly the pixels the
 * whole series would draw there. Returns how many line runs were drawn.
 */
export function strokeSeries(
  ctx: DrawingContext,
  xs: Float64Array,
  ys: Float64Array,
  x: LinearScale,
  y: LinearScale,
  theme: ChartTheme,
  lineWidth = theme.lineWidth,
  from = 0,
  to = xs.length,
): number {
  ctx.beginPath();
  let run = 0;
  let runs = 0;
  const lone: number[] = [];
  for (let i = from; i < to; i++) {
    const v = ys[i] as number;
    if (Number.isNaN(v)) {
      run = 0;
      continue;
    }
    const px = x.toPixel(xs[i] as number);
    const py = y.toPixel(v);
    if (run === 0) {
      ctx.moveTo(px, py);
      runs++;
      if (!present(ys, i - 1) && !present(ys, i + 1)) lone.push(i);
    } else ctx.lineTo(px, py);
    run++;
  }
  ctx.strokeStyle = theme.line;
  ctx.lineWidth = lineWidth;
  ctx.lineJoin = 'round';
  ctx.stroke();
  if (lone.length > 0) {
    ctx.fillStyle = theme.line;
    const size = loneMarkSize(lineWidth);
    for (const i of lone) {
      ctx.fillRect(
        x.toPixel(xs[i] as number) - size / 2,
        y.toPixel(ys[i] as number) - size / 2,
        size,
        size,
      );
    }
  }
  return runs;
}

/** Side of the square marking a lone reading, CSS px. */
export function loneMarkSize(lineWidth: number): number {
  return Math.max(lineWidth, 1) * 2 + 1;
}

/** Line width for a series of `points` in `plot` (see {@link DENSE_POINTS_PER_PX}). */
export function seriesLineWidth(points: number, plot: PlotArea, frame: SeriesFrame): number {
  const theme = frame.theme ?? DEFAULT_CHART_THEME;
  return points > plot.width * DENSE_POINTS_PER_PX ? 1 / (frame.pixelRatio ?? 1) : theme.lineWidth;
}

/**
 * Strokes `points[from, to)` clipped to the plot (and to the context's clip). `count` is the
 * number of points of the whole visible slice, which decides the line width.
 */
export function drawSeriesLine(
  ctx: DrawingContext,
  layout: FrameLayout,
  frame: SeriesFrame,
  points: { readonly xs: Float64Array; readonly ys: Float64Array },
  lineWidth: number,
  from = 0,
  to = points.xs.length,
): void {
  const { plot } = layout;
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.width, plot.height);
  ctx.clip();
  const theme = frame.theme ?? DEFAULT_CHART_THEME;
  strokeSeries(ctx, points.xs, points.ys, layout.x, layout.y, theme, lineWidth, from, to);
  ctx.restore();
}
