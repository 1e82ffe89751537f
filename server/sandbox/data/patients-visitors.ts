/**
 * Cross-border visitors from Germany, Italy, France and Spain: home-country addresses,
 * preferred language (Patient.communication), national identifiers and names with diacritics.
 * The local record here is what this clinic wrote down when it saw them; what their home
 * country knows is an IPS document served by the simulated national contact point
 * (`../ips/visitors/`), keyed by the same national identifier (VISITOR_HOMES).
 */
import type { PatientDef } from './patient-def';
import { ROSSI, WEBER } from '../auth/accounts';
import { routineVisits } from './patient-def';
import { ALLERGENS, CONDITIONS, ENCOUNTER_TYPES, MEDICATIONS, REACTIONS, VACCINES } from './codes';
import { dateDaysAgo } from './prng';

/** Countries whose national contact point the sandbox simulates (ISO 3166-1 alpha-2). */
export type VisitorCountry = 'DE' | 'IT' | 'FR' | 'ES';

/**
 * What identifies a visitor in their home country. One source for the local Patient (its
 * national identifier, home address and language) and for the home IPS document, so the
 * identifier a clinician copies from the local record finds the document.
 */
export interface VisitorHome {
  patientId: string;
  country: VisitorCountry;
  /** BCP-47 tag of the home record's language, e.g. `de-DE`. */
  language: string;
  /** ISO 639-1 code and English name, as Patient.communication carries them. */
  languageCode: string;
  languageName: string;
  nationalId: { system: string; value: string; typeText: string };
  address: { line: string; city: string; postalCode: string };
}

export const VISITOR_HOMES: readonly VisitorHome[] = [
  {
    patientId: 'sandbox-visitor-de',
    country: 'DE',
    language: 'de-DE',
    languageCode: 'de',
    languageName: 'German',
    nationalId: {
      system: 'http://fhir.de/sid/gkv/kvid-10',
      value: 'M123456789',
      typeText: 'Krankenversichertennummer',
    },
    address: { line: 'Hauptstraße 12', city: 'Berlin', postalCode: '10115' },
  },
  {
    patientId: 'sandbox-visitor-it',
    country: 'IT',
    language: 'it-IT',
    languageCode: 'it',
    languageName: 'Italian',
    nationalId: {
      system: 'http://hl7.it/sid/codiceFiscale',
      value: 'CRSNCL83P30H501Z',
      typeText: 'Codice fiscale',
    },
    address: { line: 'Via dei Giardini 7', city: 'Roma', postalCode: '00184' },
  },
  {
    patientId: 'sandbox-visitor-fr',
    country: 'FR',
    language: 'fr-FR',
    languageCode: 'fr',
    languageName: 'French',
    nationalId: {
      system: 'urn:oid:1.2.250.1.213.1.4.8',
      value: '270067512345678',
      typeText: 'INS-NIR',
    },
    address: { line: '12 rue de la République', city: 'Lyon', postalCode: '69002' },
  },
  {
    patientId: 'sandbox-visitor-es',
    country: 'ES',
    language: 'es-ES',
    languageCode: 'es',
    languageName: 'Spanish',
    nationalId: { system: 'urn:oid:1.3.6.1.4.1.19126.3', value: '12345678Z', typeText: 'DNI' },
    address: { line: 'Calle de Alcalá 45', city: 'Madrid', postalCode: '28014' },
  },
];

function home(patientId: string): VisitorHome {
  const found = VISITOR_HOMES.find((h) => h.patientId === patientId);
  if (!found) throw new Error(`No home country for ${patientId}`);
  return found;
}

/** The local Patient's national identifier, home address and preferred language. */
function homeExtra(patientId: string): Record<string, unknown> {
  const h = home(patientId);
  return {
    identifier: [
      {
        system: h.nationalId.system,
        value: h.nationalId.value,
        type: { text: h.nationalId.typeText },
      },
    ],
    address: [
      {
        use: 'home',
        line: [h.address.line],
        city: h.address.city,
        postalCode: h.address.postalCode,
        country: h.country,
      },
    ],
    communication: [
      {
        language: {
          coding: [{ system: 'urn:ietf:bcp:47', code: h.languageCode, display: h.languageName }],
          text: h.languageName,
        },
        preferred: true,
      },
    ],
  };
}

export const VISITOR_PATIENTS: PatientDef[] = [
  {
    id: 'sandbox-visitor-de',
    given: ['Jürgen'],
    family: 'Müller',
    gender: 'male',
    birthDate: '1961-02-14',
    story:
      'Visitor from Germany (speaks German) with hypertension and type 2 diabetes, seen for a holiday emergency.',
    practitionerId: WEBER,
    extra: homeExtra('sandbox-visitor-de'),
    build: (b) => {
      b.condition(CONDITIONS.hypertension, '2012-05-01');
      b.condition(CONDITIONS.diabetes2, '2018-09-01');
      b.medicationStatement(MEDICATIONS.metformin, dateDaysAgo(5));
      b.medicationStatement(MEDICATIONS.lisinopril, dateDaysAgo(5));
      b.allergy(ALLERGENS.penicillin, '1990-01-01', {
        criticality: 'high',
        category: 'medication',
        reaction: REACTIONS.urticaria,
        severity: 'moderate',
      });
      const when = b.at(4, 15);
      const enc = b.encounter(when, ENCOUNTER_TYPES.emergency, { classCode: 'EMER', minutes: 120 });
      b.bloodPressure(168, 96, when, enc);
    },
  },
  {
    id: 'sandbox-visitor-it',
    given: ['Niccolò'],
    family: 'Caruso',
    gender: 'male',
    birthDate: '1983-09-30',
    story: 'Visitor from Italy (speaks Italian) with asthma, seen for acute bronchitis.',
    practitionerId: ROSSI,
    extra: homeExtra('sandbox-visitor-it'),
    build: (b) => {
      b.condition(CONDITIONS.asthma, '1995-04-04');
      b.condition(CONDITIONS.acuteBronchitis, dateDaysAgo(6));
      b.medicationStatement(MEDICATIONS.salbutamol, dateDaysAgo(6));
      b.noKnownAllergies(ALLERGENS.noKnownAllergy, dateDaysAgo(6));
      routineVisits(b, 1, 1, {
        systolic: 124,
        diastolic: 78,
        heartRate: 90,
        weight: 75,
        type: ENCOUNTER_TYPES.symptom,
      });
    },
  },
  {
    id: 'sandbox-visitor-fr',
    given: ['Hélène'],
    family: 'Lefèvre',
    gender: 'female',
    birthDate: '1970-06-11',
    story: 'Visitor from France (speaks French) on levothyroxine, with a latex allergy.',
    practitionerId: WEBER,
    extra: homeExtra('sandbox-visitor-fr'),
    build: (b) => {
      b.condition(CONDITIONS.hypothyroidism, '2009-03-03');
      b.medicationStatement(MEDICATIONS.levothyroxine, dateDaysAgo(3));
      b.allergy(ALLERGENS.latex, '2001-01-01', {
        criticality: 'low',
        category: 'environment',
        reaction: REACTIONS.rash,
        severity: 'mild',
      });
      b.immunization(VACCINES.tdap, '2020-02-02');
      routineVisits(b, 1, 1, {
        systolic: 120,
        diastolic: 75,
        heartRate: 72,
        weight: 60,
        type: ENCOUNTER_TYPES.symptom,
      });
    },
  },
  {
    id: 'sandbox-visitor-es',
    given: ['Inés'],
    family: 'Fernández Núñez',
    gender: 'female',
    birthDate: '1989-03-22',
    story: 'Visitor from Spain (speaks Spanish) with migraine, seen for a severe headache.',
    practitionerId: ROSSI,
    extra: homeExtra('sandbox-visitor-es'),
    build: (b) => {
      b.condition(CONDITIONS.migraine, '2010-10-10');
      b.medicationStatement(MEDICATIONS.sumatriptan, dateDaysAgo(2));
      b.allergy(ALLERGENS.aspirin, '2005-05-05', {
        criticality: 'low',
        category: 'medication',
        reaction: REACTIONS.urticaria,
        severity: 'mild',
      });
      routineVisits(b, 1, 1, {
        systolic: 118,
        diastolic: 74,
        heartRate: 76,
        weight: 58,
        type: ENCOUNTER_TYPES.symptom,
      });
    },
  },
];
