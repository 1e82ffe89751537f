/** Code systems and the coded concepts the generator uses (SNOMED CT, LOINC, RxNorm, ATC, CVX, UCUM). */

export const SNOMED = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const ATC = 'http://www.whocc.no/atc';
export const CVX = 'http://hl7.org/fhir/sid/cvx';
export const UCUM = 'http://unitsofmeasure.org';
export const OBS_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const MRN_SYSTEM = 'https://sandbox.example/mrn';

export interface Concept {
  code: string;
  display: string;
}

/** A quantity-valued observation kind: LOINC code, display, UCUM unit, category. */
export interface QuantityKind extends Concept {
  unit: string;
  ucum: string;
  category: 'vital-signs' | 'laboratory';
  digits: number;
}

export const VITALS = {
  weight: {
    code: '29463-7',
    display: 'Body weight',
    unit: 'kg',
    ucum: 'kg',
    category: 'vital-signs',
    digits: 1,
  },
  height: {
    code: '8302-2',
    display: 'Body height',
    unit: 'cm',
    ucum: 'cm',
    category: 'vital-signs',
    digits: 1,
  },
  bmi: {
    code: '39156-5',
    display: 'Body mass index (BMI) [Ratio]',
    unit: 'kg/m2',
    ucum: 'kg/m2',
    category: 'vital-signs',
    digits: 1,
  },
  heartRate: {
    code: '8867-4',
    display: 'Heart rate',
    unit: '/min',
    ucum: '/min',
    category: 'vital-signs',
    digits: 0,
  },
  spo2: {
    code: '2708-6',
    display: 'Oxygen saturation in Arterial blood',
    unit: '%',
    ucum: '%',
    category: 'vital-signs',
    digits: 0,
  },
  temperature: {
    code: '8310-5',
    display: 'Body temperature',
    unit: 'Cel',
    ucum: 'Cel',
    category: 'vital-signs',
    digits: 1,
  },
  respiratoryRate: {
    code: '9279-1',
    display: 'Respiratory rate',
    unit: '/min',
    ucum: '/min',
    category: 'vital-signs',
    digits: 0,
  },
} as const satisfies Record<string, QuantityKind>;

export const LABS = {
  hba1c: {
    code: '4548-4',
    display: 'Hemoglobin A1c/Hemoglobin.total in Blood',
    unit: '%',
    ucum: '%',
    category: 'laboratory',
    digits: 1,
  },
  glucose: {
    code: '2339-0',
    display: 'Glucose [Mass/volume] in Blood',
    unit: 'mg/dL',
    ucum: 'mg/dL',
    category: 'laboratory',
    digits: 0,
  },
  creatinine: {
    code: '2160-0',
    display: 'Creatinine [Mass/volume] in Serum or Plasma',
    unit: 'mg/dL',
    ucum: 'mg/dL',
    category: 'laboratory',
    digits: 2,
  },
  egfr: {
    code: '33914-3',
    display:
      'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum or Plasma by Creatinine-based formula (MDRD)',
    unit: 'mL/min/{1.73_m2}',
    ucum: 'mL/min/{1.73_m2}',
    category: 'laboratory',
    digits: 0,
  },
  potassium: {
    code: '2823-3',
    display: 'Potassium [Moles/volume] in Serum or Plasma',
    unit: 'mmol/L',
    ucum: 'mmol/L',
    category: 'laboratory',
    digits: 1,
  },
  hemoglobin: {
    code: '718-7',
    display: 'Hemoglobin [Mass/volume] in Blood',
    unit: 'g/dL',
    ucum: 'g/dL',
    category: 'laboratory',
    digits: 1,
  },
  cholesterol: {
    code: '2093-3',
    display: 'Cholesterol [Mass/volume] in Serum or Plasma',
    unit: 'mg/dL',
    ucum: 'mg/dL',
    category: 'laboratory',
    digits: 0,
  },
  ntprobnp: {
    code: '33762-6',
    display: 'Natriuretic peptide.B prohormone N-Terminal [Mass/volume] in Serum or Plasma',
    unit: 'pg/mL',
    ucum: 'pg/mL',
    category: 'laboratory',
    digits: 0,
  },
} as const satisfies Record<string, QuantityKind>;

/** Reference ranges for the labs, used for `referenceRange` and H/L interpretation. */
export const LAB_RANGES: Record<string, { low?: number; high?: number }> = {
  '4548-4': { high: 5.7 },
  '2339-0': { low: 70, high: 140 },
  '2160-0': { low: 0.6, high: 1.2 },
  '33914-3': { low: 60 },
  '2823-3': { low: 3.5, high: 5.1 },
  '718-7': { low: 12, high: 17 },
  '2093-3': { high: 200 },
  '33762-6': { high: 125 },
};

export const BP = {
  panel: { code: '85354-9', display: 'Blood pressure panel with all children optional' },
  systolic: { code: '8480-6', display: 'Systolic blood pressure' },
  diastolic: { code: '8462-4', display: 'Diastolic blood pressure' },
} as const;

export const CONDITIONS = {
  hypertension: { code: '59621000', display: 'Essential hypertension' },
  diabetes2: { code: '44054006', display: 'Diabetes mellitus type 2' },
  heartFailure: { code: '88805009', display: 'Chronic congestive heart failure' },
  copd: { code: '13645005', display: 'Chronic obstructive lung disease' },
  asthma: { code: '195967001', display: 'Asthma' },
  pregnancy: { code: '72892002', display: 'Normal pregnancy' },
  atrialFibrillation: { code: '49436004', display: 'Atrial fibrillation' },
  ckd: { code: '709044004', display: 'Chronic kidney disease' },
  osteoarthritis: { code: '396275006', display: 'Osteoarthritis' },
  depression: { code: '35489007', display: 'Depressive disorder' },
  migraine: { code: '37796009', display: 'Migraine' },
  lungCancer: { code: '254637007', display: 'Non-small cell lung cancer' },
  hyperlipidemia: { code: '55822004', display: 'Hyperlipidemia' },
  hypothyroidism: { code: '40930008', display: 'Hypothyroidism' },
  gout: { code: '90560007', display: 'Gout' },
  anemia: { code: '271737000', display: 'Anemia' },
  acuteBronchitis: { code: '10509002', display: 'Acute bronchitis' },
  viralSinusitis: { code: '444814009', display: 'Viral sinusitis' },
  pharyngitis: { code: '195662009', display: 'Acute viral pharyngitis' },
  obesity: { code: '162864005', display: 'Body mass index 30+ - obesity' },
} as const satisfies Record<string, Concept>;

export const ALLERGENS = {
  penicillin: { code: '764146007', display: 'Penicillin' },
  sulfonamide: { code: '387406002', display: 'Sulfonamide' },
  peanut: { code: '256349002', display: 'Peanut' },
  latex: { code: '111088007', display: 'Latex' },
  aspirin: { code: '387458008', display: 'Aspirin' },
  houseDustMite: { code: '260147004', display: 'House dust mite' },
  noKnownAllergy: { code: '716186003', display: 'No known allergy' },
} as const satisfies Record<string, Concept>;

export const REACTIONS = {
  anaphylaxis: { code: '39579001', display: 'Anaphylaxis' },
  urticaria: { code: '126485001', display: 'Urticaria' },
  rash: { code: '271807003', display: 'Eruption of skin' },
  wheeze: { code: '56018004', display: 'Wheezing' },
} as const satisfies Record<string, Concept>;

export const VACCINES = {
  influenza: { code: '140', display: 'Influenza, seasonal, injectable, preservative free' },
  covid: {
    code: '208',
    display:
      'SARS-COV-2 (COVID-19) vaccine, mRNA, spike protein, LNP, preservative free, 30 mcg/0.3mL dose',
  },
  tdap: { code: '115', display: 'Tdap' },
  pneumococcal: { code: '33', display: 'pneumococcal polysaccharide vaccine, 23 valent' },
  zoster: { code: '187', display: 'zoster vaccine recombinant' },
  dtap: { code: '20', display: 'DTaP' },
  mmr: { code: '03', display: 'MMR' },
  ipv: { code: '10', display: 'IPV' },
  hepB: { code: '08', display: 'Hep B, adolescent or pediatric' },
  varicella: { code: '21', display: 'varicella' },
} as const satisfies Record<string, Concept>;

export const PROCEDURES = {
  echocardiography: { code: '40701008', display: 'Echocardiography' },
  spirometry: { code: '23426006', display: 'Measurement of respiratory function' },
  ecg: { code: '29303009', display: 'Electrocardiographic procedure' },
  colonoscopy: { code: '73761001', display: 'Colonoscopy' },
  chestXray: { code: '399208008', display: 'Plain chest X-ray' },
  medicationReconciliation: { code: '430193006', display: 'Medication reconciliation' },
  hemodialysis: { code: '302497006', display: 'Hemodialysis' },
  appendectomy: { code: '80146002', display: 'Appendectomy' },
} as const satisfies Record<string, Concept>;

export const ENCOUNTER_TYPES = {
  checkUp: { code: '185349003', display: 'Encounter for check up' },
  symptom: { code: '185345009', display: 'Encounter for symptom' },
  followUp: { code: '390906007', display: 'Follow-up encounter' },
  emergency: { code: '50849002', display: 'Emergency room admission' },
  prenatal: { code: '424619006', display: 'Prenatal visit' },
} as const satisfies Record<string, Concept>;

export { MEDICATIONS } from './medications';
export type { MedicationDef } from './medications';
