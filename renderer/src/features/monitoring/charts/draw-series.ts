/**
 * Draws one frame of a metric's time series on a 2D canvas: threshold bands, grid and axis
 * labels, and the line, broken at every gap. "Pure-ish": it only draws on the context it is
 * given, from its arguments; no DOM, no clock, no locale (the caller passes formatters).
 * The parts (layout, chrome, line in ./series-line) are separate so ./metric-painter can
 * redraw only some pixels of a frame with exactly the same code.
 */
import { linearScale, niceTicks, timeTicks, type LinearScale } from './scale';
import { drawSeriesLine, seriesLineWidth } from './series-line';
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
 * Centre of a 1-CSS-px line near `v` that covers whole device pixels (crisp at any integer
 * pixel ratio), so a line keeps its pixels when the plot is scrolled by whole device pixels
 * (see ./metric-painter).
 */
export function crispLine(v: number, pixelRatio: number): number {
  return (Math.round(v * pixelRatio - pixelRatio / 2) + pixelRatio / 2) / pixelRatio;
}

function drawBands(
  ctx: DrawingContext,
  layout: FrameLayout,
  thresholds: readonly ChartThreshold[],
  theme: ChartTheme,
): void {
  const { plot, x, y } = layout;
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
  ctx.setLineDash(DASH);
  // The dashes are anchored to time (they move with the data while panning, like the grid),
  // so a plot scrolled by whole pixels and one drawn afresh have them in the same place.
  const phase = x.toPixel(0) - plot.left;
  ctx.lineDashOffset = -(phase - DASH_PERIOD * Math.floor(phase / DASH_PERIOD));
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
  ctx.lineDashOffset = 0;
}

const DASH = [4, 3];
const DASH_PERIOD = 7;

/** Where things go in one frame: the plot, its scales and the value axis' ticks. */
export interface FrameLayout {
  readonly plot: PlotArea;
  readonly x: LinearScale;
  readonly y: LinearScale;
  readonly yTicks: readonly number[];
  readonly yLabels: readonly string[];
}

/** Lays out a frame; measures the value labels (the only text whose width moves the plot). */
export function layoutFrame(ctx: DrawingContext, frame: SeriesFrame): FrameLayout {
  const theme = frame.theme ?? DEFAULT_CHART_THEME;
  ctx.font = theme.font;
  const guess = plotArea(frame.width, frame.height, 0);
  const yTicks = niceTicks(
    frame.yDomain[0],
    frame.yDomain[1],
    Math.max(2, guess.height / Y_TICK_PX),
  );
  const yLabels = yTicks.map((v) => frame.formatValue(v));
  const labelWidth = Math.max(0, ...yLabels.map((l) => ctx.measureText(l).width));
  const plot = plotArea(frame.width, frame.height, labelWidth);
  return withWindow({ plot, yTicks, yLabels }, frame);
}

/** The same layout for another window of the same span (a pan): only the time scale moves. */
export function withWindow(
  layout: Pick<FrameLayout, 'plot' | 'yTicks' | 'yLabels'>,
  frame: Pick<SeriesFrame, 'window' | 'yDomain'>,
): FrameLayout {
  const { plot } = layout;
  return {
    ...layout,
    x: linearScale([frame.window.from, frame.window.to], [plot.left, plot.left + plot.width]),
    y: linearScale(frame.yDomain, [plot.top + plot.height, plot.top]),
  };
}

/**
 * Everything of a frame but the series: background, threshold bands, grid, axes and labels.
 * Honours the context's clip, so a painter can redraw only part of the canvas.
 */
export function drawChrome(ctx: DrawingContext, layout: FrameLayout, frame: SeriesFrame): void {
  const theme = frame.theme ?? DEFAULT_CHART_THEME;
  const ratio = frame.pixelRatio ?? 1;
  const { plot, x, y } = layout;
  ctx.font = theme.font;
  ctx.clearRect(0, 0, frame.width, frame.height);
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, frame.width, frame.height);
  drawBands(ctx, layout, frame.thresholds, theme);

  ctx.lineWidth = 1;
  ctx.strokeStyle = theme.grid;
  ctx.fillStyle = theme.text;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.beginPath();
  layout.yTicks.forEach((v, i) => {
    const py = crispLine(y.toPixel(v), ratio);
    ctx.moveTo(plot.left, py);
    ctx.lineTo(plot.left + plot.width, py);
    ctx.fillText(layout.yLabels[i] ?? '', plot.left - Y_LABEL_GAP, py);
  });
  const { stepMs, ticks } = timeTicks(
    x.domain[0],
    x.domain[1],
    Math.max(1, Math.floor(plot.width / X_TICK_PX)),
    frame.tzOffsetMinutes,
  );
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of ticks) {
    const px = crispLine(x.toPixel(t), ratio);
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
  const layout = layoutFrame(ctx, frame);
  drawChrome(ctx, layout, frame);
  drawSeriesLine(ctx, layout, frame, points, seriesLineWidth(points.xs.length, layout.plot, frame));
  return layout.plot;
}
