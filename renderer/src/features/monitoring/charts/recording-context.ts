/**
 * Test helper: a DrawingContext that records every call instead of painting, so drawing code
 * is checked by what it asked the canvas to do (jsdom has no canvas).
 */
import type { PaintingContext } from './metric-painter';

export interface Call {
  readonly op: string;
  readonly args: readonly unknown[];
  /** fillStyle / strokeStyle / lineWidth at the time of the call. */
  readonly fill: unknown;
  readonly stroke: unknown;
  readonly lineWidth: number;
}

export function recordingContext(
  canvas: { width: number; height: number } = { width: 300, height: 150 },
): PaintingContext & { calls: Call[] } {
  const calls: Call[] = [];
  const ctx = {
    calls,
    fillStyle: '#000' as unknown,
    strokeStyle: '#000' as unknown,
    lineWidth: 1,
    lineDashOffset: 0,
    globalCompositeOperation: 'source-over',
    canvas,
    lineJoin: 'miter',
    font: '10px sans-serif',
    textAlign: 'start',
    textBaseline: 'alphabetic',
    // 6 px per character: enough for layout maths.
    measureText: (text: string) => ({ width: text.length * 6 }) as TextMetrics,
  };
  const record =
    (op: string) =>
    (...args: unknown[]): void => {
      calls.push({
        op,
        args,
        fill: ctx.fillStyle,
        stroke: ctx.strokeStyle,
        lineWidth: ctx.lineWidth,
      });
    };
  for (const op of [
    'beginPath',
    'closePath',
    'moveTo',
    'lineTo',
    'stroke',
    'fill',
    'fillRect',
    'clearRect',
    'rect',
    'clip',
    'save',
    'restore',
    'fillText',
    'setLineDash',
    'setTransform',
    'drawImage',
  ]) {
    Object.assign(ctx, { [op]: record(op) });
  }
  return ctx as unknown as PaintingContext & { calls: Call[] };
}
