/** Medicines the generator prescribes: ATC always, RxNorm where a US code exists, with dosage text. */
import type { Concept } from './codes';

export interface MedicationDef {
  text: string;
  atc: Concept;
  rxnorm?: Concept;
  dosage: string;
}

const med = (
  text: string,
  atc: string,
  atcDisplay: string,
  dosage: string,
  rxnorm?: Concept,
): MedicationDef => ({
  text,
  atc: { code: atc, display: atcDisplay },
  dosage,
  ...(rxnorm ? { rxnorm } : {}),
});

export const MEDICATIONS = {
  amlodipine: med('Amlodipine 5 mg tablet', 'C08CA01', 'amlodipine', '1 tablet once daily', {
    code: '197361',
    display: 'Amlodipine 5 MG Oral Tablet',
  }),
  lisinopril: med('Lisinopril 10 mg tablet', 'C09AA03', 'lisinopril', '1 tablet once daily', {
    code: '314076',
    display: 'Lisinopril 10 MG Oral Tablet',
  }),
  metformin: med(
    'Metformin 500 mg extended-release tablet',
    'A10BA02',
    'metformin',
    '2 tablets once daily with the evening meal',
    {
      code: '860975',
      display: '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet',
    },
  ),
  furosemide: med('Furosemide 40 mg tablet', 'C03CA01', 'furosemide', '1 tablet every morning', {
    code: '313988',
    display: 'Furosemide 40 MG Oral Tablet',
  }),
  metoprolol: med(
    'Metoprolol succinate 100 mg extended-release tablet',
    'C07AB02',
    'metoprolol',
    '1 tablet once daily',
    { code: '866412', display: '24 HR Metoprolol succinate 100 MG Extended Release Oral Tablet' },
  ),
  sacubitrilValsartan: med(
    'Sacubitril/valsartan 49 mg/51 mg tablet',
    'C09DX04',
    'valsartan and sacubitril',
    '1 tablet twice daily',
  ),
  spironolactone: med(
    'Spironolactone 25 mg tablet',
    'C03DA01',
    'spironolactone',
    '1 tablet once daily',
  ),
  tiotropium: med(
    'Tiotropium 18 microgram inhalation powder',
    'R03BB04',
    'tiotropium bromide',
    '1 inhalation once daily',
  ),
  salbutamol: med(
    'Salbutamol 100 microgram/dose inhaler',
    'R03AC02',
    'salbutamol',
    '1-2 puffs when needed for breathlessness',
  ),
  budesonide: med(
    'Budesonide 100 microgram/dose inhaler',
    'R03BA02',
    'budesonide',
    '1 puff twice daily',
  ),
  apixaban: med('Apixaban 5 mg tablet', 'B01AF02', 'apixaban', '1 tablet twice daily'),
  atorvastatin: med('Atorvastatin 20 mg tablet', 'C10AA05', 'atorvastatin', '1 tablet at night'),
  paracetamol: med(
    'Paracetamol 500 mg tablet',
    'N02BE01',
    'paracetamol',
    '2 tablets up to four times daily when needed',
  ),
  omeprazole: med(
    'Omeprazole 20 mg capsule',
    'A02BC01',
    'omeprazole',
    '1 capsule once daily before breakfast',
  ),
  levothyroxine: med(
    'Levothyroxine 75 microgram tablet',
    'H03AA01',
    'levothyroxine sodium',
    '1 tablet every morning',
  ),
  allopurinol: med('Allopurinol 100 mg tablet', 'M04AA01', 'allopurinol', '1 tablet once daily'),
  sertraline: med('Sertraline 50 mg tablet', 'N06AB06', 'sertraline', '1 tablet once daily'),
  folicAcid: med('Folic acid 400 microgram tablet', 'B03BB01', 'folic acid', '1 tablet once daily'),
  ferrousSulfate: med(
    'Ferrous sulfate 200 mg tablet',
    'B03AA07',
    'ferrous sulfate',
    '1 tablet once daily',
  ),
  colecalciferol: med(
    'Colecalciferol 1000 unit tablet',
    'A11CC05',
    'colecalciferol',
    '1 tablet once daily',
  ),
  sumatriptan: med(
    'Sumatriptan 50 mg tablet',
    'N02CC01',
    'sumatriptan',
    '1 tablet at migraine onset, may repeat once after 2 hours',
  ),
  epoetin: med(
    'Epoetin alfa 4000 unit injection',
    'B03XA01',
    'erythropoietin',
    '4000 units subcutaneously three times weekly',
  ),
} as const satisfies Record<string, MedicationDef>;
