import { crispLine, drawSeries, type SeriesFrame } from './draw-series';
import { recordingContext } from './recording-context';
import { strokeSeries } from './series-line';
import { linearScale } from './scale';
import { DEFAULT_CHART_THEME } from './theme';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 9, 1);
const f64 = (values: readonly number[]): Float64Array => Float64Array.from(values);

describe('strokeSeries', () => {
  const x = linearScale([0, 10], [0, 100]);
  const y = linearScale([0, 10], [100, 0]);

  it('lifts the pen at a gap and never draws a line across it', () => {
    const ctx = recordingContext();
    const runs = strokeSeries(
      ctx,
      f64([0, 1, 2, 5, 8, 9]),
      f64([1, 2, 3, Number.NaN, 4, 5]),
      x,
      y,
      DEFAULT_CHART_THEME,
    );
    expect(runs).toBe(2);
    const path = ctx.calls
      .filter((c) => c.op === 'moveTo' || c.op === 'lineTo')
      .map((c) => [c.op, ...c.args]);
    expect(path).toEqual([
      ['moveTo', 0, 90],
      ['lineTo', 10, 80],
      ['lineTo', 20, 70],
      ['moveTo', 80, 60],
      ['lineTo', 90, 50],
    ]);
    expect(ctx.calls.filter((c) => c.op === 'fillRect')).toHaveLength(0);
  });

  it('marks a reading alone between two gaps, which a line could not show', () => {
    const ctx = recordingContext();
    strokeSeries(
      ctx,
      f64([0, 3, 5, 7]),
      f64([1, Number.NaN, 4, Number.NaN]),
      x,
      y,
      DEFAULT_CHART_THEME,
    );
    const squares = ctx.calls.filter((c) => c.op === 'fillRect');
    const size = DEFAULT_CHART_THEME.lineWidth * 2 + 1; // 4 px
    expect(squares.map((c) => c.args)).toEqual([
      [0 - size / 2, 90 - size / 2, size, size],
      [50 - size / 2, 60 - size / 2, size, size],
    ]);
  });
});

describe('strokeSeries on a sub-range', () => {
  const x = linearScale([0, 10], [0, 100]);
  const y = linearScale([0, 10], [100, 0]);
  const xs = f64([0, 1, 2, 3, 4]);
  const ys = f64([1, 2, Number.NaN, 4, Number.NaN]);

  it('looks beyond the range for neighbours: a reading joined to one outside is not lone', () => {
    // Range [1, 4): reading 1 is joined to reading 0 (outside), reading 3 is truly alone.
    const ctx = recordingContext();
    strokeSeries(ctx, xs, ys, x, y, DEFAULT_CHART_THEME, 1.5, 1, 4);
    const squares = ctx.calls.filter((c) => c.op === 'fillRect').map((c) => c.args[0]);
    expect(squares).toEqual([30 - 2]);
    const path = ctx.calls.filter((c) => c.op === 'moveTo' || c.op === 'lineTo');
    expect(path.map((c) => [c.op, ...c.args])).toEqual([
      ['moveTo', 10, 80],
      ['moveTo', 30, 60],
    ]);
  });
});

describe('crispLine', () => {
  it('centres a 1 CSS px line on whole device pixels', () => {
    expect(crispLine(10.2, 1)).toBe(10.5); // device column 10
    expect(crispLine(10.3, 2)).toBe(10.5); // device columns 20–21
    expect(crispLine(10.8, 2)).toBe(11); // device columns 21–22
  });
});

describe('drawSeries', () => {
  const frame: SeriesFrame = {
    width: 600,
    height: 250,
    window: { from: T0, to: T0 + 24 * HOUR },
    yDomain: [0, 300],
    thresholds: [
      { level: 'yellow', kind: 'above', value: 150 },
      { level: 'red', kind: 'above', value: 250 },
      { level: 'red', kind: 'below', value: 60 },
    ],
    formatTime: (t) => `T${new Date(t).getUTCHours()}`,
    formatValue: (v) => `${v}!`,
    unitLabel: 'mg/dL',
    tzOffsetMinutes: () => 0,
  };

  it('lays out the plot beside the widest value label and returns it', () => {
    const ctx = recordingContext();
    const plot = drawSeries(ctx, { xs: f64([]), ys: f64([]) }, frame);
    // Widest label "300!" = 4 × 6 px; + 2 × 8 px gap → left 40; top 20, bottom 22, right 12.
    expect(plot).toEqual({ left: 40, top: 20, width: 548, height: 208 });
  });

  it('draws yellow bands first and red over them, edge to edge of the plot', () => {
    const ctx = recordingContext();
    drawSeries(ctx, { xs: f64([]), ys: f64([]) }, frame);
    const bands = ctx.calls.filter(
      (c) =>
        c.op === 'fillRect' &&
        (c.fill === DEFAULT_CHART_THEME.yellow || c.fill === DEFAULT_CHART_THEME.red),
    );
    // y(v) = 20 + 208 × (1 − v / 300): y(150) = 124, y(250) = 54.666…, y(60) = 186.4.
    expect(bands.map((c) => c.fill)).toEqual([
      DEFAULT_CHART_THEME.yellow,
      DEFAULT_CHART_THEME.red,
      DEFAULT_CHART_THEME.red,
    ]);
    const [yellow, redAbove, redBelow] = bands.map((c) => c.args as number[]);
    expect(yellow).toEqual([40, 20, 548, 104]);
    expect(redAbove?.[3]).toBeCloseTo(208 / 6, 9);
    expect(redBelow?.[1]).toBeCloseTo(186.4, 9);
    expect(redBelow?.[3]).toBeCloseTo(228 - 186.4, 9);
  });

  it('labels axes with the caller’s formatters and the unit', () => {
    const ctx = recordingContext();
    drawSeries(ctx, { xs: f64([]), ys: f64([]) }, frame);
    const texts = ctx.calls.filter((c) => c.op === 'fillText').map((c) => c.args[0]);
    expect(texts).toEqual(expect.arrayContaining(['0!', '100!', '300!', 'mg/dL']));
    // 548 px / 96 px → at most 5 time ticks over 24 h → every 6 h.
    expect(texts.filter((t) => String(t).startsWith('T'))).toEqual([
      'T0',
      'T6',
      'T12',
      'T18',
      'T0',
    ]);
  });

  it('draws the series clipped to the plot', () => {
    const ctx = recordingContext();
    drawSeries(ctx, { xs: f64([T0, T0 + 12 * HOUR]), ys: f64([0, 300]) }, frame);
    const ops = ctx.calls.map((c) => c.op);
    const clip = ops.lastIndexOf('clip');
    expect(ops.slice(clip)).toEqual(['clip', 'beginPath', 'moveTo', 'lineTo', 'stroke', 'restore']);
    const line = ctx.calls.slice(clip).filter((c) => c.op === 'moveTo' || c.op === 'lineTo');
    expect(line.map((c) => c.args)).toEqual([
      [40, 228],
      [314, 20],
    ]);
  });

  it('draws a dense line 1 device pixel wide and a sparse one at the theme width', () => {
    const lineWidthOf = (n: number): number | undefined => {
      const ctx = recordingContext();
      const xs = Float64Array.from({ length: n }, (_, i) => T0 + (i * 24 * HOUR) / n);
      const ys = Float64Array.from({ length: n }, (_, i) => 100 + (i % 7));
      drawSeries(ctx, { xs, ys }, { ...frame, pixelRatio: 2 });
      return ctx.calls.filter((c) => c.op === 'stroke').at(-1)?.lineWidth;
    };
    // Plot 548 px wide: dense above 274 points.
    expect(lineWidthOf(275)).toBe(0.5);
    expect(lineWidthOf(274)).toBe(DEFAULT_CHART_THEME.lineWidth);
  });
});
