/**
 * Canvas plumbing shared by the chart components: a backing store sized to the container in
 * device pixels (devicePixelRatio-aware, kept in step by a ResizeObserver) and drawing only
 * inside requestAnimationFrame, at most once per frame however many times a draw is
 * requested (pointer moves arrive faster than frames).
 *
 * Without a 2D context (jsdom, or a browser that refuses one) nothing is drawn and nothing
 * throws: the components' text summary is then the whole chart.
 */
import { useCallback, useEffect, useRef, type RefObject } from 'react';

export interface CanvasSize {
  /** CSS px. */
  readonly width: number;
  readonly height: number;
  readonly dpr: number;
}

export type DrawFrame = (ctx: CanvasRenderingContext2D, size: CanvasSize) => void;

interface FrameState {
  ctx: CanvasRenderingContext2D | null;
  canvas: HTMLCanvasElement | null;
  size: CanvasSize;
  frame: number;
}

function resize(state: FrameState, width: number, height: number): void {
  const dpr = window.devicePixelRatio || 1;
  state.size = { width, height, dpr };
  if (state.canvas) {
    // Only on a real change: setting a canvas' size, even to the same value, clears it, and a
    // painter may be reusing its pixels (see ./metric-painter).
    const w = Math.max(1, Math.round(width * dpr));
    const h = Math.max(1, Math.round(height * dpr));
    if (state.canvas.width !== w) state.canvas.width = w;
    if (state.canvas.height !== h) state.canvas.height = h;
  }
}

/**
 * `draw` is called with the context scaled to CSS px. The latest `draw` is used and a frame is
 * requested after every render, so a component only re-renders to change what is drawn.
 */
export function useCanvasFrame(draw: DrawFrame): {
  containerRef: RefObject<HTMLDivElement | null>;
  canvasRef: RefObject<HTMLCanvasElement | null>;
  requestDraw: () => void;
} {
  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drawRef = useRef(draw);
  const state = useRef<FrameState>({
    ctx: null,
    canvas: null,
    size: { width: 0, height: 0, dpr: 1 },
    frame: 0,
  });

  const requestDraw = useCallback(() => {
    const s = state.current;
    if (s.frame !== 0 || s.ctx === null) return;
    s.frame = requestAnimationFrame(() => {
      s.frame = 0;
      const ctx = s.ctx;
      if (ctx === null) return;
      // A window moved to a screen with another pixel ratio: resize the backing store.
      if ((window.devicePixelRatio || 1) !== s.size.dpr) resize(s, s.size.width, s.size.height);
      if (s.size.width <= 0 || s.size.height <= 0) return;
      ctx.setTransform(s.size.dpr, 0, 0, s.size.dpr, 0, 0);
      drawRef.current(ctx, s.size);
    });
  }, []);

  useEffect(() => {
    drawRef.current = draw;
    requestDraw();
  });

  useEffect(() => {
    const canvas = canvasRef.current;
    const container = containerRef.current;
    if (!canvas || !container) return;
    const s = state.current;
    s.canvas = canvas;
    s.ctx = canvas.getContext('2d');
    if (s.ctx === null) return;
    const rect = container.getBoundingClientRect();
    resize(s, rect.width, rect.height);
    requestDraw();
    const observer =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver((entries) => {
            const box = entries[0]?.contentRect;
            if (!box) return;
            resize(s, box.width, box.height);
            requestDraw();
          });
    observer?.observe(container);
    return () => {
      observer?.disconnect();
      if (s.frame !== 0) cancelAnimationFrame(s.frame);
      s.frame = 0;
      s.ctx = null;
      s.canvas = null;
    };
  }, [requestDraw]);

  return { containerRef, canvasRef, requestDraw };
}
