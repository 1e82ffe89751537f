/**
 * Jürgen Müller's record at his Berlin GP, in German: hypertension and type 2 diabetes,
 * metformin and lisinopril, a high-criticality penicillin allergy, an influenza vaccination,
 * HbA1c, blood pressure and weight. English translations in the document itself: hypertension,
 * penicillin, metformin, the prolonged-release dose form and HbA1c; the rest only in German.
 */
import { daysAgo } from '../../data/prng';
import { ATC, EDQM, ICD10, LOINC, SNOMED } from '../vocabulary';
import type { Term } from '../vocabulary';
import type { HomeRecord } from './model';
import type { VisitorHome } from '../../data/patients-visitors';

const tablet: Term = { system: EDQM, code: '15054000', display: 'Tablette' };
const oral: Term = { system: EDQM, code: '20053000', display: 'Zum Einnehmen' };

export const germanRecord = (home: VisitorHome): HomeRecord => ({
  home,
  date: daysAgo(12, 10, 30),
  author: {
    practitioner: {
      prefix: 'Dr. med.',
      given: 'Katrin',
      family: 'Schäfer',
      qualification: 'Fachärztin für Allgemeinmedizin',
    },
    organization: {
      name: 'Hausarztpraxis Dr. Schäfer',
      line: 'Invalidenstraße 50',
      city: 'Berlin',
      postalCode: '10115',
      phone: '+49 30 1234567',
    },
  },
  problems: [
    {
      terms: [
        {
          system: SNOMED,
          code: '59621000',
          display: 'Essentielle Hypertonie',
          en: 'Essential hypertension',
        },
        { system: ICD10, code: 'I10', display: 'Essentielle (primäre) Hypertonie' },
      ],
      onset: '2012-05-01',
    },
    {
      terms: [{ system: SNOMED, code: '44054006', display: 'Diabetes mellitus Typ 2' }],
      onset: '2018-09-01',
    },
  ],
  allergies: {
    kind: 'recorded',
    items: [
      {
        substance: { system: SNOMED, code: '764146007', display: 'Penicillin', en: 'Penicillin' },
        category: 'medication',
        criticality: 'high',
        reaction: {
          manifestation: { system: SNOMED, code: '126485001', display: 'Urtikaria' },
          severity: 'moderate',
        },
        onset: '1990-01-01',
      },
    ],
  },
  medications: [
    {
      product: 'Metformin 500 mg Retardtabletten',
      atc: { system: ATC, code: 'A10BA02', display: 'Metformin', en: 'metformin' },
      form: {
        system: EDQM,
        code: '10226000',
        display: 'Retardtablette',
        en: 'Prolonged-release tablet',
      },
      strength: { value: 500, ucum: 'mg', unit: 'mg', per: tablet },
      dosage: { text: '2 Tabletten abends zum Essen', route: oral, dose: 2, perDay: 1 },
      since: '2018-09-15',
    },
    {
      product: 'Lisinopril 10 mg Tabletten',
      atc: { system: ATC, code: 'C09AA03', display: 'Lisinopril' },
      form: { system: EDQM, code: '10219000', display: 'Tablette' },
      strength: { value: 10, ucum: 'mg', unit: 'mg', per: tablet },
      dosage: { text: '1 Tablette morgens', route: oral, dose: 1, perDay: 1 },
      since: '2012-06-01',
    },
  ],
  immunizations: [
    {
      vaccine: {
        system: ATC,
        code: 'J07BB02',
        display: 'Influenza, inaktiviert, Spaltvirus oder Oberflächenantigen',
      },
      date: '2025-10-14',
    },
  ],
  results: [
    {
      code: {
        system: LOINC,
        code: '4548-4',
        display: 'Hämoglobin A1c/Hämoglobin.gesamt in Blut',
        en: 'Hemoglobin A1c/Hemoglobin.total in Blood',
      },
      category: 'laboratory',
      when: daysAgo(40, 8, 5),
      value: { kind: 'quantity', value: 7.4, ucum: '%', unit: '%' },
    },
  ],
  vitalSigns: [
    {
      code: { system: LOINC, code: '85354-9', display: 'Blutdruck' },
      category: 'vital-signs',
      when: daysAgo(40, 8, 20),
      value: {
        kind: 'blood-pressure',
        systolic: 148,
        diastolic: 92,
        systolicTerm: { system: LOINC, code: '8480-6', display: 'Systolischer Blutdruck' },
        diastolicTerm: { system: LOINC, code: '8462-4', display: 'Diastolischer Blutdruck' },
      },
    },
    {
      code: { system: LOINC, code: '29463-7', display: 'Körpergewicht' },
      category: 'vital-signs',
      when: daysAgo(40, 8, 20),
      value: { kind: 'quantity', value: 91.5, ucum: 'kg', unit: 'kg' },
    },
  ],
});
