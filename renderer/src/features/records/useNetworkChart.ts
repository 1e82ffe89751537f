/**
 * Network-only chart loading ({@link fetchPatientChart}) for when the offline cache is not
 * available: loading with a live resource count, cancel, error and retry. Every path ends in a
 * visible state, never an endless spinner.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Patient } from 'fhir/r4';
import type { FhirApi } from '../../fhir/FhirApi';
import { fetchPatientChart } from './load-chart';
import type { ChartState } from './usePatientChart';

export interface NetworkChart {
  state: ChartState;
  patient: Patient | undefined;
  retry: () => void;
  cancel: () => void;
}

/** `enabled` false: does nothing (the cache-first path is in charge). */
export function useNetworkChart(fhir: FhirApi, patientId: string, enabled: boolean): NetworkChart {
  const [state, setState] = useState<ChartState>({ status: 'loading', loaded: 0 });
  const [attempt, setAttempt] = useState(0);
  const controller = useRef<AbortController | null>(null);
  // Keyed by id so a previous patient's banner never shows over the next patient's chart.
  const [early, setEarly] = useState<{ id: string; patient: Patient } | undefined>(undefined);
  const patient = early?.id === patientId ? early.patient : undefined;

  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    fhir.read<Patient>('Patient', patientId, abort.signal).then(
      (p) => {
        if (!abort.signal.aborted) setEarly({ id: patientId, patient: p });
      },
      // The full load reports the same failure with its own error state.
      () => undefined,
    );
    return () => abort.abort();
  }, [fhir, patientId, enabled]);

  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    controller.current = abort;
    fetchPatientChart(fhir, patientId, {
      signal: abort.signal,
      onProgress: (loaded) => {
        if (!abort.signal.aborted) setState({ status: 'loading', loaded });
      },
    }).then(
      (data) => {
        if (!abort.signal.aborted) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (abort.signal.aborted) return;
        setState({ status: 'error', error });
      },
    );
    return () => abort.abort();
  }, [fhir, patientId, attempt, enabled]);

  const retry = useCallback(() => {
    setState({ status: 'loading', loaded: 0 });
    setAttempt((a) => a + 1);
  }, []);
  const cancel = useCallback(() => {
    controller.current?.abort();
    setState({ status: 'cancelled' });
  }, []);
  return { state, patient: state.status === 'ready' ? state.data.patient : patient, retry, cancel };
}
