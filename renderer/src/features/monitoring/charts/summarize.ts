/**
 * The facts a screen-reader user needs in place of the picture: what the visible window
 * holds, computed from the raw readings (never from the downsampled drawing), so no extreme
 * value is lost. The caller turns it into words in the clinician's language.
 */
import { lowerBound, upperBound, type TimeSeries } from './downsample-cache';
import type { ChartThreshold } from './draw-series';
import type { TimeWindow } from './view-window';

export interface SummaryReading {
  readonly t: number;
  readonly value: number;
}

export interface VisibleSummary {
  /** Both edges inclusive, like the drawing: a reading on the border is on screen. */
  readonly window: TimeWindow;
  /** Readings with a value inside the window. */
  readonly count: number;
  readonly min: SummaryReading | null;
  readonly max: SummaryReading | null;
  readonly last: SummaryReading | null;
  /** Breaks in the line inside the window: missing values or spacing wider than `maxGap`. */
  readonly gaps: number;
  /** Readings beyond each threshold, in the thresholds' order. */
  readonly beyond: readonly { readonly threshold: ChartThreshold; readonly count: number }[];
}

function isBeyond(value: number, threshold: ChartThreshold): boolean {
  return threshold.kind === 'above' ? value > threshold.value : value < threshold.value;
}

export function summarizeWindow(
  series: TimeSeries,
  window: TimeWindow,
  thresholds: readonly ChartThreshold[],
  maxGap: number,
): VisibleSummary {
  const { xs, ys } = series;
  const start = lowerBound(xs, window.from);
  const end = upperBound(xs, window.to);
  let count = 0;
  let gaps = 0;
  let min: SummaryReading | null = null;
  let max: SummaryReading | null = null;
  let last: SummaryReading | null = null;
  let missingSinceLast = false;
  const beyond = thresholds.map(() => 0);
  for (let i = start; i < end; i++) {
    const value = ys[i] as number;
    const t = xs[i] as number;
    if (!Number.isFinite(value)) {
      missingSinceLast = true;
      continue;
    }
    if (last !== null && (missingSinceLast || t - last.t > maxGap)) gaps++;
    missingSinceLast = false;
    count++;
    const reading = { t, value };
    if (min === null || value < min.value) min = reading;
    if (max === null || value > max.value) max = reading;
    last = reading;
    thresholds.forEach((th, k) => {
      if (isBeyond(value, th)) beyond[k] = (beyond[k] ?? 0) + 1;
    });
  }
  return {
    window,
    count,
    min,
    max,
    last,
    gaps,
    beyond: thresholds.map((threshold, k) => ({ threshold, count: beyond[k] ?? 0 })),
  };
}
