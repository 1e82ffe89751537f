/**
 * What the open chart tells the app-wide offline banner: the "as of" time of the records on
 * screen. Separate from {@link OfflineContext} so reporting it does not re-render every view.
 */
import { createContext, useContext, useEffect } from 'react';

export const ReportAsOfContext = createContext<((asOf: number | undefined) => void) | null>(null);

/** The chart reports the oldest fetch time of what it shows (cleared when it unmounts). */
export function useReportAsOf(asOf: number | undefined): void {
  const report = useContext(ReportAsOfContext);
  useEffect(() => {
    report?.(asOf);
  }, [report, asOf]);
  useEffect(() => () => report?.(undefined), [report]);
}
