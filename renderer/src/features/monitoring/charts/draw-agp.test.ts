import type { AgpBin, AgpProfile } from '../../../../../shared/monitoring/agp';
import { agpRuns, drawAgp, type AgpFrame } from './draw-agp';
import { recordingContext } from './recording-context';
import { DEFAULT_CHART_THEME } from './theme';

const band = (median: number) => ({
  p5: median - 40,
  p25: median - 20,
  p50: median,
  p75: median + 20,
  p95: median + 40,
});

/** Four 6-hour bins: readings at 00–06 and 06–12, none at 12–18, some at 18–24. */
function profile(): AgpProfile {
  const bins: AgpBin[] = [
    { startMinute: 0, count: 10, band: band(100) },
    { startMinute: 360, count: 10, band: band(140) },
    { startMinute: 720, count: 0, band: null },
    { startMinute: 1080, count: 3, band: band(200) },
  ];
  return { window: { from: 0, to: 86_400_000 }, binMinutes: 360, bins, readings: 23, rejected: 0 };
}

describe('agpRuns', () => {
  it('splits at empty bins and widens a lone bin to its edges', () => {
    const runs = agpRuns(profile());
    expect(runs.map((r) => r.minutes)).toEqual([
      [180, 540],
      [1080, 1440],
    ]);
    expect(runs[1]?.bands).toEqual([band(200), band(200)]);
  });
});

describe('drawAgp', () => {
  const mmol = (mgdl: number): number => mgdl / 18.016;
  const frame: AgpFrame = {
    width: 500,
    height: 300,
    unitLabel: 'mmol/L',
    toDisplay: mmol,
    formatHour: (m) => `${m / 60}h`,
    formatValue: (v) => v.toFixed(1),
  };

  it('labels the target range in the display unit (70/180 mg/dL = 3.9/10.0 mmol/L)', () => {
    const ctx = recordingContext();
    drawAgp(ctx, profile(), frame);
    const targetTexts = ctx.calls
      .filter((c) => c.op === 'fillText' && c.fill === DEFAULT_CHART_THEME.target)
      .map((c) => c.args[0]);
    expect(targetTexts).toEqual(['3.9', '10.0']);
  });

  it('fills the outer then inner band for each run; hour ticks thin out on a narrow plot', () => {
    const ctx = recordingContext();
    drawAgp(ctx, profile(), frame);
    const fills = ctx.calls.filter((c) => c.op === 'fill').map((c) => c.fill);
    expect(fills).toEqual([
      DEFAULT_CHART_THEME.agpOuter,
      DEFAULT_CHART_THEME.agpOuter,
      DEFAULT_CHART_THEME.agpInner,
      DEFAULT_CHART_THEME.agpInner,
    ]);
    const hoursAt = (width: number): unknown[] => {
      const c = recordingContext();
      drawAgp(c, profile(), { ...frame, width });
      return c.calls
        .filter((call) => call.op === 'fillText' && String(call.args[0]).endsWith('h'))
        .map((call) => call.args[0]);
    };
    // Plot = width − 40 (labels "20.0") − 12; 448 px < 480 → every 6 h, 648 px → every 3 h.
    expect(hoursAt(500)).toEqual(['0h', '6h', '12h', '18h', '24h']);
    expect(hoursAt(700)).toEqual(['0h', '3h', '6h', '9h', '12h', '15h', '18h', '21h', '24h']);
  });

  it('keeps the AGP report scale (0–350 mg/dL ≈ 19.4 mmol/L → axis to 20)', () => {
    const ctx = recordingContext();
    drawAgp(ctx, profile(), frame);
    const values = ctx.calls
      .filter((c) => c.op === 'fillText' && c.fill === DEFAULT_CHART_THEME.text)
      .map((c) => c.args[0]);
    expect(values).toContain('20.0');
    expect(values).not.toContain('25.0');
  });
});
