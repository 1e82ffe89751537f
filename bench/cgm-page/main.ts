/**
 * The page bench/cgm-draw.ts drives in real Chromium (built with Vite at bench time). It draws
 * one year of 5-minute CGM readings on a canvas two ways, on the same canvas:
 *
 * ours = what MetricCanvasChart runs per frame, through the same MetricChartPainter: a whole
 *        frame (pyramid level of the DownsampleCache, ~2 points per pixel column, threshold
 *        bands, grid, axis labels) first and when a drag ends; during a drag, pan frames that
 *        draw the chrome and copy the line from bitmap tiles, drawing only the tiles the pan
 *        exposes (see renderer/src/features/monitoring/charts/metric-painter.ts). The first draw also
 *        builds the cache (the level it needs) from the typed arrays, as the component does
 *        on mount.
 * raw  = the naive chart: one path with lineTo through every reading of the year (105,120),
 *        stroked at the canvas default width (1 CSS px); no bands, no axes, no gap handling
 *        (so apart from the points it does less drawing work than ours).
 *
 * A pan starts from a whole frame of its first window (not timed, like the frame on screen
 * when the clinician presses the button), then times each of `steps` frames, each moving the
 * window by half a window / steps; the same for both.
 *
 * Every measurement ends with a 1-pixel getImageData, which forces Chromium to rasterize the
 * recorded canvas commands, so the time includes painting, not only recording. Times come
 * from performance.now() in the page, so Playwright's round trips are not counted.
 */
import { DownsampleCache } from '../../renderer/src/features/monitoring/charts/downsample-cache';
import type { ChartThreshold } from '../../renderer/src/features/monitoring/charts/draw-series';
import type { SeriesFrame } from '../../renderer/src/features/monitoring/charts/draw-series';
import { seriesYDomain } from '../../renderer/src/features/monitoring/charts/metric-frame';
import { MetricChartPainter } from '../../renderer/src/features/monitoring/charts/metric-painter';
import type { TimeWindow } from '../../renderer/src/features/monitoring/charts/view-window';
import { cgmYear } from './cgm-year';

export const WIDTH = 1200;
export const HEIGHT = 320;
const DAY = 86_400_000;
const THRESHOLDS: readonly ChartThreshold[] = [
  { level: 'red', kind: 'below', value: 54 },
  { level: 'yellow', kind: 'below', value: 70 },
  { level: 'yellow', kind: 'above', value: 180 },
  { level: 'red', kind: 'above', value: 250 },
];
const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

const series = cgmYear();
const last = series.xs[series.xs.length - 1] as number;
const canvas = document.getElementById('chart') as HTMLCanvasElement;
const dpr = window.devicePixelRatio || 1;
canvas.style.width = `${WIDTH}px`;
canvas.style.height = `${HEIGHT}px`;
canvas.width = WIDTH * dpr;
canvas.height = HEIGHT * dpr;
const context = canvas.getContext('2d');
if (!context) throw new Error('no 2D canvas context');
const ctx: CanvasRenderingContext2D = context;

let cache: DownsampleCache | undefined;
let painter: MetricChartPainter | undefined;

function windowOf(days: number, step: number, steps: number): TimeWindow {
  // Pan from the latest `days` back by half a window over `steps` frames.
  const span = days * DAY;
  const to = last - (span / 2) * (step / steps);
  return { from: to - span, to };
}

function flush(): void {
  ctx.getImageData(0, 0, 1, 1);
}

// Stable across frames, as the component's props are during a drag.
const formatTime = (t: number): string => dateFormat.format(t);
const formatValue = (v: number): string => String(v);
const tzOffsetMinutes = (): number => 0;

function frameOf(c: DownsampleCache, window: TimeWindow): SeriesFrame {
  return {
    width: WIDTH,
    height: HEIGHT,
    window,
    yDomain: seriesYDomain(c, THRESHOLDS),
    thresholds: THRESHOLDS,
    formatTime,
    formatValue,
    unitLabel: 'mg/dL',
    tzOffsetMinutes,
    pixelRatio: dpr,
  };
}

/** The component's painter for `c` (a new one for a new cache, as on mount). */
function painterOf(c: DownsampleCache): MetricChartPainter {
  if (painter?.cache !== c) painter = new MetricChartPainter(ctx, c);
  return painter;
}

function drawOurs(
  c: DownsampleCache,
  window: TimeWindow,
  pan: boolean,
): { level: number; points: number } {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const result = painterOf(c).paint(frameOf(c, window), pan);
  return { level: result.level, points: result.points };
}

function drawRaw(window: TimeWindow): void {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, WIDTH, HEIGHT);
  const kx = WIDTH / (window.to - window.from);
  const ky = HEIGHT / 400;
  const { xs, ys } = series;
  ctx.beginPath();
  ctx.moveTo(((xs[0] as number) - window.from) * kx, HEIGHT - (ys[0] as number) * ky);
  for (let i = 1; i < xs.length; i++) {
    ctx.lineTo(((xs[i] as number) - window.from) * kx, HEIGHT - (ys[i] as number) * ky);
  }
  ctx.strokeStyle = '#1971c2';
  ctx.lineWidth = 1; // the canvas default: what a naive chart draws with
  ctx.stroke();
}

function frames(
  draw: (window: TimeWindow, pan: boolean) => void,
  days: number,
  steps: number,
): Promise<number[]> {
  const times: number[] = [];
  return new Promise((resolve) => {
    let step = 1;
    const frame = (): void => {
      const start = performance.now();
      draw(windowOf(days, step, steps), true);
      flush();
      times.push(performance.now() - start);
      step++;
      if (step <= steps) requestAnimationFrame(frame);
      else resolve(times);
    };
    draw(windowOf(days, 0, steps), false);
    flush();
    requestAnimationFrame(frame);
  });
}

const cgmBench = {
  info(): { readings: number; gaps: number; dpr: number } {
    return { readings: series.xs.length, gaps: series.gaps, dpr };
  },
  /** Ours from cold: a new cache (as on mount), its level built, one frame drawn and painted. */
  firstOurs(days: number): number {
    const start = performance.now();
    cache = new DownsampleCache(series);
    drawOurs(cache, windowOf(days, 0, 1), false);
    flush();
    return performance.now() - start;
  },
  firstRaw(days: number): number {
    const start = performance.now();
    drawRaw(windowOf(days, 0, 1));
    flush();
    return performance.now() - start;
  },
  /** Level and points of ours for the first window (for the report). */
  shape(days: number): { level: number; points: number } {
    cache ??= new DownsampleCache(series);
    return drawOurs(cache, windowOf(days, 0, 1), false);
  },
  panOurs([days, steps]: [number, number]): Promise<number[]> {
    const c = cache ?? new DownsampleCache(series);
    cache = c;
    return frames((w, pan) => drawOurs(c, w, pan), days, steps);
  },
  panRaw([days, steps]: [number, number]): Promise<number[]> {
    return frames(drawRaw, days, steps);
  },
};

export type CgmBench = typeof cgmBench;

declare global {
  interface Window {
    cgmBench?: CgmBench;
  }
}

window.cgmBench = cgmBench;
