import { describe, expect, it } from 'vitest';
import bundle01 from '../../../shared/fixtures/ips/hl7-ips_Bundle-IPS-examples-Bundle-01.json';
import nl from '../../../shared/fixtures/ips/ipsviewer_NL_core_patient_01.json';
import { documentOrigin } from './document-origin';
import type { IpsDocument } from './model';
import { parseIpsDocument } from './parse';
import {
  composition,
  COMPOSITION_URL,
  documentBundle,
  patientEntry,
  type TestEntry,
} from './test-bundle';

function parsed(json: unknown): IpsDocument {
  const result = parseIpsDocument(json);
  if (!result.ok) throw new Error(result.error.message);
  return result.doc;
}

const ORG = 'urn:uuid:00000000-0000-4000-8000-0000000000a1';
const PRACT = 'urn:uuid:00000000-0000-4000-8000-0000000000a2';
const ROLE = 'urn:uuid:00000000-0000-4000-8000-0000000000a3';

function doc(compositionExtra: Record<string, unknown>, entries: TestEntry[] = []): IpsDocument {
  return parsed(
    documentBundle([
      { fullUrl: COMPOSITION_URL, resource: composition([], compositionExtra) },
      patientEntry(),
      ...entries,
    ]),
  );
}

const org = (address: unknown): TestEntry => ({
  fullUrl: ORG,
  resource: { resourceType: 'Organization', id: 'o', name: 'Praxis Dr. Schmidt', address },
});
const practitioner: TestEntry = {
  fullUrl: PRACT,
  resource: {
    resourceType: 'Practitioner',
    id: 'pr',
    name: [{ family: 'Schmidt', given: ['Anna'], prefix: ['Dr.'] }],
    address: [{ country: 'AT' }],
  },
};

describe('documentOrigin', () => {
  it('reads the HL7 example: practitioner author, country from the custodian', () => {
    const origin = documentOrigin(parsed(bundle01));
    // Composition.author → Practitioner "Beetje van Hulp"; custodian Organization address NL.
    expect(origin).toEqual({
      authors: ['Beetje van Hulp'],
      country: 'NL',
      countrySource: 'custodian',
      date: '2017-12-11T14:30:00+01:00',
      title: 'Patient Summary as of December 11, 2017 14:30',
      language: 'en-GB',
    });
  });

  it('reads the Cypriot example: organisation author with its country, no language', () => {
    const origin = documentOrigin(parsed(nl));
    expect(origin.authors).toEqual(['eHealthLab - University of Cyprus']);
    expect(origin.country).toBe('CY');
    expect(origin.countrySource).toBe('author-organization');
    expect(origin.language).toBeUndefined();
    expect(origin.date).toBe('2023-09-29T10:07:16.525+00:00');
  });

  it('prefers the authoring organisation over a practitioner address', () => {
    const origin = documentOrigin(
      doc({ author: [{ reference: PRACT }, { reference: ORG }] }, [
        practitioner,
        org([{ country: 'DE' }]),
      ]),
    );
    expect(origin.authors).toEqual(['Dr. Anna Schmidt', 'Praxis Dr. Schmidt']);
    expect(origin.country).toBe('DE');
    expect(origin.countrySource).toBe('author-organization');
  });

  it('falls back to the practitioner address when no organisation states a country', () => {
    const origin = documentOrigin(doc({ author: [{ reference: PRACT }] }, [practitioner]));
    expect(origin.country).toBe('AT');
    expect(origin.countrySource).toBe('author-person');
  });

  it('names a PractitionerRole author by practitioner and organisation', () => {
    const role: TestEntry = {
      fullUrl: ROLE,
      resource: {
        resourceType: 'PractitionerRole',
        id: 'r',
        practitioner: { reference: PRACT },
        organization: { reference: ORG },
      },
    };
    const origin = documentOrigin(
      doc({ author: [{ reference: ROLE }] }, [role, practitioner, org({ country: 'FR' })]),
    );
    expect(origin.authors).toEqual(['Dr. Anna Schmidt, Praxis Dr. Schmidt']);
    // A single address object (not an array) is read too.
    expect(origin.country).toBe('FR');
  });

  it('keeps a display-only author and leaves the country unknown, never guessed', () => {
    const origin = documentOrigin(
      doc({ author: [{ display: 'Hausarztpraxis Müller' }, { reference: 'urn:uuid:missing' }] }),
    );
    expect(origin.authors).toEqual(['Hausarztpraxis Müller']);
    expect(origin.country).toBeUndefined();
    expect(origin.countrySource).toBeUndefined();
  });

  it('skips a malformed name instead of failing', () => {
    const broken: TestEntry = {
      fullUrl: PRACT,
      resource: { resourceType: 'Practitioner', id: 'pr', name: [{ given: 'Anna' }] },
    };
    const origin = documentOrigin(
      doc({ author: [{ reference: PRACT, display: 'Dr. A.' }] }, [broken]),
    );
    expect(origin.authors).toEqual(['Dr. A.']);
  });
});
