/**
 * The home-country IPS documents of the four cross-border visitors, as the simulated national
 * contact points hold them: one per country, found by the visitor's national identifier.
 */
import { VISITOR_HOMES, VISITOR_PATIENTS } from '../../data/patients-visitors';
import type { VisitorCountry, VisitorHome } from '../../data/patients-visitors';
import type { DocumentBundle } from '../document';
import { buildHomeDocument } from './build';
import { germanRecord } from './de';
import { spanishRecord } from './es';
import { frenchRecord } from './fr';
import { italianRecord } from './it';
import type { HomeRecord } from './model';

export type { VisitorCountry } from '../../data/patients-visitors';

const RECORDS: Record<VisitorCountry, (home: VisitorHome) => HomeRecord> = {
  DE: germanRecord,
  IT: italianRecord,
  FR: frenchRecord,
  ES: spanishRecord,
};

/** Countries with a contact point, sorted. */
export const NCP_COUNTRIES: readonly VisitorCountry[] = (
  Object.keys(RECORDS) as VisitorCountry[]
).sort();

export interface VisitorDocument {
  home: VisitorHome;
  document: DocumentBundle;
}

let built: readonly VisitorDocument[] | undefined;

/** Builds a visitor's home document afresh (pure: same input, same JSON). */
export function buildVisitorDocument(home: VisitorHome): DocumentBundle {
  const def = VISITOR_PATIENTS.find((p) => p.id === home.patientId);
  if (!def) throw new Error(`No PatientDef for ${home.patientId}`);
  return buildHomeDocument(RECORDS[home.country](home), def);
}

/** Every home document, built once per process; callers never modify them. */
export function visitorDocuments(): readonly VisitorDocument[] {
  built ??= VISITOR_HOMES.map((home) => ({ home, document: buildVisitorDocument(home) }));
  return built;
}

export function isNcpCountry(value: string): value is VisitorCountry {
  return (NCP_COUNTRIES as readonly string[]).includes(value);
}

/**
 * The document a country's contact point holds for a national identifier. With a system the
 * match is exact (`system|value`); without one, any identifier system of that country matches.
 */
export function findVisitorDocument(
  country: VisitorCountry,
  identifier: { system?: string; value: string },
): DocumentBundle | undefined {
  return visitorDocuments().find(
    ({ home }) =>
      home.country === country &&
      home.nationalId.value === identifier.value &&
      (identifier.system === undefined || home.nationalId.system === identifier.system),
  )?.document;
}
