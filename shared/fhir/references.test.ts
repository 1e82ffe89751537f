import type { FhirResource, MedicationRequest, Medication, Patient } from 'fhir/r4';
import axid from '../../../shared/fixtures/odd/uscore_medicationrequest-contained-oral-axid.json';
import {
  buildResourceIndex,
  localReference,
  parseReference,
  referencesResource,
  resolveReference,
} from './references';

const patient: Patient = { resourceType: 'Patient', id: 'p1' };
const med: Medication = { resourceType: 'Medication', id: 'm1', code: { text: 'Aspirin' } };

describe('resolveReference', () => {
  it('resolves a contained #id from the fixture (US Core oral Axid)', () => {
    const request = axid as unknown as MedicationRequest;
    const found = resolveReference(request.medicationReference, { container: request });
    expect(found?.resourceType).toBe('Medication');
    expect((found as Medication).code?.text).toBe('Nizatidine 15 MG/ML Oral Solution [Axid]');
    expect(resolveReference('#nope', { container: request })).toBeUndefined();
    expect(resolveReference('#med2', {})).toBeUndefined();
  });

  it('resolves relative Type/id and _history forms', () => {
    const index = buildResourceIndex([patient, med]);
    expect(resolveReference({ reference: 'Patient/p1' }, { index })).toBe(patient);
    expect(resolveReference('Medication/m1/_history/3', { index })).toBe(med);
    expect(resolveReference('Medication/p1', { index })).toBeUndefined();
  });

  it('resolves urn:uuid by fullUrl, and by id when no fullUrl was kept', () => {
    const withUrl = buildResourceIndex([{ resource: patient, fullUrl: 'urn:uuid:abc-1' }]);
    expect(resolveReference('urn:uuid:abc-1', { index: withUrl })).toBe(patient);
    const synthea: FhirResource = {
      resourceType: 'Patient',
      id: 'ee9f8dd8-72d2-4769-8020-89e504b1504b',
    };
    const bare = buildResourceIndex([synthea]);
    expect(resolveReference('urn:uuid:ee9f8dd8-72d2-4769-8020-89e504b1504b', { index: bare })).toBe(
      synthea,
    );
    expect(resolveReference('urn:uuid:missing', { index: bare })).toBeUndefined();
  });

  it('resolves absolute URLs on the same server and refuses other servers', () => {
    const index = buildResourceIndex([patient]);
    const serverBase = 'https://ehr.example/fhir/';
    expect(resolveReference('https://ehr.example/fhir/Patient/p1', { index, serverBase })).toBe(
      patient,
    );
    expect(
      resolveReference('https://other.example/fhir/Patient/p1', { index, serverBase }),
    ).toBeUndefined();
    // Without the signed-in server's base, an absolute URL could name any server: no match.
    expect(resolveReference('https://other.example/fhir/Patient/p1', { index })).toBeUndefined();
    expect(resolveReference('https://ehr.example/fhir/Patient/p1', { index })).toBeUndefined();
    // Same host, different base path, query strings and other schemes do not resolve either.
    expect(
      resolveReference('https://ehr.example/other/Patient/p1', { index, serverBase }),
    ).toBeUndefined();
    expect(
      resolveReference('https://ehr.example/fhir/Patient/p1?x=1', { index, serverBase }),
    ).toBeUndefined();
    expect(resolveReference('ftp://ehr.example/fhir/Patient/p1', { index, serverBase })).toBe(
      undefined,
    );
    expect(
      resolveReference('HTTPS://EHR.example:443/fhir/Patient/p1/_history/2', { index, serverBase }),
    ).toBe(patient);
    expect(resolveReference('Patient/p1', { index, serverBase })).toBe(patient);
    expect(resolveReference('foo/Patient/p1', { index, serverBase })).toBeUndefined();
    const byUrl = buildResourceIndex([
      { resource: med, fullUrl: 'https://x.example/Medication/m1' },
    ]);
    expect(resolveReference('https://x.example/Medication/m1', { index: byUrl, serverBase })).toBe(
      med,
    );
  });

  it('ignores logical and empty references', () => {
    const index = buildResourceIndex([patient]);
    expect(resolveReference({ identifier: { value: 'x' } }, { index })).toBeUndefined();
    expect(resolveReference(undefined, { index })).toBeUndefined();
    expect(resolveReference('  ', { index })).toBeUndefined();
  });
});

describe('parseReference / referencesResource', () => {
  it('splits Type/id', () => {
    expect(parseReference('Patient/123')).toEqual({ type: 'Patient', id: '123' });
    expect(parseReference('http://a/b/Observation/x.1/_history/2')).toEqual({
      type: 'Observation',
      id: 'x.1',
    });
    expect(parseReference('nonsense')).toBeUndefined();
  });

  it('matches targets by Type/id or urn:uuid', () => {
    expect(referencesResource({ reference: 'Patient/p1' }, patient)).toBe(true);
    expect(referencesResource({ reference: 'urn:uuid:p1' }, patient)).toBe(true);
    expect(referencesResource({ reference: 'Medication/p1' }, patient)).toBe(false);
    expect(referencesResource(undefined, patient)).toBe(false);
  });

  it('matches absolute URLs only under the signed-in server base', () => {
    const other = { reference: 'https://other.example/fhir/Patient/p1' };
    const ours = { reference: 'https://ehr.example/fhir/Patient/p1' };
    expect(referencesResource(other, patient, 'https://ehr.example/fhir')).toBe(false);
    expect(referencesResource(ours, patient, 'https://ehr.example/fhir')).toBe(true);
    expect(referencesResource(ours, patient)).toBe(false);
  });
});

describe('localReference', () => {
  it('gives Type/id for relative references and URLs under the base only', () => {
    const base = 'https://ehr.example/fhir/';
    expect(localReference('Binary/42', undefined)).toEqual({ type: 'Binary', id: '42' });
    expect(localReference('https://ehr.example/fhir/Binary/42', base)).toEqual({
      type: 'Binary',
      id: '42',
    });
    expect(localReference('https://other.example/fhir/Binary/42', base)).toBeUndefined();
    expect(localReference('https://ehr.example/fhir/Binary/42', undefined)).toBeUndefined();
    expect(localReference('https://ehr.example.evil/fhir/Binary/42', base)).toBeUndefined();
    expect(localReference('urn:uuid:42', base)).toBeUndefined();
    expect(localReference('https://ehr.example/fhir/a/b', base)).toBeUndefined();
  });
});
