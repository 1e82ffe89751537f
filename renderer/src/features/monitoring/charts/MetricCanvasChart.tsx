/**
 * A monitoring metric over time on a canvas: fast enough for a year of 5-minute CGM readings
 * (see ./downsample-cache), pannable by drag and by keyboard, with a text summary of the
 * visible window for screen readers (updated when a pan settles, not on every frame).
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { DownsampleCache, type TimeSeries } from './downsample-cache';
import type { ChartThreshold, PlotArea } from './draw-series';
import { seriesYDomain } from './metric-frame';
import { MetricChartPainter } from './metric-painter';
import { summarizeWindow, type VisibleSummary } from './summarize';
import type { ChartTheme } from './theme';
import { useCanvasFrame } from './useCanvasFrame';
import {
  dragPanMs,
  initialWindow,
  keyPanMs,
  panBounds,
  panWindow,
  rangeKey,
  type TimeWindow,
  type VisibleRange,
} from './view-window';
import { VISUALLY_HIDDEN } from './visually-hidden';

export interface MetricCanvasChartProps {
  /**
   * Readings in their source unit; xs ascending epoch ms, NaN in ys = no value. Keep it
   * referentially stable (memoise it): a new series rebuilds the cache and resets the view.
   */
  readonly series: TimeSeries;
  /** Absolute thresholds in the series' unit, drawn as red/yellow bands. */
  readonly thresholds?: readonly ChartThreshold[];
  /** 7/14/30/90 days ending at `end` (default: the latest reading), or a custom window. */
  readonly range: VisibleRange;
  readonly end?: number;
  /** Unit shown above the value axis, e.g. "mg/dL". */
  readonly unitLabel: string;
  /** Accessible name of the chart, e.g. "Glucose, last 14 days". */
  readonly ariaLabel: string;
  readonly formatTime: (t: number, stepMs: number) => string;
  readonly formatValue: (value: number) => string;
  /** Words for the screen-reader summary; `null` when there is nothing to show. */
  readonly describe: (summary: VisibleSummary | null) => string;
  /** Wider spacing than this is drawn as a gap; default 3 × the typical spacing. */
  readonly maxGapMs?: number;
  /** The clinician's zone, for round local tick times; default the browser's zone. */
  readonly tzOffsetMinutes?: (t: number) => number;
  /** CSS px; the width follows the container. */
  readonly height?: number;
  readonly theme?: ChartTheme;
}

const NO_THRESHOLDS: readonly ChartThreshold[] = [];
const browserOffset = (t: number): number => -new Date(t).getTimezoneOffset();

interface Drag {
  readonly pointerId: number;
  readonly x: number;
  readonly start: TimeWindow;
  window: TimeWindow;
}

export function MetricCanvasChart({
  series,
  thresholds = NO_THRESHOLDS,
  range,
  end,
  unitLabel,
  ariaLabel,
  formatTime,
  formatValue,
  describe,
  maxGapMs,
  tzOffsetMinutes = browserOffset,
  height = 240,
  theme,
}: MetricCanvasChartProps) {
  const summaryId = useId();
  const cache = useMemo(
    () => new DownsampleCache(series, { maxGap: maxGapMs }),
    [series, maxGapMs],
  );
  const yDomain = useMemo(() => seriesYDomain(cache, thresholds), [cache, thresholds]);
  const last = cache.timeExtent?.last ?? null;
  const initial = initialWindow(range, last, end);
  const viewKey = `${rangeKey(range)}|${end ?? ''}`;

  // The settled window. Reset when the range or the data changes (React's "adjust state when
  // a prop changes" pattern: compared during render, no effect).
  const [view, setView] = useState({ key: viewKey, cache, window: initial });
  let settled = view.window;
  if (view.key !== viewKey || view.cache !== cache) {
    settled = initial;
    setView({ key: viewKey, cache, window: initial });
  }
  const bounds = settled && initial ? panBounds(initial, cache.timeExtent) : null;

  const drag = useRef<Drag | null>(null);
  const plot = useRef<PlotArea | null>(null);
  const painter = useRef<MetricChartPainter | null>(null);
  const { containerRef, canvasRef, requestDraw } = useCanvasFrame((ctx, size) => {
    const window = drag.current?.window ?? settled;
    let p = painter.current;
    if (p?.ctx !== ctx || p.cache !== cache) {
      p = new MetricChartPainter(ctx, cache);
      painter.current = p;
    }
    if (window === null) {
      ctx.clearRect(0, 0, size.width, size.height);
      p.invalidate();
      plot.current = null;
      return;
    }
    // While dragging, a frame reuses the last one's pixels; a whole frame when the drag ends.
    plot.current = p.paint(
      {
        width: size.width,
        height: size.height,
        window,
        yDomain,
        thresholds,
        formatTime,
        formatValue,
        unitLabel,
        tzOffsetMinutes,
        pixelRatio: size.dpr,
        theme,
      },
      drag.current !== null,
    ).plot;
  });

  const summary = useMemo(
    () => (settled ? summarizeWindow(series, settled, thresholds, cache.maxGap) : null),
    [series, settled, thresholds, cache],
  );

  const settle = (window: TimeWindow): void => {
    setView((v) => ({ ...v, window }));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (!settled || !bounds) return;
    const delta = keyPanMs(event.key, settled);
    if (delta === null) return;
    event.preventDefault();
    settle(panWindow(settled, delta, bounds));
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (event.button !== 0 || !settled) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = {
      pointerId: event.pointerId,
      x: event.clientX,
      start: settled,
      window: settled,
    };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>): void => {
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId || !bounds) return;
    const delta = dragPanMs(event.clientX - current.x, current.start, plot.current?.width ?? 0);
    current.window = panWindow(current.start, delta, bounds);
    requestDraw();
  };
  const onPointerEnd = (event: PointerEvent<HTMLDivElement>): void => {
    const current = drag.current;
    if (!current || current.pointerId !== event.pointerId) return;
    drag.current = null;
    settle(current.window);
  };

  return (
    <div
      ref={containerRef}
      role="group"
      aria-label={ariaLabel}
      aria-describedby={summaryId}
      aria-keyshortcuts="ArrowLeft ArrowRight PageUp PageDown Home End"
      tabIndex={0}
      data-testid="metric-canvas-chart"
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerEnd}
      onPointerCancel={onPointerEnd}
      style={{ position: 'relative', height, touchAction: 'pan-y', cursor: 'grab' }}
    >
      <canvas
        ref={canvasRef}
        aria-hidden="true"
        style={{ display: 'block', width: '100%', height: '100%' }}
      />
      <p id={summaryId} aria-live="polite" style={VISUALLY_HIDDEN}>
        {describe(summary)}
      </p>
    </div>
  );
}
