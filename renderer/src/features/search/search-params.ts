/**
 * Building a FHIR Patient search from the form. Birth dates stay strings: a date-only
 * value must never pass through `Date` in local time (off-by-one-day bugs).
 * @see https://hl7.org/fhir/R4/patient.html#search
 */

export interface PatientQuery {
  name: string;
  identifier: string;
  /** YYYY-MM-DD or empty. */
  birthDate: string;
}

export const SEARCH_PAGE_SIZE = 25;

const DATE_ONLY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isDateOnly(value: string): boolean {
  return DATE_ONLY.test(value);
}

export type QueryProblem = 'empty' | 'bad-date';

export function validateQuery(query: PatientQuery): QueryProblem | null {
  const name = query.name.trim();
  const identifier = query.identifier.trim();
  const birthDate = query.birthDate.trim();
  if (birthDate !== '' && !isDateOnly(birthDate)) return 'bad-date';
  if (name === '' && identifier === '' && birthDate === '') return 'empty';
  return null;
}

/** FHIR search parameters for a valid query. */
export function patientSearchParams(query: PatientQuery): Record<string, string> {
  const params: Record<string, string> = { _count: String(SEARCH_PAGE_SIZE) };
  const name = query.name.trim();
  const identifier = query.identifier.trim();
  const birthDate = query.birthDate.trim();
  if (name) params.name = name;
  if (identifier) params.identifier = identifier;
  if (birthDate) params.birthdate = birthDate;
  return params;
}
