// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PrintOutcome } from '../../host/Host';
import { renderAudit } from '../audit/audit-test-support';
import { recordingContext } from './charts/recording-context';
import { monitoredPatient } from './patient-fixture';
import { PrintReportButton, reportFileName } from './PrintReportButton';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  // jsdom has no canvas: a recording context stands in, and the image is a fixed data URL.
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(
    () => ({ ...recordingContext(), setTransform: () => undefined }) as unknown as RenderingContext,
  );
  vi.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockReturnValue(PNG);
});
afterEach(() => vi.restoreAllMocks());

describe('PrintReportButton', () => {
  it(
    'prints only the report, one page per patient, with charts as images',
    { timeout: 15_000 },
    async () => {
      const { patient, row } = monitoredPatient();
      const seen: { attribute: boolean; pages: string[]; charts: number; rows: number }[] = [];
      const printView = vi.fn((options: { suggestedFileName: string }): Promise<PrintOutcome> => {
        const portal = document.querySelector('[data-monitoring-print-portal]');
        seen.push({
          attribute: document.documentElement.hasAttribute('data-monitoring-printing'),
          pages: [...(portal?.querySelectorAll('.cw-report-page') ?? [])].map(
            (p) => (p as HTMLElement).dataset.patientId ?? '',
          ),
          charts: portal?.querySelectorAll('img[data-testid="report-chart"]').length ?? 0,
          rows: portal?.querySelectorAll('[data-testid="report-thresholds"] tr').length ?? 0,
        });
        expect(options.suggestedFileName).toMatch(/^monitoring-report-p1-\d{4}-\d{2}-\d{2}\.pdf$/);
        return Promise.resolve('printed');
      });
      renderAudit(<PrintReportButton entries={[{ patient, row }]} />, { host: { printView } });
      await userEvent.click(screen.getByTestId('print-report'));
      // jsdom never loads images: the button waits its 3 s at most, then prints.
      await waitFor(() => expect(printView).toHaveBeenCalledTimes(1), { timeout: 5000 });
      // Printing: the portal is in and marked. Charts: BP systolic + diastolic and weight
      // (glucose has no readings: said in words); thresholds: weight 2 + BP 4 + glucose 3.
      expect(seen).toEqual([{ attribute: true, pages: ['p1'], charts: 3, rows: 9 }]);
      // Afterwards the portal and the mark are gone.
      await waitFor(() =>
        expect(document.querySelector('[data-monitoring-print-portal]')).toBeNull(),
      );
      expect(document.documentElement.hasAttribute('data-monitoring-printing')).toBe(false);
    },
  );

  it('says when the PDF was not saved, and when printing failed', { timeout: 20_000 }, async () => {
    const { patient, row } = monitoredPatient();
    const printView = vi
      .fn<(o: { suggestedFileName: string }) => Promise<PrintOutcome>>()
      .mockResolvedValueOnce('cancelled')
      .mockRejectedValueOnce(new Error('no printer'));
    renderAudit(<PrintReportButton entries={[{ patient, row }]} />, { host: { printView } });
    await userEvent.click(screen.getByTestId('print-report'));
    expect(
      await screen.findByText('The report was not saved.', undefined, { timeout: 5000 }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('print-report'));
    expect(
      await screen.findByText('The report could not be printed.', undefined, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(document.documentElement.hasAttribute('data-monitoring-printing')).toBe(false);
  });

  it('names the file after the patient and the day, without unsafe characters', () => {
    expect(reportFileName(['p1'], '2026-11-01')).toBe('monitoring-report-p1-2026-11-01.pdf');
    expect(reportFileName(['a/b'], '2026-11-01')).toBe('monitoring-report-a_b-2026-11-01.pdf');
    expect(reportFileName(['a', 'b'], '2026-11-01')).toBe(
      'monitoring-report-2-patients-2026-11-01.pdf',
    );
  });
});
