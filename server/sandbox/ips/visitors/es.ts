/**
 * Inés Fernández Núñez's record at her Madrid health centre, in Spanish: migraine with
 * sumatriptan when needed and one blood-pressure reading. The home system holds no allergy
 * information at all, so the allergies section is empty with emptyReason `unavailable`: unlike
 * "no known allergies", it says nothing either way (the local record here lists aspirin).
 * English translations in the document: migraine and the dose form only.
 */
import { daysAgo } from '../../data/prng';
import { ATC, EDQM, LOINC, SNOMED } from '../vocabulary';
import type { Term } from '../vocabulary';
import type { HomeRecord } from './model';
import type { VisitorHome } from '../../data/patients-visitors';

const tablet: Term = { system: EDQM, code: '15054000', display: 'Comprimido' };
const oral: Term = { system: EDQM, code: '20053000', display: 'Vía oral' };

export const spanishRecord = (home: VisitorHome): HomeRecord => ({
  home,
  date: daysAgo(30, 12, 15),
  author: {
    practitioner: {
      prefix: 'Dra.',
      given: 'Carmen',
      family: 'Ruiz López',
      qualification: 'Médica de familia',
    },
    organization: {
      name: 'Centro de Salud Goya',
      line: 'Calle de O’Donnell 55',
      city: 'Madrid',
      postalCode: '28009',
      phone: '+34 91 123 45 67',
    },
  },
  problems: [
    {
      terms: [{ system: SNOMED, code: '37796009', display: 'Migraña', en: 'Migraine' }],
      onset: '2010-10-10',
    },
  ],
  allergies: { kind: 'no-information' },
  medications: [
    {
      product: 'Sumatriptán 50 mg comprimidos recubiertos con película',
      atc: { system: ATC, code: 'N02CC01', display: 'Sumatriptán' },
      form: {
        system: EDQM,
        code: '10221000',
        display: 'Comprimido recubierto con película',
        en: 'Film-coated tablet',
      },
      strength: { value: 50, ucum: 'mg', unit: 'mg', per: tablet },
      dosage: {
        text: '1 comprimido al inicio de la crisis; puede repetirse a las 2 horas',
        route: oral,
        dose: 1,
        asNeeded: true,
      },
      since: '2010-11-02',
    },
  ],
  immunizations: [],
  results: [],
  vitalSigns: [
    {
      code: { system: LOINC, code: '85354-9', display: 'Presión arterial' },
      category: 'vital-signs',
      when: daysAgo(30, 11, 40),
      value: {
        kind: 'blood-pressure',
        systolic: 118,
        diastolic: 74,
        systolicTerm: { system: LOINC, code: '8480-6', display: 'Presión arterial sistólica' },
        diastolicTerm: { system: LOINC, code: '8462-4', display: 'Presión arterial diastólica' },
      },
    },
  ],
});
