/**
 * The chart's data for a patient: cache-first through the offline layer when it is available
 * ({@link useCachedChart}), otherwise straight from the server ({@link useNetworkChart}).
 */
import type { Patient } from 'fhir/r4';
import type { FhirApi } from '../../fhir/FhirApi';
import type { UnreadableRecord } from '../../offline/contracts';
import { useOptionalOffline } from '../../offline/OfflineContext';
import type { ChartData } from './load-chart';
import { useCachedChart } from './useCachedChart';
import { useNetworkChart } from './useNetworkChart';

export type ChartState =
  | { status: 'loading'; loaded: number }
  | { status: 'cancelled' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; data: ChartData };

export interface PatientChartHandle {
  state: ChartState;
  /**
   * The Patient, shown in the banner while a large chart is still loading (and when loading
   * fails or is cancelled).
   */
  patient: Patient | undefined;
  retry: () => void;
  cancel: () => void;
  /** Cache only: oldest fetch time of the data shown (epoch ms). */
  asOf?: number;
  /** Cache only: a sync of this patient is running. */
  syncing: boolean;
  /** Cache only: the last sync failed (the cached chart still shows). */
  syncError?: unknown;
  /** Cache only: rows whose ciphertext failed authentication, left out of the chart. */
  unreadable: UnreadableRecord[];
}

export function usePatientChart(fhir: FhirApi, patientId: string): PatientChartHandle {
  const offline = useOptionalOffline();
  const network = useNetworkChart(fhir, patientId, offline === null);
  const cached = useCachedChart(offline, patientId);
  return offline ? cached : { ...network, syncing: false, unreadable: [] };
}
