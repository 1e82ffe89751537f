// @vitest-environment jsdom
import { act, fireEvent, render, screen } from '@testing-library/react';
import { AgpCanvasChart } from './AgpCanvasChart';
import { MetricCanvasChart, type MetricCanvasChartProps } from './MetricCanvasChart';
import { recordingContext } from './recording-context';
import type { VisibleSummary } from './summarize';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1);

/** 30 daily readings 100, 101, …, 129 at 08:00 UTC. */
const series = {
  xs: Float64Array.from({ length: 30 }, (_, i) => T0 + i * DAY + 8 * 3_600_000),
  ys: Float64Array.from({ length: 30 }, (_, i) => 100 + i),
};
const day = (t: number): string => new Date(t).toISOString().slice(0, 10);
const describeSummary = (s: VisibleSummary | null): string =>
  s === null
    ? 'No readings'
    : `${day(s.window.from)} to ${day(s.window.to)}: ${s.count} readings, highest ${s.max?.value ?? '-'}, ${s.beyond[0]?.count ?? 0} above red`;

function props(overrides: Partial<MetricCanvasChartProps> = {}): MetricCanvasChartProps {
  return {
    series,
    thresholds: [{ level: 'red', kind: 'above', value: 125 }],
    range: 7,
    unitLabel: 'kg',
    ariaLabel: 'Weight',
    formatTime: (t) => day(t),
    formatValue: (v) => `${v}`,
    describe: describeSummary,
    ...overrides,
  };
}

describe('MetricCanvasChart without a canvas context (jsdom)', () => {
  beforeEach(() => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  });
  afterEach(() => vi.restoreAllMocks());

  it('still gives screen readers the visible window in words', () => {
    render(<MetricCanvasChart {...props()} />);
    const chart = screen.getByRole('group', { name: 'Weight' });
    // 7 days ending at the last reading (10-30 08:00), both edges shown: 10-23 … 10-30.
    expect(chart).toHaveAccessibleDescription(
      '2026-10-23 to 2026-10-30: 8 readings, highest 129, 4 above red',
    );
  });

  it('pans with the keyboard and stops at the ends of the data', () => {
    render(<MetricCanvasChart {...props()} />);
    const chart = screen.getByRole('group', { name: 'Weight' });
    fireEvent.keyDown(chart, { key: 'PageUp' });
    expect(chart).toHaveAccessibleDescription(
      '2026-10-16 to 2026-10-23: 8 readings, highest 122, 0 above red',
    );
    fireEvent.keyDown(chart, { key: 'Home' });
    expect(chart).toHaveAccessibleDescription(
      '2026-10-01 to 2026-10-08: 8 readings, highest 107, 0 above red',
    );
    fireEvent.keyDown(chart, { key: 'ArrowLeft' });
    expect(chart).toHaveAccessibleDescription(/^2026-10-01 to 2026-10-08/);
    fireEvent.keyDown(chart, { key: 'End' });
    expect(chart).toHaveAccessibleDescription(/^2026-10-23 to 2026-10-30/);
  });

  it('resets the window when the range changes, and says when there is nothing to show', () => {
    const { rerender } = render(<MetricCanvasChart {...props()} />);
    const chart = screen.getByRole('group', { name: 'Weight' });
    fireEvent.keyDown(chart, { key: 'Home' });
    rerender(<MetricCanvasChart {...props({ range: 14 })} />);
    expect(chart).toHaveAccessibleDescription(/^2026-10-16 to 2026-10-30: 15 readings/);
    rerender(
      <MetricCanvasChart
        {...props({ series: { xs: new Float64Array(0), ys: new Float64Array(0) } })}
      />,
    );
    expect(chart).toHaveAccessibleDescription('No readings');
  });

  it('AgpCanvasChart renders its summary', () => {
    render(
      <AgpCanvasChart
        profile={{
          window: { from: 0, to: DAY },
          binMinutes: 60,
          bins: [],
          readings: 0,
          rejected: 0,
        }}
        unitLabel="mg/dL"
        toDisplay={(v) => v}
        formatHour={(m) => `${m / 60}`}
        formatValue={(v) => `${v}`}
        ariaLabel="Glucose profile"
        summary="Median 120 mg/dL overnight"
      />,
    );
    expect(screen.getByRole('img', { name: 'Glucose profile' })).toHaveAccessibleDescription(
      'Median 120 mg/dL overnight',
    );
  });
});

describe('MetricCanvasChart with a canvas context', () => {
  afterEach(() => vi.restoreAllMocks());

  it('draws in an animation frame, scaled for devicePixelRatio, with the caller’s labels', async () => {
    const ctx = Object.assign(recordingContext(), { setTransform: vi.fn() });
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(
      ctx as unknown as CanvasRenderingContext2D,
    );
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
      width: 640,
      height: 240,
    } as DOMRect);
    vi.spyOn(window, 'devicePixelRatio', 'get').mockReturnValue(2);
    const { container } = render(<MetricCanvasChart {...props()} />);
    expect(ctx.calls).toHaveLength(0); // nothing drawn outside requestAnimationFrame
    await act(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    const canvas = container.querySelector('canvas');
    expect(canvas?.width).toBe(1280);
    expect(canvas?.height).toBe(480);
    expect(ctx.setTransform).toHaveBeenCalledWith(2, 0, 0, 2, 0, 0);
    const texts = ctx.calls.filter((c) => c.op === 'fillText').map((c) => c.args[0]);
    expect(texts).toContain('kg');
    expect(texts).toContain('2026-10-26');
  });

  it('pans by drag: dragging right by half the plot shows an earlier half window', async () => {
    const ctx = Object.assign(recordingContext(), { setTransform: vi.fn() });
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(
      ctx as unknown as CanvasRenderingContext2D,
    );
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
      width: 640,
      height: 240,
    } as DOMRect);
    // jsdom has no pointer capture.
    Object.defineProperty(HTMLElement.prototype, 'setPointerCapture', {
      configurable: true,
      value: vi.fn(),
    });
    render(<MetricCanvasChart {...props({ range: 14 })} />);
    await act(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    const chart = screen.getByRole('group', { name: 'Weight' });
    // Value labels "100"…"130" are 18 px wide (fake measureText) → plot left 18 + 2 × 8 = 34,
    // width 640 − 34 − 12 = 594; drag right by half of it.
    const half = (640 - 34 - 12) / 2;
    fireEvent.pointerDown(chart, { pointerId: 1, button: 0, clientX: 400 });
    fireEvent.pointerMove(chart, { pointerId: 1, clientX: 400 + half });
    fireEvent.pointerUp(chart, { pointerId: 1, clientX: 400 + half });
    // 14 days ending 10-30 → 7 days earlier: 10-09 … 10-23.
    expect(chart).toHaveAccessibleDescription(/^2026-10-09 to 2026-10-23: 15 readings/);
  });
});
