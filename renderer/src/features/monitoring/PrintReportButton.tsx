/**
 * "Print report": renders the monitoring report into a portal beside the app, waits until its
 * chart images are decoded, marks the document as printing (monitoring-print.css then shows
 * only the report in print media) and asks the host to print — Electron saves a PDF through
 * printToPDF, the browser opens its print dialog. The portal is removed afterwards; a cancelled
 * save is said, a failure shown.
 */
import { Button, Group, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { localToday } from '../../../../shared/fhir/dates';
import type { TriageRow } from '../../../../shared/monitoring/triage';
import { useHost } from '../../host/HostProvider';
import type { MonitoredPatient } from './monitoring-data';
import { MonitoringReport } from './MonitoringReport';
import './monitoring-print.css';

const PRINTING_ATTRIBUTE = 'data-monitoring-printing';

/** A file name without characters file systems refuse (ids are [A-Za-z0-9.-] in FHIR anyway). */
export function reportFileName(patientIds: readonly string[], today: string): string {
  const who = patientIds.length === 1 ? (patientIds[0] ?? '') : `${patientIds.length}-patients`;
  return `monitoring-report-${who.replace(/[^A-Za-z0-9.-]/g, '_')}-${today}.pdf`;
}

/** Longest wait for the chart images; after it the report prints with what has loaded. */
const IMAGE_WAIT_MS = 3000;

/** Resolves when every image under `root` has loaded or failed, or after {@link IMAGE_WAIT_MS}. */
async function imagesReady(root: HTMLElement | null): Promise<void> {
  if (!root) return;
  const pending = [...root.querySelectorAll('img')].filter((img) => !img.complete);
  if (pending.length === 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.all(
      pending.map(
        (img) =>
          new Promise<void>((resolve) => {
            img.addEventListener('load', () => resolve(), { once: true });
            img.addEventListener('error', () => resolve(), { once: true });
          }),
      ),
    ),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, IMAGE_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
}

export function PrintReportButton(props: {
  entries: readonly { patient: MonitoredPatient; row: TriageRow }[];
}): React.JSX.Element {
  const { t } = useTranslation('monitoring');
  const host = useHost();
  const [job, setJob] = useState<{ at: number } | undefined>(undefined);
  const [notice, setNotice] = useState<'cancelled' | 'failed' | undefined>(undefined);
  const root = useRef<HTMLDivElement>(null);
  // The report prints what was on screen when the button was pressed, not a later poll.
  const [entries, setEntries] = useState(props.entries);

  useEffect(() => {
    if (!job) return;
    // Read through a function: the cleanup flips it while the async job awaits.
    const run = { active: true };
    const active = (): boolean => run.active;
    const html = document.documentElement;
    void (async () => {
      try {
        await imagesReady(root.current);
        if (!active()) return;
        html.setAttribute(PRINTING_ATTRIBUTE, '');
        const ids = entries.map((e) => e.patient.patientId);
        const result = await host.printView({
          suggestedFileName: reportFileName(ids, localToday(new Date(job.at))),
        });
        if (active() && result === 'cancelled') setNotice('cancelled');
      } catch {
        if (active()) setNotice('failed');
      } finally {
        html.removeAttribute(PRINTING_ATTRIBUTE);
        if (active()) setJob(undefined);
      }
    })();
    return () => {
      run.active = false;
      html.removeAttribute(PRINTING_ATTRIBUTE);
    };
  }, [job, entries, host]);

  return (
    <Group gap="xs">
      <Button
        size="xs"
        variant="default"
        loading={job !== undefined}
        disabled={props.entries.length === 0}
        onClick={() => {
          setNotice(undefined);
          setEntries(props.entries);
          setJob({ at: Date.now() });
        }}
        data-testid="print-report"
      >
        {t('report.print')}
      </Button>
      {notice ? (
        <Text size="xs" c={notice === 'failed' ? 'red' : 'dimmed'} role="status">
          {t(`report.${notice}`)}
        </Text>
      ) : null}
      {job
        ? createPortal(
            <div ref={root} data-monitoring-print-portal="" data-testid="print-portal">
              <MonitoringReport entries={entries} at={job.at} />
            </div>,
            document.body,
          )
        : null}
    </Group>
  );
}
