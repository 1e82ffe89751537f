/**
 * Hélène Lefèvre's record at her Lyon GP, in French: hypothyroidism on levothyroxine, a latex
 * allergy, a Tdap booster, TSH and weight. English translations in the document: latex, the
 * skin eruption, levothyroxine and the vaccine; hypothyroidism, the dose form and TSH are in
 * French only.
 */
import { daysAgo } from '../../data/prng';
import { ATC, EDQM, LOINC, SNOMED } from '../vocabulary';
import type { Term } from '../vocabulary';
import type { HomeRecord } from './model';
import type { VisitorHome } from '../../data/patients-visitors';

const tablet: Term = { system: EDQM, code: '15054000', display: 'Comprimé' };
const oral: Term = { system: EDQM, code: '20053000', display: 'Voie orale' };

export const frenchRecord = (home: VisitorHome): HomeRecord => ({
  home,
  date: daysAgo(8, 11, 0),
  author: {
    practitioner: {
      prefix: 'Dr',
      given: 'Antoine',
      family: 'Moreau',
      qualification: 'Médecin généraliste',
    },
    organization: {
      name: 'Cabinet médical du Dr Moreau',
      line: '25 cours Gambetta',
      city: 'Lyon',
      postalCode: '69003',
      phone: '+33 4 78 12 34 56',
    },
  },
  problems: [
    {
      terms: [{ system: SNOMED, code: '40930008', display: 'Hypothyroïdie' }],
      onset: '2009-03-03',
    },
  ],
  allergies: {
    kind: 'recorded',
    items: [
      {
        substance: { system: SNOMED, code: '111088007', display: 'Latex', en: 'Latex' },
        category: 'environment',
        criticality: 'low',
        reaction: {
          manifestation: {
            system: SNOMED,
            code: '271807003',
            display: 'Éruption cutanée',
            en: 'Eruption of skin',
          },
          severity: 'mild',
        },
        onset: '2001-01-01',
      },
    ],
  },
  medications: [
    {
      product: 'Lévothyroxine sodique 75 microgrammes, comprimé sécable',
      atc: {
        system: ATC,
        code: 'H03AA01',
        display: 'Lévothyroxine sodique',
        en: 'levothyroxine sodium',
      },
      form: { system: EDQM, code: '10219000', display: 'Comprimé' },
      strength: { value: 75, ucum: 'ug', unit: 'µg', per: tablet },
      dosage: { text: '1 comprimé le matin à jeun', route: oral, dose: 1, perDay: 1 },
      since: '2009-03-20',
    },
  ],
  immunizations: [
    {
      vaccine: {
        system: ATC,
        code: 'J07AJ52',
        display: 'Coqueluche, antigène purifié, en association avec des anatoxines',
        en: 'pertussis, purified antigen, combinations with toxoids',
      },
      date: '2020-02-02',
    },
  ],
  results: [
    {
      code: {
        system: LOINC,
        code: '3016-3',
        display: 'Thyréostimuline [Unités/Volume] Sérum/Plasma',
      },
      category: 'laboratory',
      when: daysAgo(60, 7, 45),
      value: { kind: 'quantity', value: 2.1, ucum: 'm[IU]/L', unit: 'mUI/L' },
    },
  ],
  vitalSigns: [
    {
      code: { system: LOINC, code: '29463-7', display: 'Poids corporel' },
      category: 'vital-signs',
      when: daysAgo(60, 8, 10),
      value: { kind: 'quantity', value: 61, ucum: 'kg', unit: 'kg' },
    },
  ],
});
