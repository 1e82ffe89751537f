import type { CSSProperties } from 'react';

/**
 * Hides text from sight but not from screen readers (the usual "sr-only" rule). A plain
 * style, not Mantine's VisuallyHidden, so the chart components need no provider.
 */
export const VISUALLY_HIDDEN: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clipPath: 'inset(50%)',
  whiteSpace: 'nowrap',
  border: 0,
};
