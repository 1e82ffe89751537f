/**
 * Cross-border visitors from Germany, Italy, France and Spain: home-country addresses,
 * preferred language (Patient.communication), national identifiers and names with diacritics.
 * Their IPS documents arrive with a later issue.
 */
import type { PatientDef } from './patient-def';
import { ROSSI, WEBER } from '../auth/accounts';
import { routineVisits } from './patient-def';
import { ALLERGENS, CONDITIONS, ENCOUNTER_TYPES, MEDICATIONS, REACTIONS, VACCINES } from './codes';
import { dateDaysAgo } from './prng';

const language = (code: string, display: string): Record<string, unknown>[] => [
  {
    language: { coding: [{ system: 'urn:ietf:bcp:47', code, display }], text: display },
    preferred: true,
  },
];

const address = (
  line: string,
  city: string,
  postalCode: string,
  country: string,
): Record<string, unknown>[] => [{ use: 'home', line: [line], city, postalCode, country }];

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
    extra: {
      identifier: [
        {
          system: 'http://fhir.de/sid/gkv/kvid-10',
          value: 'M123456789',
          type: { text: 'Krankenversichertennummer' },
        },
      ],
      address: address('Hauptstraße 12', 'Berlin', '10115', 'DE'),
      communication: language('de', 'German'),
    },
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
    extra: {
      identifier: [
        {
          system: 'http://hl7.it/sid/codiceFiscale',
          value: 'CRSNCL83P30H501Z',
          type: { text: 'Codice fiscale' },
        },
      ],
      address: address('Via dei Giardini 7', 'Roma', '00184', 'IT'),
      communication: language('it', 'Italian'),
    },
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
    extra: {
      identifier: [
        {
          system: 'urn:oid:1.2.250.1.213.1.4.8',
          value: '270067512345678',
          type: { text: 'INS-NIR' },
        },
      ],
      address: address('12 rue de la République', 'Lyon', '69002', 'FR'),
      communication: language('fr', 'French'),
    },
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
    extra: {
      identifier: [
        { system: 'urn:oid:1.3.6.1.4.1.19126.3', value: '12345678Z', type: { text: 'DNI' } },
      ],
      address: address('Calle de Alcalá 45', 'Madrid', '28014', 'ES'),
      communication: language('es', 'Spanish'),
    },
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
