/**
 * Colours and type for the canvas charts. Canvas cannot read CSS variables per stroke cheaply,
 * so the component resolves a theme once and passes plain strings; the defaults are Mantine's
 * light palette (red.1 / yellow.1 bands, blue.7 line) so the charts match the app.
 */

/** Minimal 2D context the drawing functions need: a real canvas context, or a recording fake in tests. */
export type DrawingContext = Pick<
  CanvasRenderingContext2D,
  | 'beginPath'
  | 'closePath'
  | 'moveTo'
  | 'lineTo'
  | 'stroke'
  | 'fill'
  | 'fillRect'
  | 'clearRect'
  | 'rect'
  | 'clip'
  | 'save'
  | 'restore'
  | 'fillText'
  | 'measureText'
  | 'setLineDash'
  | 'lineDashOffset'
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'lineJoin'
  | 'font'
  | 'textAlign'
  | 'textBaseline'
>;

export interface ChartTheme {
  readonly background: string;
  readonly line: string;
  readonly lineWidth: number;
  /** Red threshold band (fill) and its edge line. */
  readonly red: string;
  readonly redEdge: string;
  readonly yellow: string;
  readonly yellowEdge: string;
  readonly grid: string;
  readonly axis: string;
  readonly text: string;
  /** CSS font shorthand for tick labels. */
  readonly font: string;
  /** AGP: 5–95 % band, 25–75 % band, median line, target range lines. */
  readonly agpOuter: string;
  readonly agpInner: string;
  readonly agpMedian: string;
  readonly target: string;
}

export const DEFAULT_CHART_THEME: ChartTheme = {
  background: '#ffffff',
  line: '#1971c2',
  lineWidth: 1.5,
  red: '#ffe3e3',
  redEdge: '#e03131',
  yellow: '#fff3bf',
  yellowEdge: '#f08c00',
  grid: '#e9ecef',
  axis: '#868e96',
  text: '#495057',
  font: '12px system-ui, sans-serif',
  agpOuter: '#d0ebff',
  agpInner: '#74c0fc',
  agpMedian: '#1864ab',
  target: '#2f9e44',
};
