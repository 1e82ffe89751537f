/**
 * Cache-first chart (issue 3, "Cache-first views"): the chart is built only from the encrypted
 * store (live query) and re-renders as the sync engine writes; opening the chart touches the
 * patient (eviction order) and starts a sync. A cached Patient means the chart is ready at once
 * — while syncing and when the sync fails (then with `syncError` for the "as of" line).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Patient } from 'fhir/r4';
import type { PatientView } from '../../offline/contracts';
import type { OfflineServices } from '../../offline/OfflineContext';
import { useTranslation } from 'react-i18next';
import { useOptionalBanners } from '../../app/banners';
import { assemble } from './load-chart';
import type { PatientChartHandle } from './usePatientChart';

function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

/** `offline` null: does nothing (the network path is in charge). */
export function useCachedChart(
  offline: OfflineServices | null,
  patientId: string,
): PatientChartHandle {
  const [view, setView] = useState<{ id: string; view: PatientView } | undefined>(undefined);
  const banners = useOptionalBanners();
  const { t } = useTranslation('records');
  const [syncing, setSyncing] = useState(true);
  const [syncError, setSyncError] = useState<unknown>(undefined);
  const [loaded, setLoaded] = useState(0);
  const [missingTypes, setMissingTypes] = useState<string[]>([]);
  const [cancelled, setCancelled] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    if (!offline) return;
    const { store } = offline.scope;
    store.patients.touch(patientId).catch(() => undefined);
    return store.watchPatient(
      patientId,
      (v) => setView({ id: patientId, view: v }),
      (e: unknown) => console.warn('Reading the cached chart failed', e),
    );
  }, [offline, patientId]);

  useEffect(() => {
    if (!offline) return;
    const abort = new AbortController();
    controller.current = abort;
    // Starting a sync is the external event here; these reset the visible status for it.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSyncing(true);
    setSyncError(undefined);
    setCancelled(false);
    const run = (again: boolean): void => {
      offline.sync
        .syncPatient(patientId, {
          signal: abort.signal,
          onProgress: (p) => {
            if (!abort.signal.aborted) setLoaded(p.resources);
          },
        })
        .then(
          (result) => {
            if (abort.signal.aborted) return;
            setMissingTypes(result.phase === 'full' ? result.missingTypes : []);
            setSyncing(false);
            // Storage was full: older unpinned charts made room; say so (issue 3 §5).
            if (result.evictedPatients.length > 0) {
              banners?.show({
                id: 'cache-evicted',
                color: 'yellow',
                title: t('freshness.evicted', { count: result.evictedPatients.length }),
                dismissible: true,
              });
            }
          },
          (error: unknown) => {
            if (abort.signal.aborted) return;
            // A run shared with an aborted caller (StrictMode's first mount): start our own.
            if (isAbort(error) && again) return run(false);
            setSyncing(false);
            setSyncError(error);
          },
        );
    };
    run(true);
    return () => abort.abort();
  }, [offline, patientId, attempt, banners, t]);

  const current = view?.id === patientId ? view.view : undefined;
  const data = useMemo(() => {
    if (!current) return undefined;
    const patient = current.resources.find(
      (r) => r.resource.resourceType === 'Patient' && r.resource.id === patientId,
    )?.resource as Patient | undefined;
    if (!patient) return undefined;
    const chart = assemble(
      patient,
      current.resources.map((r) => r.resource),
      'cache',
      missingTypes,
    );
    const fetchedAt = new Map(
      current.resources.map((r) => [
        `${r.resource.resourceType}/${r.resource.id ?? ''}`,
        r.fetchedAt,
      ]),
    );
    const asOf = Math.min(...current.resources.map((r) => r.fetchedAt));
    return { chart: { ...chart, fetchedAt }, asOf };
  }, [current, patientId, missingTypes]);

  const retry = useCallback(() => {
    setLoaded(0);
    setAttempt((a) => a + 1);
  }, []);
  const cancel = useCallback(() => {
    controller.current?.abort();
    setSyncing(false);
    setCancelled(true);
  }, []);

  const state: PatientChartHandle['state'] = data
    ? { status: 'ready', data: data.chart }
    : cancelled
      ? { status: 'cancelled' }
      : syncError !== undefined && !syncing
        ? { status: 'error', error: syncError }
        : { status: 'loading', loaded };
  return {
    state,
    patient: data?.chart.patient,
    retry,
    cancel,
    ...(data ? { asOf: data.asOf } : {}),
    syncing,
    ...(syncError === undefined ? {} : { syncError }),
    unreadable: current?.unreadable ?? [],
  };
}
