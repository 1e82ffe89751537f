/** Shared fixtures for the search DOM tests. */
import type { Bundle, Patient } from 'fhir/r4';
import type { FhirApi } from '../../fhir/FhirApi';

export const anna: Patient = {
  resourceType: 'Patient',
  id: 'anna-1',
  name: [{ given: ['Anna'], family: 'Schmidt' }],
  gender: 'female',
  birthDate: '1970-01-01',
  identifier: [{ system: 'urn:mrn', value: 'MRN-42', type: { text: 'MRN' } }],
};

export function bundleOf(patients: Patient[], next = false): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: patients.map((resource) => ({ resource })),
    ...(next ? { link: [{ relation: 'next', url: 'x' }] } : {}),
  };
}

export function fakeApi(search: FhirApi['search']): FhirApi {
  return {
    serverUrl: 'http://127.0.0.1:9000/fhir',
    search,
    read: () => Promise.reject(new Error('unused')),
    fetchAll: () => Promise.reject(new Error('unused')),
  };
}
