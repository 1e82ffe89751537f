/**
 * A small display model per IPS entry: the concept(s) to translate with every coding kept,
 * statuses, dates and doses exactly as sent. The renderer formats and translates; nothing here
 * converts a unit or parses a date. Elements of the wrong JSON shape are listed in `unreadable`
 * so the view can say "some data could not be read" instead of silently dropping it.
 * @see https://build.fhir.org/ig/HL7/fhir-ips/ (profiles of each resource type)
 */
import type { FhirResource } from 'fhir/r4';
import { isEnteredInError } from '../fhir/status';
import type { EntryKind, EntrySummary, ResolveFromEntry } from './entry-summary-types';
import type { IpsDocument } from './model';
import { resolveReference } from './references';
import { readConcept, readReference, readString } from './schemas';
import { EntrySummaryBuilder } from './summary-builder';
import { absenceOf } from './absence';
import { summarizeMedicationUse, summarizeMedication } from './medication-summary';

export type * from './entry-summary-types';

function summarizeCondition(b: EntrySummaryBuilder): void {
  b.main('code');
  b.status('clinicalStatus', 'clinicalStatus');
  b.status('verificationStatus', 'verificationStatus');
  b.concepts('category', 'category');
  b.concept('severity', 'severity');
  b.concepts('bodySite', 'bodySite');
  b.time('onset', 'onset');
  b.time('abatement', 'abatement');
  b.date('recorded', 'recordedDate');
  b.notes();
}

function summarizeAllergy(b: EntrySummaryBuilder): void {
  b.main('code');
  b.status('clinicalStatus', 'clinicalStatus');
  b.status('verificationStatus', 'verificationStatus');
  b.code('type', 'type');
  b.codes('category', 'category');
  b.code('criticality', 'criticality');
  b.time('onset', 'onset');
  b.date('recorded', 'recordedDate');
  b.date('lastOccurrence', 'lastOccurrence');
  b.each('reaction', (reaction) => {
    b.concept('substance', 'substance', reaction);
    b.concepts('manifestation', 'manifestation', reaction);
    b.code('reactionSeverity', 'severity', reaction);
  });
  b.notes();
}

function summarizeImmunization(b: EntrySummaryBuilder): void {
  b.main('vaccineCode');
  b.code('status', 'status');
  b.concept('statusReason', 'statusReason');
  b.time('occurrence', 'occurrence');
  b.concept('route', 'route');
  b.concept('site', 'site');
  b.string('lotNumber', 'lotNumber');
  b.each('protocolApplied', (protocol) => {
    b.concepts('targetDisease', 'targetDisease', protocol);
    b.value('doseNumber', 'doseNumber', protocol);
  });
  b.notes();
}

function summarizeObservation(b: EntrySummaryBuilder): void {
  b.main('code');
  b.code('status', 'status');
  b.concepts('category', 'category');
  b.time('effective', 'effective');
  b.date('issued', 'issued');
  b.value('value', 'value');
  b.concept('dataAbsentReason', 'dataAbsentReason');
  b.concepts('interpretation', 'interpretation');
  b.concept('bodySite', 'bodySite');
  b.concept('method', 'method');
  b.referenceRanges();
  b.each('component', (component) => {
    const read = readConcept(component.code);
    if (read.state === 'invalid') b.invalid('code');
    b.value('component', 'value', component, read.state === 'ok' ? read.value : undefined);
  });
  b.notes();
}

function summarizeProcedure(b: EntrySummaryBuilder): void {
  b.main('code');
  b.code('status', 'status');
  b.concept('category', 'category');
  b.time('performed', 'performed');
  b.concepts('bodySite', 'bodySite');
  b.concept('outcome', 'outcome');
  b.concepts('reason', 'reasonCode');
  b.notes();
}

function summarizeDevice(b: EntrySummaryBuilder): void {
  b.main('type');
  b.code('status', 'status');
  const names = b.record.deviceName;
  if (Array.isArray(names)) {
    const first = names
      .map((n: unknown) => readString((n as { name?: unknown } | null)?.name))
      .find(Boolean);
    b.display(first);
  }
}

function summarizeDeviceUse(b: EntrySummaryBuilder, resolve: ResolveFromEntry | undefined): void {
  const ref = readReference(b.record.device);
  if (ref.state === 'ok') {
    const device = resolve?.(ref.value);
    const type =
      device?.resourceType === 'Device'
        ? readConcept((device as { type?: unknown }).type)
        : undefined;
    if (type?.state === 'ok') b.setMain(type.value);
    else b.display(ref.value.display);
  } else if (ref.state === 'invalid') b.invalid('device');
  b.code('status', 'status');
  b.time('timing', 'timing');
  b.date('recorded', 'recordedOn');
  b.concept('bodySite', 'bodySite');
  b.concepts('reason', 'reasonCode');
  b.notes();
}

function summarizeGeneric(b: EntrySummaryBuilder): void {
  const code = b.record.code;
  // Most types have one `code`; a few (PractitionerRole) have a list: the first names it.
  if (Array.isArray(code)) {
    b.concepts('category', 'code');
    const first = readConcept(code[0]);
    if (first.state === 'ok') b.setMain(first.value);
  } else if (code !== undefined) b.main('code');
  if (typeof b.record.status === 'string') b.code('status', 'status');
}

const KINDS: Readonly<Record<string, EntryKind>> = {
  Condition: 'condition',
  AllergyIntolerance: 'allergy',
  MedicationStatement: 'medication-use',
  MedicationRequest: 'medication-use',
  MedicationAdministration: 'medication-use',
  MedicationDispense: 'medication-use',
  Medication: 'medication',
  Immunization: 'immunization',
  Observation: 'observation',
  Procedure: 'procedure',
  DeviceUseStatement: 'device-use',
  Device: 'device',
};

/**
 * Summarises one resource. `resolve` answers the references the summary follows
 * (medicationReference → Medication, DeviceUseStatement.device → Device).
 */
export function summarizeResource(
  resource: FhirResource,
  resolve?: ResolveFromEntry,
): EntrySummary {
  const kind = KINDS[resource.resourceType] ?? 'generic';
  const b = new EntrySummaryBuilder(resource);
  switch (kind) {
    case 'condition':
      summarizeCondition(b);
      break;
    case 'allergy':
      summarizeAllergy(b);
      break;
    case 'medication-use':
      summarizeMedicationUse(b, resolve);
      break;
    case 'medication':
      summarizeMedication(b);
      break;
    case 'immunization':
      summarizeImmunization(b);
      break;
    case 'observation':
      summarizeObservation(b);
      break;
    case 'procedure':
      summarizeProcedure(b);
      break;
    case 'device-use':
      summarizeDeviceUse(b, resolve);
      break;
    case 'device':
      summarizeDevice(b);
      break;
    case 'generic':
      summarizeGeneric(b);
      break;
  }
  const built = b.build();
  return {
    ...built,
    resourceType: resource.resourceType,
    kind,
    absence: absenceOf(built.main),
    enteredInError: isEnteredInError(resource),
  };
}

/** Summarises the entry at Bundle position `entryIndex` of a parsed document. */
export function summarizeEntry(doc: IpsDocument, entryIndex: number): EntrySummary | undefined {
  const entry = doc.index.byIndex.get(entryIndex);
  if (!entry) return undefined;
  return summarizeResource(entry.resource, (reference) => {
    const r = resolveReference(doc.index, reference, entryIndex);
    return r.ok ? r.target.resource : undefined;
  });
}
