import { DownsampleCache } from './downsample-cache';
import type { SeriesFrame } from './draw-series';
import { MetricChartPainter, TILE_PX, type Layer } from './metric-painter';
import { recordingContext, type Call } from './recording-context';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 9, 1);

/** Hourly readings for 10 days, with a gap (NaN) at hour 130. */
const series = {
  xs: Float64Array.from({ length: 240 }, (_, i) => T0 + i * HOUR),
  ys: Float64Array.from({ length: 240 }, (_, i) => (i === 130 ? Number.NaN : 100 + (i % 24) * 5)),
};

const frame: SeriesFrame = {
  width: 600,
  height: 250,
  window: { from: T0 + 5 * DAY, to: T0 + 7 * DAY },
  yDomain: [0, 300],
  thresholds: [{ level: 'red', kind: 'above', value: 250 }],
  formatTime: (t) => `T${new Date(t).getUTCHours()}`,
  formatValue: (v) => `${v}!`,
  unitLabel: 'mg/dL',
  tzOffsetMinutes: () => 0,
  pixelRatio: 2,
};

interface FakeLayer {
  readonly image: { readonly tile: number };
  readonly ctx: ReturnType<typeof recordingContext>;
}

function setup(withLayers = true): {
  ctx: ReturnType<typeof recordingContext>;
  painter: MetricChartPainter;
  layers: FakeLayer[];
} {
  const ctx = recordingContext({ width: 1200, height: 500 });
  const layers: FakeLayer[] = [];
  const painter = new MetricChartPainter(ctx, new DownsampleCache(series), (width, height) => {
    if (!withLayers) return null;
    const layer = { image: { tile: layers.length }, ctx: recordingContext({ width, height }) };
    layers.push(layer);
    return layer as unknown as Layer;
  });
  return { ctx, painter, layers };
}

const pathPoints = (calls: readonly Call[]): number[][] =>
  calls.filter((c) => c.op === 'moveTo' || c.op === 'lineTo').map((c) => c.args as number[]);

/** moveTo/lineTo points of the series: the paths stroked right after a clip to the plot. */
function linePoints(calls: readonly Call[]): number[][] {
  const points: number[][] = [];
  let inLine = false;
  calls.forEach((c, i) => {
    const before = calls[i - 1];
    if (c.op === 'clip' && before?.op === 'rect' && before.args.join() === '40,20,548,208') {
      inLine = true;
    } else if (c.op === 'stroke') inLine = false;
    else if (inLine && (c.op === 'moveTo' || c.op === 'lineTo')) points.push(c.args as number[]);
  });
  return points;
}

describe('MetricChartPainter', () => {
  // Plot (fake measureText, 6 px a character; "300!" is the widest label): left 40, top 20,
  // width 548, height 208 CSS px → device columns 80…1176, rows 40…456. 2 days in 1,096
  // device px: one hour is 22.83 device px.
  const perHour = 1096 / 48;
  const earlier = (f: SeriesFrame, ms: number): SeriesFrame => ({
    ...f,
    window: { from: f.window.from - ms, to: f.window.to - ms },
  });

  it('pans by copying line tiles at whole device pixels onto a fresh chrome', () => {
    const { ctx, painter, layers } = setup();
    painter.paint(frame, false);
    ctx.calls.length = 0;
    painter.paint(earlier(frame, HOUR), true);

    // 22.83 px → 23 px: the window shown is the one 23 device px earlier.
    const shown = painter.shown;
    expect(shown?.from).toBeCloseTo(frame.window.from - (23 / perHour) * HOUR, 0);
    expect((shown?.to ?? 0) - (shown?.from ?? 0)).toBe(2 * DAY);
    // Device columns −23 … 1,073 of the grid → tiles −1 … 4, each copied 1:1 from 4 px in.
    const copies = ctx.calls.filter((c) => c.op === 'drawImage');
    expect(copies.map((c) => c.args.slice(1))).toEqual(
      [-1, 0, 1, 2, 3, 4].map((j) => [4, 0, TILE_PX, 416, 80 + j * TILE_PX + 23, 40, TILE_PX, 416]),
    );
    expect(layers).toHaveLength(6);
    // The chrome is drawn whole, then the tiles are copied inside the plot.
    expect(ctx.calls.filter((c) => c.op === 'fillText').map((c) => c.args[0])).toContain('mg/dL');
  });

  it('draws each tile as the whole frame draws the line there', () => {
    const { painter, layers } = setup();
    painter.paint(frame, false);
    painter.paint(earlier(frame, HOUR), true);
    const whole = setup();
    whole.painter.paint(frame, false); // the grid's origin is the first window
    const everything = linePoints(whole.ctx.calls);
    const tile0 = layers[1]; // tile 0: device columns 0…255 of the plot
    const drawn = pathPoints(tile0?.ctx.calls ?? []);
    expect(drawn.length).toBeGreaterThan(10);
    for (const [x, y] of drawn.filter(([px]) => (px as number) >= 40)) {
      const match = everything.find(([wx]) => Math.abs((wx as number) - (x as number)) < 1e-6);
      expect(match?.[1]).toBeCloseTo(y as number, 9);
    }
    const transforms = tile0?.ctx.calls.filter((c) => c.op === 'setTransform');
    expect(transforms?.map((c) => c.args)).toEqual([[2, 0, 0, 2, 4 - 80, -40]]);
  });

  it('reuses tiles and draws only those a pan exposes', () => {
    const { painter, layers } = setup();
    painter.paint(frame, false);
    painter.paint(earlier(frame, HOUR), true);
    expect(layers).toHaveLength(6);
    painter.paint(earlier(frame, 2 * HOUR), true); // −46 px: still tiles −1 … 4
    expect(layers).toHaveLength(6);
    painter.paint(earlier(frame, 12 * HOUR), true); // −274 px: tile −2 appears
    expect(layers).toHaveLength(7);
  });

  it('paints a whole frame when anything but the position changes', () => {
    const cases: ((f: SeriesFrame) => SeriesFrame)[] = [
      (f) => ({ ...f, formatValue: (v) => `${v}!` }),
      (f) => ({ ...f, window: { from: f.window.from - HOUR, to: f.window.to } }),
      (f) => ({ ...f, width: 601 }),
      (f) => ({ ...f, thresholds: [] }),
    ];
    for (const change of cases) {
      const { ctx, painter } = setup();
      painter.paint(frame, false);
      ctx.calls.length = 0;
      painter.paint(earlier(change(frame), HOUR), true);
      expect(ctx.calls.filter((c) => c.op === 'drawImage')).toHaveLength(0);
    }
  });

  it('paints whole frames with nothing to reuse, after invalidate() and without layers', () => {
    const { ctx, painter } = setup();
    painter.paint(frame, true);
    painter.invalidate();
    painter.paint(earlier(frame, HOUR), true);
    expect(ctx.calls.filter((c) => c.op === 'drawImage')).toHaveLength(0);
    const bare = setup(false);
    bare.painter.paint(frame, false);
    bare.painter.paint(earlier(frame, HOUR), true);
    expect(bare.ctx.calls.filter((c) => c.op === 'drawImage')).toHaveLength(0);
    expect(bare.painter.shown).toEqual(earlier(frame, HOUR).window);
  });
});
