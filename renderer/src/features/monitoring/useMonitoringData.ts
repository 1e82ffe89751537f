/**
 * Live monitoring data for the views: the sync engine refreshes the monitored patients every
 * few seconds while a monitoring view is open (new readings reach triage within seconds), and
 * after each refresh — or when the server cannot be reached — the views re-read the cache. A
 * failed refresh keeps showing what is cached, with the error and the time it was fetched.
 * After each read, snooze Tasks that have ended are closed on the server (snooze-closing.ts).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localToday } from '../../../../shared/fhir/dates';
import type { SnoozeEnd } from '../../../../shared/monitoring/snooze-expiry';
import { useOffline } from '../../offline/OfflineContext';
import { MonitoringReader, readMonitoringData, type MonitoringData } from './monitoring-data';
import { closeExpiredSnoozes } from './snooze-closing';

const END_KEY: Readonly<Record<SnoozeEnd, string>> = {
  'date-passed': 'datePassed',
  'time-passed': 'timePassed',
  'new-reading': 'newReading',
};

export const MONITORING_POLL_MS = 4000;

export interface MonitoringState {
  data?: MonitoringData;
  /** The last refresh failed (server unreachable…); `data` is what the cache holds. */
  syncError?: string;
  /** A cache read failed (unreadable store). */
  readError?: string;
  lastSyncAt?: number;
  /** Run a refresh now (after an action). */
  refresh: () => void;
}

export function useMonitoringData(pollMs: number = MONITORING_POLL_MS): MonitoringState {
  const offline = useOffline();
  const { t } = useTranslation('monitoring');
  // Per view: what earlier polls decrypted, so an unchanged cache is not decrypted again.
  const reader = useRef(new MonitoringReader());
  // Snooze closes this view already queued (the outbox keeps them once across views and tabs).
  const closing = useRef(new Set<string>());
  const translate = useRef(t);
  useEffect(() => {
    translate.current = t;
  }, [t]);
  const [state, setState] = useState<Omit<MonitoringState, 'refresh'>>({});
  const kick = useRef<() => void>(() => undefined);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run: { running: boolean; again: boolean } = { running: false, again: false };
    const cycle = async (): Promise<void> => {
      if (run.running) {
        run.again = true; // asked during a run: run once more right after
        return;
      }
      run.running = true;
      Object.assign(run, { again: false });
      if (timer) clearTimeout(timer);
      let syncError: string | undefined;
      let lastSyncAt: number | undefined;
      try {
        const result = await offline.sync.syncMonitoring(controller.signal);
        lastSyncAt = Date.now();
        // One patient's failure must not hide: the others are fresh, that one is not.
        if (result.failed.length > 0) {
          syncError = result.failed.map((f) => `${f.patientId}: ${f.error}`).join('; ');
        }
      } catch (e) {
        if (controller.signal.aborted) return;
        syncError = e instanceof Error ? e.message : String(e);
      }
      try {
        const now = Date.now();
        const today = localToday(new Date(now));
        const data = await readMonitoringData(offline.scope.store, now, reader.current, today);
        if (controller.signal.aborted) return;
        void closeExpiredSnoozes(offline.scope.outbox, data, {
          now,
          today,
          label: (end) =>
            translate.current('snooze.closeLabel', {
              reason: translate.current(`snooze.ended.${END_KEY[end]}`),
            }),
          asked: closing.current,
        }).then((queued) => {
          if (queued.some((e) => e.state === 'pending')) void offline.flushOutbox();
        });
        setState((s) => ({
          data,
          ...(syncError ? { syncError } : {}),
          ...((lastSyncAt ?? s.lastSyncAt) !== undefined
            ? { lastSyncAt: lastSyncAt ?? s.lastSyncAt }
            : {}),
        }));
      } catch (e) {
        if (!controller.signal.aborted) {
          setState((s) => ({ ...s, readError: e instanceof Error ? e.message : String(e) }));
        }
      } finally {
        run.running = false;
        if (!controller.signal.aborted) {
          timer = setTimeout(() => void cycle(), run.again ? 0 : pollMs);
        }
      }
    };
    kick.current = () => void cycle();
    void cycle();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [offline, pollMs]);

  const refresh = useCallback(() => kick.current(), []);
  return { ...state, refresh };
}
