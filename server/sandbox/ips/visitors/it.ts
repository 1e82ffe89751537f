/**
 * Niccolò Caruso's record at his Rome GP, in Italian: asthma with a reliever and a controller
 * inhaler, an explicit "no known allergies" statement (SNOMED 716186003, as an entry) and an
 * influenza vaccination; no results or vital signs, so those sections are absent. English
 * translations in the document: asthma, the allergy statement, beclometasone and the vaccine.
 */
import { daysAgo } from '../../data/prng';
import { ATC, EDQM, SNOMED } from '../vocabulary';
import type { Term } from '../vocabulary';
import type { HomeRecord } from './model';
import type { VisitorHome } from '../../data/patients-visitors';

const actuation: Term = { system: EDQM, code: '15001000', display: 'Erogazione' };
const inhaled: Term = { system: EDQM, code: '20020000', display: 'Uso inalatorio' };
const pressurisedSuspension: Term = {
  system: EDQM,
  code: '11107000',
  display: 'Sospensione pressurizzata per inalazione',
};

export const italianRecord = (home: VisitorHome): HomeRecord => ({
  home,
  date: daysAgo(20, 16, 45),
  author: {
    practitioner: {
      prefix: 'Dott.ssa',
      given: 'Giulia',
      family: 'Bianchi',
      qualification: 'Medico di medicina generale',
    },
    organization: {
      name: 'Studio Medico Bianchi – ASL Roma 1',
      line: 'Via Merulana 120',
      city: 'Roma',
      postalCode: '00185',
      phone: '+39 06 1234 5678',
    },
  },
  problems: [
    {
      terms: [{ system: SNOMED, code: '195967001', display: 'Asma', en: 'Asthma' }],
      onset: '1995-04-04',
    },
  ],
  allergies: {
    kind: 'none-known',
    term: {
      system: SNOMED,
      code: '716186003',
      display: 'Nessuna allergia nota',
      en: 'No known allergy',
    },
    asserted: '2024-03-12',
  },
  medications: [
    {
      product: 'Salbutamolo 100 microgrammi/erogazione sospensione pressurizzata per inalazione',
      atc: { system: ATC, code: 'R03AC02', display: 'Salbutamolo' },
      form: pressurisedSuspension,
      strength: { value: 100, ucum: 'ug', unit: 'µg', per: actuation },
      dosage: {
        text: '2 erogazioni al bisogno in caso di dispnea',
        route: inhaled,
        dose: 2,
        asNeeded: true,
      },
      since: '1995-04-04',
    },
    {
      product: 'Beclometasone 100 microgrammi/erogazione sospensione pressurizzata per inalazione',
      atc: { system: ATC, code: 'R03BA01', display: 'Beclometasone', en: 'beclometasone' },
      form: pressurisedSuspension,
      strength: { value: 100, ucum: 'ug', unit: 'µg', per: actuation },
      dosage: { text: '2 erogazioni due volte al giorno', route: inhaled, dose: 2, perDay: 2 },
      since: '2019-11-05',
    },
  ],
  immunizations: [
    {
      vaccine: {
        system: ATC,
        code: 'J07BB02',
        display: 'Influenza, inattivato, virus split o antigene di superficie',
        en: 'influenza, inactivated, split virus or surface antigen',
      },
      date: '2025-11-03',
    },
  ],
  results: [],
  vitalSigns: [],
});
