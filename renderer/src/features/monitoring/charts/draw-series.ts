/**
 * Draws one frame of a metric's time series on a 2D canvas: threshold bands, grid and axis
 * labels, and the line, broken at every gap. "Pure-ish": it only draws on the context it is
 * given, from its arguments; no DOM, no clock, no locale (the caller passes formatters).
 */
import { linearScale, niceTicks, timeTicks, type LinearScale } from './scale';
import { DEFAULT_CHART_THEME, type ChartTheme, type DrawingContext } from './theme';
import type { TimeWindow } from './view-window';

/**
 * An absolute threshold of the patient's plan, in the series' own unit (e.g. red above 180
 * mmHg). Relative thresholds (rise/fall over a window) are not horizontal lines and are not
 * drawn here.
 */
export interface ChartThreshold {
  readonly level: 'red' | 'yellow';
  readonly kind: 'above' | 'below';
  readonly value: number;
}

/** Plot rectangle inside the canvas, CSS px. */
export interface PlotArea {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface SeriesFrame {
  /** Canvas size in CSS px (the context is already scaled for devicePixelRatio). */
  readonly width: number;
  readonly height: number;
  readonly window: TimeWindow;
  /** Fixed for the whole series (see `niceDomain`), so the axis holds still while panning. */
  readonly yDomain: readonly [number, number];
  readonly thresholds: readonly ChartThreshold[];
  /** Tick label of a time; `stepMs` is the tick spacing, to choose date vs time of day. */
  readonly formatTime: (t: number, stepMs: number) => string;
  readonly formatValue: (value: number) => string;
  /** Unit of the y axis as the caller wants it shown (e.g. "mg/dL", "kg"). */
  readonly unitLabel: string;
  /** For round local tick times; the caller passes the clinician's zone. */
  readonly tzOffsetMinutes: (t: number) => number;
  /** devicePixelRatio the context is scaled by (default 1): a dense line is 1 device px. */
  readonly pixelRatio?: number;
  readonly theme?: ChartTheme;
}

/** Room above the plot for the unit label. */
const PAD_TOP = 20;
const PAD_RIGHT = 12;
const X_LABELS = 22;
const Y_LABEL_GAP = 8;
/** Minimum CSS px between time ticks and between value ticks. */
const X_TICK_PX = 96;
const Y_TICK_PX = 40;

export function plotArea(width: number, height: number, yLabelWidth: number): PlotArea {
  const left = Math.ceil(yLabelWidth + Y_LABEL_GAP * 2);
  return {
    left,
    top: PAD_TOP,
    width: Math.max(0, width - left - PAD_RIGHT),
    height: Math.max(0, height - PAD_TOP - X_LABELS),
  };
}

/**
 * More points than this per CSS px of plot width is a dense line: drawn 1 device pixel wide.
 * Overlapping wider strokes merge into a blob anyway, and Chromium's software rasterizer
 * (Skia; no GPU on many clinic workstations and in CI) draws 1-device-pixel "hairlines" on a
 * fast path: measured here, a 3,200-point path took ~3–8 ms as a hairline against ~50–200 ms
 * at 1.5 px (bench/cgm-draw.ts).
 */
export const DENSE_POINTS_PER_PX = 0.5;

/**
 * Strokes `(xs, ys)` as one path, lifting the pen at NaN (a gap, see shared/monitoring/lttb)
 * and marking a reading with no neighbour on either side as a small square, so an isolated
 * reading between two gaps is not invisible. Returns how many line runs were drawn.
 */
export function strokeSeries(
  ctx: DrawingContext,
  xs: Float64Array,
  ys: Float64Array,
  x: LinearScale,
  y: LinearScale,
  theme: ChartTheme,
  lineWidth = theme.lineWidth,
): number {
  ctx.beginPath();
  let run = 0;
  let runs = 0;
  const lone: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const v = ys[i] as number;
    if (Number.isNaN(v)) {
      if (run === 1) lone.push(i - 1);
      run = 0;
      continue;
    }
    const px = x.toPixel(xs[i] as number);
    const py = y.toPixel(v);
    if (run === 0) {
      ctx.moveTo(px, py);
      runs++;
    } else ctx.lineTo(px, py);
    run++;
  }
  if (run === 1) lone.push(xs.length - 1);
  ctx.strokeStyle = theme.line;
  ctx.lineWidth = lineWidth;
  ctx.lineJoin = 'round';
  ctx.stroke();
  if (lone.length > 0) {
    ctx.fillStyle = theme.line;
    const size = Math.max(lineWidth, 1) * 2 + 1;
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

function drawBands(
  ctx: DrawingContext,
  plot: PlotArea,
  y: LinearScale,
  thresholds: readonly ChartThreshold[],
  theme: ChartTheme,
): void {
  const bottom = plot.top + plot.height;
  // Yellow first, red over it: a red band inside a yellow one stays red.
  for (const level of ['yellow', 'red'] as const) {
    for (const th of thresholds) {
      if (th.level !== level || !Number.isFinite(th.value)) continue;
      const edge = Math.min(bottom, Math.max(plot.top, y.toPixel(th.value)));
      ctx.fillStyle = level === 'red' ? theme.red : theme.yellow;
      if (th.kind === 'above') ctx.fillRect(plot.left, plot.top, plot.width, edge - plot.top);
      else ctx.fillRect(plot.left, edge, plot.width, bottom - edge);
    }
  }
  ctx.setLineDash([4, 3]);
  ctx.lineWidth = 1;
  for (const th of thresholds) {
    const py = y.toPixel(th.value);
    if (!(py >= plot.top && py <= bottom)) continue;
    ctx.strokeStyle = th.level === 'red' ? theme.redEdge : theme.yellowEdge;
    ctx.beginPath();
    ctx.moveTo(plot.left, py);
    ctx.lineTo(plot.left + plot.width, py);
    ctx.stroke();
  }
  ctx.setLineDash([]);
}

/**
 * One frame. `points` are what to draw (usually a {@link DownsampleCache} slice: a couple of
 * points per pixel column, NaN at gaps). Returns the plot area, which the component needs to
 * turn drag distances into time.
 */
export function drawSeries(
  ctx: DrawingContext,
  points: { readonly xs: Float64Array; readonly ys: Float64Array },
  frame: SeriesFrame,
): PlotArea {
  const theme = frame.theme ?? DEFAULT_CHART_THEME;
  const { window, yDomain } = frame;
  ctx.font = theme.font;
  const guess = plotArea(frame.width, frame.height, 0);
  const yTicks = niceTicks(yDomain[0], yDomain[1], Math.max(2, guess.height / Y_TICK_PX));
  const yLabels = yTicks.map((v) => frame.formatValue(v));
  const labelWidth = Math.max(0, ...yLabels.map((l) => ctx.measureText(l).width));
  const plot = plotArea(frame.width, frame.height, labelWidth);
  const x = linearScale([window.from, window.to], [plot.left, plot.left + plot.width]);
  const y = linearScale(yDomain, [plot.top + plot.height, plot.top]);

  ctx.clearRect(0, 0, frame.width, frame.height);
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, frame.width, frame.height);
  drawBands(ctx, plot, y, frame.thresholds, theme);

  ctx.lineWidth = 1;
  ctx.strokeStyle = theme.grid;
  ctx.fillStyle = theme.text;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.beginPath();
  yTicks.forEach((v, i) => {
    const py = Math.round(y.toPixel(v)) + 0.5;
    ctx.moveTo(plot.left, py);
    ctx.lineTo(plot.left + plot.width, py);
    ctx.fillText(yLabels[i] ?? '', plot.left - Y_LABEL_GAP, py);
  });
  const { stepMs, ticks } = timeTicks(
    window.from,
    window.to,
    Math.max(1, Math.floor(plot.width / X_TICK_PX)),
    frame.tzOffsetMinutes,
  );
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of ticks) {
    const px = Math.round(x.toPixel(t)) + 0.5;
    ctx.moveTo(px, plot.top);
    ctx.lineTo(px, plot.top + plot.height);
    ctx.fillText(frame.formatTime(t, stepMs), px, plot.top + plot.height + 4);
  }
  ctx.stroke();
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.fillText(frame.unitLabel, 4, 2);
  ctx.strokeStyle = theme.axis;
  ctx.beginPath();
  ctx.moveTo(plot.left + 0.5, plot.top);
  ctx.lineTo(plot.left + 0.5, plot.top + plot.height + 0.5);
  ctx.lineTo(plot.left + plot.width, plot.top + plot.height + 0.5);
  ctx.stroke();

  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top, plot.width, plot.height);
  ctx.clip();
  const dense = points.xs.length > plot.width * DENSE_POINTS_PER_PX;
  const lineWidth = dense ? 1 / (frame.pixelRatio ?? 1) : theme.lineWidth;
  strokeSeries(ctx, points.xs, points.ys, x, y, theme, lineWidth);
  ctx.restore();
  return plot;
}
