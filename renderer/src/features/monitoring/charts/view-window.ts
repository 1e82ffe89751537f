/**
 * Which stretch of time a metric chart shows, and how panning moves it. Pure: the component
 * keeps the window, these functions decide the next one.
 */

/** A preset of the monitoring panel (days ending at the latest reading) or a custom window. */
export type VisibleRange = 7 | 14 | 30 | 90 | { readonly from: number; readonly to: number };

/** `[from, to]` in epoch ms. */
export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

const DAY = 86_400_000;

export function rangeSpanMs(range: VisibleRange): number {
  return typeof range === 'number' ? range * DAY : range.to - range.from;
}

/** A stable key for a range, so an inline `{ from, to }` literal does not count as a change. */
export function rangeKey(range: VisibleRange): string {
  return typeof range === 'number' ? `${range}d` : `${range.from}-${range.to}`;
}

/**
 * The window first shown: a custom range as given; a preset ending at `end` (default: the
 * latest reading). `null` when a preset has nothing to end at (no readings, no `end`): the
 * chart then shows no time axis rather than an invented "now".
 */
export function initialWindow(
  range: VisibleRange,
  lastReading: number | null,
  end?: number,
): TimeWindow | null {
  if (typeof range !== 'number') return { from: range.from, to: range.to };
  const right = end ?? lastReading;
  return right === null ? null : { from: right - range * DAY, to: right };
}

/**
 * Where panning may go: the data's extent, widened to hold the initial window (so a custom
 * range beyond the data stays reachable).
 */
export function panBounds(
  initial: TimeWindow,
  extent: { first: number; last: number } | null,
): TimeWindow {
  if (extent === null) return initial;
  return { from: Math.min(extent.first, initial.from), to: Math.max(extent.last, initial.to) };
}

/**
 * Moves `window` by `deltaMs` (negative = earlier), keeping its span and keeping it inside
 * `bounds`; a window wider than the bounds stays anchored at the bounds' end.
 */
export function panWindow(window: TimeWindow, deltaMs: number, bounds: TimeWindow): TimeWindow {
  const span = window.to - window.from;
  if (span >= bounds.to - bounds.from) return { from: bounds.to - span, to: bounds.to };
  const to = Math.min(bounds.to, Math.max(bounds.from + span, window.to + deltaMs));
  return { from: to - span, to };
}

/**
 * Keyboard panning (WAI-ARIA practice for sliders-like widgets): arrows move a tenth of the
 * window, Page Up/Down a whole window, Home/End jump to the start/end of the data. Returns
 * the shift in ms, or `null` for keys the chart does not handle (so Tab etc. still work).
 */
export function keyPanMs(key: string, window: TimeWindow): number | null {
  const span = window.to - window.from;
  switch (key) {
    case 'ArrowLeft':
      return -span / 10;
    case 'ArrowRight':
      return span / 10;
    case 'PageUp':
      return -span;
    case 'PageDown':
      return span;
    case 'Home':
      return -Infinity;
    case 'End':
      return Infinity;
    default:
      return null;
  }
}

/** Time shift of a horizontal drag of `dx` px over a plot `plotWidth` px wide (drag right → earlier). */
export function dragPanMs(dx: number, window: TimeWindow, plotWidth: number): number {
  if (!(plotWidth > 0)) return 0;
  return (-dx * (window.to - window.from)) / plotWidth;
}
