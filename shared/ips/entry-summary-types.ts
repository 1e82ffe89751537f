/**
 * Types of the per-entry display model ({@link EntrySummary}); see entry-summary.ts.
 */
import type { CodeableConcept, FhirResource, Reference } from 'fhir/r4';
import type { Absence } from './absence';
import type { FhirTime, FhirValue } from './fhir-values';

export type EntryKind =
  | 'condition'
  | 'allergy'
  | 'medication-use'
  | 'medication'
  | 'immunization'
  | 'observation'
  | 'procedure'
  | 'device-use'
  | 'device'
  | 'generic';

export type ConceptLabel =
  | 'category'
  | 'severity'
  | 'bodySite'
  | 'route'
  | 'site'
  | 'form'
  | 'manifestation'
  | 'substance'
  | 'reason'
  | 'interpretation'
  | 'method'
  | 'outcome'
  | 'targetDisease'
  | 'dataAbsentReason'
  | 'statusReason';

export type StatusLabel =
  | 'status'
  | 'clinicalStatus'
  | 'verificationStatus'
  | 'criticality'
  | 'type'
  | 'category'
  | 'intent'
  | 'reactionSeverity';

export type DateLabel =
  | 'onset'
  | 'abatement'
  | 'recorded'
  | 'lastOccurrence'
  | 'effective'
  | 'dateAsserted'
  | 'authoredOn'
  | 'occurrence'
  | 'performed'
  | 'issued'
  | 'timing';

export type ValueLabel = 'value' | 'component' | 'referenceRange' | 'doseNumber' | 'lotNumber';

export interface DosageSummary {
  /** `Dosage.text` as sent. */
  readonly text: string | undefined;
  readonly route: CodeableConcept | undefined;
  /** doseQuantity / doseRange / rate* of each `doseAndRate`, as sent. */
  readonly doses: readonly FhirValue[];
  /** The Timing as sent (the renderer formats frequency and period). */
  readonly timing: FhirTime | undefined;
  readonly asNeeded: boolean | CodeableConcept | undefined;
}

export interface IngredientSummary {
  readonly item: CodeableConcept | undefined;
  /** `itemReference.display` when the item is a reference. */
  readonly itemDisplay: string | undefined;
  readonly isActive: boolean | undefined;
  /** `strength` (a Ratio) as sent. */
  readonly strength: FhirValue | undefined;
}

export interface EntrySummary {
  readonly resourceType: string;
  readonly kind: EntryKind;
  /** The concept naming the entry (Condition.code, the medication, vaccineCode…), as sent. */
  readonly main: CodeableConcept | undefined;
  /** Text to show when there is no concept (a `Reference.display`, a device name). */
  readonly mainDisplay: string | undefined;
  readonly concepts: readonly { readonly label: ConceptLabel; readonly concept: CodeableConcept }[];
  readonly statuses: readonly {
    readonly label: StatusLabel;
    readonly code: string | undefined;
    readonly concept: CodeableConcept | undefined;
  }[];
  readonly dates: readonly { readonly label: DateLabel; readonly time: FhirTime }[];
  readonly values: readonly {
    readonly label: ValueLabel;
    readonly value: FhirValue;
    readonly code: CodeableConcept | undefined;
  }[];
  readonly dosages: readonly DosageSummary[];
  readonly ingredients: readonly IngredientSummary[];
  readonly notes: readonly string[];
  /** An IPS "no known X" / "no information about X" entry (e.g. SNOMED 716186003). */
  readonly absence: Absence | undefined;
  readonly enteredInError: boolean;
  readonly unreadable: readonly string[];
}

/** Resolves a reference made by the summarised resource (medicationReference, device…). */
export type ResolveFromEntry = (reference: Reference) => FhirResource | undefined;
