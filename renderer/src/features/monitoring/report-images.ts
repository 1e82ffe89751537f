/**
 * Charts for the printed report as PNG images. A screen canvas prints poorly: it prints at its
 * screen resolution, and print layout resizes its box, which clears a canvas (its ResizeObserver
 * redraw runs in requestAnimationFrame, which never runs while printing). So the report draws
 * each chart once, at a fixed print size and twice the pixel density, onto a detached canvas
 * with the same drawing code as the screen (draw-series / draw-agp), and prints the image.
 */
import type { AgpProfile } from '../../../../shared/monitoring/agp';
import { DownsampleCache, type TimeSeries } from './charts/downsample-cache';
import { drawAgp } from './charts/draw-agp';
import type { ChartThreshold } from './charts/draw-series';
import { drawMetricFrame, seriesYDomain } from './charts/metric-frame';
import type { TimeWindow } from './charts/view-window';

/** Device pixels per CSS pixel of the printed images (crisp at print resolution). */
export const PRINT_SCALE = 2;

/**
 * Draws on a detached canvas of `width` × `height` CSS px and returns a PNG data URL, or
 * undefined when this environment has no 2D canvas (the report then prints the chart's text
 * summary alone).
 */
export function canvasImage(
  width: number,
  height: number,
  draw: (ctx: CanvasRenderingContext2D) => void,
  scale: number = PRINT_SCALE,
): string | undefined {
  if (typeof document === 'undefined') return undefined;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  let ctx: CanvasRenderingContext2D | null = null;
  try {
    ctx = canvas.getContext('2d');
  } catch {
    return undefined;
  }
  if (!ctx) return undefined;
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  draw(ctx);
  try {
    return canvas.toDataURL('image/png');
  } catch {
    return undefined;
  }
}

export interface MetricImageOptions {
  width: number;
  height: number;
  window: TimeWindow;
  unitLabel: string;
  formatTime: (t: number, stepMs: number) => string;
  formatValue: (value: number) => string;
  tzOffsetMinutes: (t: number) => number;
}

/** A metric's trend over `window` with its threshold bands, as the screen chart draws it. */
export function metricChartImage(
  series: TimeSeries,
  thresholds: readonly ChartThreshold[],
  options: MetricImageOptions,
): string | undefined {
  if (series.xs.length === 0) return undefined;
  const cache = new DownsampleCache(series);
  const yDomain = seriesYDomain(cache, thresholds);
  return canvasImage(options.width, options.height, (ctx) => {
    drawMetricFrame(ctx, cache, {
      width: options.width,
      height: options.height,
      window: options.window,
      yDomain,
      thresholds,
      formatTime: options.formatTime,
      formatValue: options.formatValue,
      unitLabel: options.unitLabel,
      tzOffsetMinutes: options.tzOffsetMinutes,
      pixelRatio: PRINT_SCALE,
    });
  });
}

/** The 24-hour AGP (mg/dL), as the screen chart draws it. */
export function agpChartImage(
  profile: AgpProfile,
  options: {
    width: number;
    height: number;
    formatHour: (minuteOfDay: number) => string;
    formatValue: (value: number) => string;
  },
): string | undefined {
  if (profile.readings === 0) return undefined;
  return canvasImage(options.width, options.height, (ctx) => {
    drawAgp(ctx, profile, {
      width: options.width,
      height: options.height,
      unitLabel: 'mg/dL',
      toDisplay: (v) => v,
      formatHour: options.formatHour,
      formatValue: options.formatValue,
    });
  });
}
