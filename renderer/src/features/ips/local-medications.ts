/**
 * The local record's side of medication reconciliation: the chart's current medicines
 * (requests active or on hold, statements active or intended — the chart's own rule) as
 * reconciliation facts, following `medicationReference` to a contained or loaded Medication.
 */
import type { FhirResource, MedicationRequest, MedicationStatement, Reference } from 'fhir/r4';
import { resolveReference, type ResourceIndex } from '../../../../shared/fhir/references';
import { describeMedication, type MedicationFacts } from '../../../../shared/ips/medication-facts';
import { activeMedications } from '../records/chart-model';

/** What reconciliation needs from a loaded chart (a subset of the chart's `ChartData`). */
export interface LocalMedicationSource {
  readonly byType: ReadonlyMap<string, readonly FhirResource[]>;
  readonly index: ResourceIndex;
  /** The signed-in server's base: absolute references resolve only under it. */
  readonly serverBase: string;
}

export function localMedicationFacts(source: LocalMedicationSource): MedicationFacts[] {
  const meds = [
    ...((source.byType.get('MedicationRequest') ?? []) as MedicationRequest[]),
    ...((source.byType.get('MedicationStatement') ?? []) as MedicationStatement[]),
  ];
  return activeMedications(meds).map((med) =>
    describeMedication(med, (reference: Reference) =>
      resolveReference(reference, {
        index: source.index,
        container: med,
        serverBase: source.serverBase,
      }),
    ),
  );
}
