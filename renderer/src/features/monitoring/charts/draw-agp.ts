/**
 * Draws the 24-hour Ambulatory Glucose Profile: 5–95 % band (light), 25–75 % band (darker),
 * the median line and the target range lines (70 and 180 mg/dL by default), in the unit the
 * clinician reads (the caller passes a converter; the profile itself stays in mg/dL, see
 * shared/monitoring/agp). Bins without readings are left empty, never bridged.
 */
import type { AgpBand, AgpProfile } from '../../../../../shared/monitoring/agp';
import { plotArea, type PlotArea } from './draw-series';
import { linearScale, niceDomain, niceTicks, type LinearScale } from './scale';
import { DEFAULT_CHART_THEME, type ChartTheme, type DrawingContext } from './theme';

export interface AgpFrame {
  /** Canvas size in CSS px (context already scaled for devicePixelRatio). */
  readonly width: number;
  readonly height: number;
  readonly unitLabel: string;
  /** mg/dL → the displayed unit (identity for mg/dL; ÷ 18.016 for mmol/L). */
  readonly toDisplay: (mgdl: number) => number;
  /** Target range in mg/dL; consensus default 70–180. */
  readonly targetMgdl?: { readonly low: number; readonly high: number };
  /** Label of a local time of day, in minutes after midnight (0–1440). */
  readonly formatHour: (minuteOfDay: number) => string;
  readonly formatValue: (value: number) => string;
  readonly theme?: ChartTheme;
}

/** The AGP report's fixed scale top (350 mg/dL), widened if the 95th percentile goes higher. */
const AGP_TOP_MGDL = 350;
const DAY_MINUTES = 1440;

/** A contiguous run of bins with readings, as points along the day (bin centres). */
interface Run {
  readonly minutes: number[];
  readonly bands: AgpBand[];
}

/**
 * Runs of non-empty bins. A lone bin becomes two points at its edges so it shows as a short
 * flat band instead of a zero-width sliver.
 */
export function agpRuns(profile: AgpProfile): Run[] {
  const runs: Run[] = [];
  let current: Run | null = null;
  const half = profile.binMinutes / 2;
  for (const bin of profile.bins) {
    if (bin.band === null) {
      current = null;
      continue;
    }
    if (current === null) {
      current = { minutes: [], bands: [] };
      runs.push(current);
    }
    current.minutes.push(bin.startMinute + half);
    current.bands.push(bin.band);
  }
  for (const run of runs) {
    const only = run.bands[0];
    const centre = run.minutes[0];
    if (run.bands.length === 1 && only && centre !== undefined) {
      run.minutes.splice(0, 1, centre - half, centre + half);
      run.bands.push(only);
    }
  }
  return runs;
}

function fillBetween(
  ctx: DrawingContext,
  run: Run,
  low: keyof AgpBand,
  high: keyof AgpBand,
  x: LinearScale,
  y: (mgdl: number) => number,
): void {
  ctx.beginPath();
  run.minutes.forEach((m, i) => {
    const py = y((run.bands[i] as AgpBand)[high]);
    if (i === 0) ctx.moveTo(x.toPixel(m), py);
    else ctx.lineTo(x.toPixel(m), py);
  });
  for (let i = run.minutes.length - 1; i >= 0; i--) {
    ctx.lineTo(x.toPixel(run.minutes[i] as number), y((run.bands[i] as AgpBand)[low]));
  }
  ctx.closePath();
  ctx.fill();
}

export function drawAgp(ctx: DrawingContext, profile: AgpProfile, frame: AgpFrame): PlotArea {
  const theme = frame.theme ?? DEFAULT_CHART_THEME;
  const target = frame.targetMgdl ?? { low: 70, high: 180 };
  const highest = Math.max(
    AGP_TOP_MGDL,
    ...profile.bins.map((b) => b.band?.p95 ?? 0).filter(Number.isFinite),
  );
  const yDomain = niceDomain(0, frame.toDisplay(highest));
  ctx.font = theme.font;
  const guess = plotArea(frame.width, frame.height, 0);
  const yTicks = niceTicks(yDomain[0], yDomain[1], Math.max(2, guess.height / 40));
  const yLabels = yTicks.map((v) => frame.formatValue(v));
  const plot = plotArea(
    frame.width,
    frame.height,
    Math.max(0, ...yLabels.map((l) => ctx.measureText(l).width)),
  );
  const x = linearScale([0, DAY_MINUTES], [plot.left, plot.left + plot.width]);
  const yScale = linearScale(yDomain, [plot.top + plot.height, plot.top]);
  const y = (mgdl: number): number => yScale.toPixel(frame.toDisplay(mgdl));

  ctx.clearRect(0, 0, frame.width, frame.height);
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, frame.width, frame.height);

  ctx.lineWidth = 1;
  ctx.strokeStyle = theme.grid;
  ctx.fillStyle = theme.text;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.beginPath();
  yTicks.forEach((v, i) => {
    const py = Math.round(yScale.toPixel(v)) + 0.5;
    ctx.moveTo(plot.left, py);
    ctx.lineTo(plot.left + plot.width, py);
    ctx.fillText(yLabels[i] ?? '', plot.left - 8, py);
  });
  const hourStep = plot.width >= 480 ? 180 : 360;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (let m = 0; m <= DAY_MINUTES; m += hourStep) {
    const px = Math.round(x.toPixel(m)) + 0.5;
    ctx.moveTo(px, plot.top);
    ctx.lineTo(px, plot.top + plot.height);
    ctx.fillText(frame.formatHour(m), px, plot.top + plot.height + 4);
  }
  ctx.stroke();
  ctx.textAlign = 'left';
  ctx.fillText(frame.unitLabel, 4, 2);

  const runs = agpRuns(profile);
  ctx.fillStyle = theme.agpOuter;
  for (const run of runs) fillBetween(ctx, run, 'p5', 'p95', x, y);
  ctx.fillStyle = theme.agpInner;
  for (const run of runs) fillBetween(ctx, run, 'p25', 'p75', x, y);

  ctx.strokeStyle = theme.target;
  ctx.lineWidth = 1.5;
  ctx.fillStyle = theme.target;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  for (const mgdl of [target.low, target.high]) {
    const py = y(mgdl);
    ctx.beginPath();
    ctx.moveTo(plot.left, py);
    ctx.lineTo(plot.left + plot.width, py);
    ctx.stroke();
    ctx.fillText(frame.formatValue(frame.toDisplay(mgdl)), plot.left + plot.width - 2, py - 2);
  }

  ctx.strokeStyle = theme.agpMedian;
  ctx.lineWidth = 2;
  ctx.lineJoin = 'round';
  ctx.beginPath();
  for (const run of runs) {
    run.minutes.forEach((m, i) => {
      const py = y((run.bands[i] as AgpBand).p50);
      if (i === 0) ctx.moveTo(x.toPixel(m), py);
      else ctx.lineTo(x.toPixel(m), py);
    });
  }
  ctx.stroke();
  return plot;
}
