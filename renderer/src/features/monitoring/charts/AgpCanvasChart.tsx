/**
 * The 24-hour glucose AGP on a canvas (see ./draw-agp), with its text summary for screen
 * readers beside it. The caller computes the profile (shared/monitoring/agp) and the summary
 * words (in the clinician's language, from the same metrics it shows in the table).
 */
import { useId } from 'react';
import type { AgpProfile } from '../../../../../shared/monitoring/agp';
import { drawAgp } from './draw-agp';
import type { ChartTheme } from './theme';
import { useCanvasFrame } from './useCanvasFrame';
import { VISUALLY_HIDDEN } from './visually-hidden';

export interface AgpCanvasChartProps {
  readonly profile: AgpProfile;
  /** Unit the clinician reads, e.g. "mg/dL" or "mmol/L (converted)". */
  readonly unitLabel: string;
  /** mg/dL → displayed unit. */
  readonly toDisplay: (mgdl: number) => number;
  /** Target range in mg/dL; default 70–180. */
  readonly targetMgdl?: { readonly low: number; readonly high: number };
  readonly formatHour: (minuteOfDay: number) => string;
  readonly formatValue: (value: number) => string;
  readonly ariaLabel: string;
  /** What the picture shows, in words (read by screen readers only). */
  readonly summary: string;
  readonly height?: number;
  readonly theme?: ChartTheme;
}

export function AgpCanvasChart({
  profile,
  unitLabel,
  toDisplay,
  targetMgdl,
  formatHour,
  formatValue,
  ariaLabel,
  summary,
  height = 280,
  theme,
}: AgpCanvasChartProps) {
  const summaryId = useId();
  const { containerRef, canvasRef } = useCanvasFrame((ctx, size) => {
    drawAgp(ctx, profile, {
      width: size.width,
      height: size.height,
      unitLabel,
      toDisplay,
      targetMgdl,
      formatHour,
      formatValue,
      theme,
    });
  });
  return (
    <div style={{ position: 'relative' }} data-testid="agp-canvas-chart">
      <div
        ref={containerRef}
        role="img"
        aria-label={ariaLabel}
        aria-describedby={summaryId}
        style={{ height }}
      >
        <canvas
          ref={canvasRef}
          aria-hidden="true"
          style={{ display: 'block', width: '100%', height: '100%' }}
        />
      </div>
      <p id={summaryId} style={VISUALLY_HIDDEN}>
        {summary}
      </p>
    </div>
  );
}
