/** The chart's sections, in tab order (also each tab's `data-testid="tab-<value>"`). */
export const CHART_TABS = [
  'summary',
  'problems',
  'medications',
  'allergies',
  'immunizations',
  'vitals',
  'encounters',
  'imaging',
  'documents',
  'timeline',
  'notes',
  'monitoring',
] as const;
export type ChartTab = (typeof CHART_TABS)[number];
