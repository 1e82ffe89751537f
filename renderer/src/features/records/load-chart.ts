/**
 * Loads a patient's chart: `Patient/<id>/$everything` with paging, falling back to one search
 * per type when the server has no $everything (404) or fails on it (5xx).
 * @see https://hl7.org/fhir/R4/patient-operation-everything.html
 */
import type { FhirResource, Patient } from 'fhir/r4';
import { type FhirApi, FhirRequestError } from '../../fhir/FhirApi';
import { buildResourceIndex, type ResourceIndex } from '../../../../shared/fhir/references';
import { groupByType, NOISE_TYPES } from './chart-model';

/** Types searched one by one when $everything is unavailable. */
export const FALLBACK_TYPES = [
  'Condition',
  'MedicationRequest',
  'MedicationStatement',
  'AllergyIntolerance',
  'Immunization',
  'Observation',
  'Encounter',
  'Procedure',
  'ImagingStudy',
  'DiagnosticReport',
  'DocumentReference',
] as const;

export interface ChartData {
  patient: Patient;
  /** Clinical resources (billing noise removed). */
  resources: FhirResource[];
  byType: Map<string, FhirResource[]>;
  index: ResourceIndex;
  /** 'cache': built from the encrypted offline store (see usePatientChart). */
  source: 'everything' | 'per-type' | 'cache';
  /** Types that could not be loaded in the per-type fallback (shown as a warning). */
  missingTypes: string[];
  /** Cache only: when each resource (`Type/id`) was fetched into the store (epoch ms). */
  fetchedAt?: ReadonlyMap<string, number>;
}

export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?: (loaded: number) => void;
}

function canFallBack(e: unknown): boolean {
  return e instanceof FhirRequestError && (e.kind === 'not-found' || e.kind === 'server-error');
}

/** Builds the chart model from a patient's resources (network load or the offline cache). */
export function assemble(
  patient: Patient,
  all: FhirResource[],
  source: ChartData['source'],
  missingTypes: string[],
): ChartData {
  const resources = all.filter((r) => !NOISE_TYPES.has(r.resourceType));
  return {
    patient,
    resources,
    byType: groupByType(resources),
    index: buildResourceIndex(resources),
    source,
    missingTypes,
  };
}

async function loadPerType(
  fhir: FhirApi,
  patientId: string,
  options: LoadOptions,
): Promise<ChartData> {
  const patient = await fhir.read<Patient>('Patient', patientId, options.signal);
  const counts = new Map<string, number>();
  const report = (): void => {
    let sum = 0;
    for (const n of counts.values()) sum += n;
    options.onProgress?.(sum);
  };
  const missingTypes: string[] = [];
  const results = await Promise.all(
    FALLBACK_TYPES.map(async (type) => {
      try {
        return await fhir.fetchAll(`${type}?patient=${encodeURIComponent(patientId)}&_count=200`, {
          ...(options.signal ? { signal: options.signal } : {}),
          onPage: (n) => {
            counts.set(type, n);
            report();
          },
        });
      } catch (e) {
        // One type the server does not support or forbids must not hide the rest of the chart.
        if (e instanceof FhirRequestError && (canFallBack(e) || e.kind === 'forbidden')) {
          missingTypes.push(type);
          return [];
        }
        throw e;
      }
    }),
  );
  return assemble(patient, [patient, ...results.flat()], 'per-type', missingTypes.sort());
}

/** Resources per $everything page (servers may cap it lower; we follow their next links). */
export const EVERYTHING_PAGE_SIZE = 500;
/** Beyond this many pages (200,000 resources at our page size) loading stops with an error. */
const EVERYTHING_MAX_PAGES = 400;

/** Fetches every resource of the chart; throws {@link FhirRequestError} on failure. */
export async function fetchPatientChart(
  fhir: FhirApi,
  patientId: string,
  options: LoadOptions = {},
): Promise<ChartData> {
  let everything: FhirResource[];
  try {
    // Large pages: a 10,000-observation record is ~25 requests instead of ~250.
    everything = await fhir.fetchAll(
      `Patient/${encodeURIComponent(patientId)}/$everything?_count=${EVERYTHING_PAGE_SIZE}`,
      {
        maxPages: EVERYTHING_MAX_PAGES,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onPage: options.onProgress } : {}),
      },
    );
  } catch (e) {
    if (canFallBack(e)) return loadPerType(fhir, patientId, options);
    throw e;
  }
  const patient = everything.find(
    (r): r is Patient => r.resourceType === 'Patient' && r.id === patientId,
  );
  if (!patient) {
    // Some servers leave the Patient out of $everything; read it rather than fail.
    const read = await fhir.read<Patient>('Patient', patientId, options.signal);
    return assemble(read, [read, ...everything], 'everything', []);
  }
  return assemble(patient, everything, 'everything', []);
}
