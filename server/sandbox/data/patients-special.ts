/** Patients that exercise edge cases: allergies, deceased, empty, very large, median, big attachment. */
import type { PatientDef } from './patient-def';
import { routineVisits } from './patient-def';
import { ALLERGENS, CONDITIONS, ENCOUNTER_TYPES, LABS, MEDICATIONS, PROCEDURES, REACTIONS, VACCINES, VITALS } from './codes';
import { dateDaysAgo } from './prng';
import { addDocument, addImagingStudy, DOC_TYPES, IMAGING } from './documents';
import { largeHolterExport, minimalPdf, smallPng, textNote } from './attachments';

const WEBER = 'practitioner-weber';
const ROSSI = 'practitioner-rossi';

export const SPECIAL_PATIENTS: PatientDef[] = [
  {
    id: 'sandbox-polypharmacy',
    given: ['Walter'],
    family: 'Brooks',
    gender: 'male',
    birthDate: '1941-01-09',
    story: 'Elderly man on ten medicines with a high-criticality penicillin allergy (anaphylaxis) and a sulfonamide allergy.',
    practitionerId: WEBER,
    build: (b) => {
      for (const [c, onset] of [[CONDITIONS.atrialFibrillation, '2017-02-01'], [CONDITIONS.ckd, '2018-07-19'], [CONDITIONS.hypertension, '2001-05-05'], [CONDITIONS.osteoarthritis, '2010-03-03'], [CONDITIONS.gout, '2016-12-12'], [CONDITIONS.hypothyroidism, '2012-09-09'], [CONDITIONS.depression, '2020-01-10']] as const) {
        b.condition(c, onset);
      }
      for (const m of [MEDICATIONS.apixaban, MEDICATIONS.metoprolol, MEDICATIONS.amlodipine, MEDICATIONS.furosemide, MEDICATIONS.allopurinol, MEDICATIONS.levothyroxine, MEDICATIONS.sertraline, MEDICATIONS.omeprazole, MEDICATIONS.paracetamol, MEDICATIONS.colecalciferol]) {
        b.medication(m, dateDaysAgo(b.rng.int(200, 2000)));
      }
      b.medication(MEDICATIONS.lisinopril, '2015-01-01', { status: 'stopped' });
      b.allergy(ALLERGENS.penicillin, '1975-06-01', { criticality: 'high', category: 'medication', reaction: REACTIONS.anaphylaxis, severity: 'severe' });
      b.allergy(ALLERGENS.sulfonamide, '1999-03-14', { criticality: 'low', category: 'medication', reaction: REACTIONS.rash, severity: 'mild' });
      b.immunization(VACCINES.influenza, dateDaysAgo(30));
      b.immunization(VACCINES.zoster, dateDaysAgo(800));
      routineVisits(b, 10, 60, { systolic: 138, diastolic: 76, heartRate: 70, weight: 79 }, (enc, when) => {
        b.quantity(LABS.creatinine, b.rng.normal(1.6, 0.1), when, enc);
        b.quantity(LABS.egfr, b.rng.normal(41, 3), when, enc);
      });
      b.procedure(PROCEDURES.medicationReconciliation, b.at(20, 10));
    },
  },
  {
    id: 'sandbox-nka',
    given: ['Daniel'],
    family: 'Foster',
    gender: 'male',
    birthDate: '1988-06-05',
    story: 'Healthy adult with an explicit "No known allergy" statement and a resolved sinusitis.',
    practitionerId: WEBER,
    build: (b) => {
      b.noKnownAllergies(ALLERGENS.noKnownAllergy, '2019-05-05');
      b.condition(CONDITIONS.viralSinusitis, dateDaysAgo(400), { status: 'resolved', abatement: dateDaysAgo(385) });
      b.immunization(VACCINES.tdap, '2019-05-05');
      routineVisits(b, 2, 365, { systolic: 118, diastolic: 76, heartRate: 64, weight: 80 });
    },
  },
  {
    id: 'sandbox-no-allergy-info',
    given: ['Olivia'],
    family: 'Bennett',
    gender: 'female',
    birthDate: '1979-10-27',
    story: 'Migraine; no allergy information recorded at all (no AllergyIntolerance resources).',
    practitionerId: WEBER,
    build: (b) => {
      b.condition(CONDITIONS.migraine, '2008-02-02');
      b.medication(MEDICATIONS.sumatriptan, '2008-02-02', { reason: CONDITIONS.migraine });
      routineVisits(b, 3, 180, { systolic: 116, diastolic: 72, heartRate: 70, weight: 63 });
      addImagingStudy(b, b.at(700, 15), { modality: 'MR', bodySite: IMAGING.brain, description: 'MRI brain without contrast', instancesPerSeries: [22, 22, 30], reportCode: IMAGING.brainMrReport, conclusion: 'No intracranial abnormality.' }, 4);
    },
  },
  {
    id: 'sandbox-deceased',
    given: ['George'],
    family: 'Whitman',
    gender: 'male',
    birthDate: '1938-04-17',
    story: 'Died on 2025-08-19 of non-small cell lung cancer; CT chest and discharge summary.',
    practitionerId: ROSSI,
    extra: { deceasedDateTime: '2025-08-19T04:30:00Z' },
    build: (b) => {
      b.condition(CONDITIONS.lungCancer, '2024-10-02');
      b.condition(CONDITIONS.copd, '2005-01-01');
      b.medication(MEDICATIONS.paracetamol, '2024-10-02', { status: 'stopped' });
      b.allergy(ALLERGENS.peanut, '1960-01-01', { criticality: 'high', category: 'food', reaction: REACTIONS.anaphylaxis, severity: 'severe' });
      const enc = b.encounter('2025-08-10T14:00:00Z', ENCOUNTER_TYPES.emergency, { classCode: 'IMP', minutes: 60 * 24 * 9 });
      b.quantity(VITALS.spo2, 88, '2025-08-10T14:20:00Z', enc);
      addImagingStudy(b, '2024-10-01T09:30:00Z', { modality: 'CT', bodySite: IMAGING.chest, description: 'CT chest with contrast', instancesPerSeries: [120, 120], reportCode: IMAGING.chestCtReport, conclusion: 'Right upper lobe mass 4.2 cm, suspicious for malignancy.' }, 5);
      addDocument(b, '2025-08-19T10:00:00Z', { type: DOC_TYPES.dischargeSummary, title: 'Discharge summary (deceased)', contentType: 'application/pdf', data: minimalPdf(['Discharge summary', 'Patient: George Whitman', 'Died 2025-08-19 04:30 in hospital.', 'Cause: non-small cell lung cancer.']) });
    },
  },
  {
    id: 'sandbox-empty',
    given: ['Ruth'],
    family: 'Palmer',
    gender: 'female',
    birthDate: '1990-12-01',
    story: 'New registration: only the Patient resource, nothing else in the record.',
    practitionerId: WEBER,
    build: () => undefined,
  },
  {
    id: 'sandbox-large',
    given: ['Frank'],
    family: 'Morrison',
    gender: 'male',
    birthDate: '1950-08-08',
    story: 'Dialysis patient on home telemonitoring: BP, heart rate and SpO2 four times a day for 900 days (over 10,000 Observations).',
    practitionerId: ROSSI,
    build: (b) => {
      for (const [c, onset] of [[CONDITIONS.ckd, '2016-01-01'], [CONDITIONS.diabetes2, '2008-01-01'], [CONDITIONS.heartFailure, '2020-05-05'], [CONDITIONS.anemia, '2019-01-01'], [CONDITIONS.hypertension, '2005-01-01']] as const) {
        b.condition(c, onset);
      }
      for (const m of [MEDICATIONS.epoetin, MEDICATIONS.furosemide, MEDICATIONS.metoprolol, MEDICATIONS.atorvastatin, MEDICATIONS.colecalciferol]) b.medication(m, '2020-05-05');
      b.allergy(ALLERGENS.penicillin, '1980-01-01', { criticality: 'high', category: 'medication', reaction: REACTIONS.anaphylaxis, severity: 'severe' });
      let weight = 77;
      for (let d = 900; d >= 1; d--) {
        for (const hour of [6, 12, 18, 22]) {
          const when = b.at(d, hour);
          b.bloodPressure(b.rng.normal(138, 12), b.rng.normal(80, 8), when);
          b.quantity(VITALS.heartRate, b.rng.normal(74, 8), when);
          b.quantity(VITALS.spo2, Math.min(100, b.rng.normal(95, 1.5)), when);
        }
        weight += b.rng.normal(0, 0.25) + (77 - weight) * 0.05;
        b.quantity(VITALS.weight, weight, b.at(d, 7));
        if (d % 7 === 0) {
          const when = b.at(d, 8);
          const enc = b.encounter(when, ENCOUNTER_TYPES.followUp, { minutes: 240 });
          b.procedure(PROCEDURES.hemodialysis, when, enc);
          b.quantity(LABS.creatinine, b.rng.normal(6.5, 0.6), when, enc);
          b.quantity(LABS.potassium, b.rng.normal(5.0, 0.4), when, enc);
          b.quantity(LABS.hemoglobin, b.rng.normal(10.8, 0.6), when, enc);
        }
        if (d % 91 === 0) b.quantity(LABS.hba1c, b.rng.normal(7.2, 0.3), b.at(d, 8));
      }
    },
  },
  {
    id: 'sandbox-median',
    given: ['Laura'],
    family: 'Simmons',
    gender: 'female',
    birthDate: '1972-04-03',
    story: 'A typical record of about 250 resources: hypertension and hypothyroidism, yearly labs, a colonoscopy, a chest X-ray and documents.',
    practitionerId: WEBER,
    build: (b) => {
      b.condition(CONDITIONS.hypertension, '2016-04-04');
      b.condition(CONDITIONS.hypothyroidism, '2011-11-11');
      b.condition(CONDITIONS.pharyngitis, dateDaysAgo(500), { status: 'resolved', abatement: dateDaysAgo(490) });
      b.condition(CONDITIONS.viralSinusitis, dateDaysAgo(900), { status: 'resolved', abatement: dateDaysAgo(880) });
      b.medication(MEDICATIONS.lisinopril, '2016-04-04');
      b.medication(MEDICATIONS.levothyroxine, '2011-11-11');
      b.medication(MEDICATIONS.colecalciferol, '2020-10-10');
      b.allergy(ALLERGENS.sulfonamide, '2003-03-03', { criticality: 'low', category: 'medication', reaction: REACTIONS.urticaria, severity: 'mild' });
      for (let y = 0; y < 6; y++) b.immunization(VACCINES.influenza, dateDaysAgo(40 + 365 * y));
      b.immunization(VACCINES.covid, dateDaysAgo(600));
      routineVisits(b, 48, 50, { systolic: 132, diastolic: 82, heartRate: 70, weight: 69 }, (enc, when, i) => {
        if (i % 4 === 0) {
          b.quantity(LABS.cholesterol, b.rng.normal(195, 15), when, enc);
          b.quantity(LABS.creatinine, b.rng.normal(0.8, 0.05), when, enc);
          b.quantity(LABS.glucose, b.rng.normal(95, 8), when, enc);
        }
      });
      b.quantity(VITALS.height, 167, b.at(1000, 10));
      b.procedure(PROCEDURES.colonoscopy, b.at(730, 9));
      b.procedure(PROCEDURES.ecg, b.at(365, 11));
      addImagingStudy(b, b.at(500, 12), { modality: 'DX', bodySite: IMAGING.chest, description: 'Chest X-ray PA', instancesPerSeries: [1], reportCode: IMAGING.chestXrayReport, conclusion: 'Normal chest radiograph.' }, 6);
      addDocument(b, b.at(60, 12), { type: DOC_TYPES.progressNote, title: 'Annual review note', contentType: 'text/plain', data: textNote(['Annual review.', 'BP controlled on lisinopril; TSH normal on levothyroxine.']) });
      addDocument(b, b.at(730, 13), { type: DOC_TYPES.consultNote, title: 'Gastroenterology consult letter', contentType: 'application/pdf', data: minimalPdf(['Gastroenterology consult', 'Screening colonoscopy: no polyps.', 'Repeat in 10 years.']) });
      addDocument(b, b.at(200, 10), { type: DOC_TYPES.progressNote, title: 'Photo of skin lesion', contentType: 'image/png', data: smallPng() });
    },
  },
  {
    id: 'sandbox-documents',
    given: ['Peter'],
    family: 'Hughes',
    gender: 'male',
    birthDate: '1969-12-24',
    story: 'Palpitations work-up with a ~1 MB Holter export attached (UI-freeze test), an ECG and a cardiology letter.',
    practitionerId: ROSSI,
    build: (b) => {
      b.condition(CONDITIONS.atrialFibrillation, dateDaysAgo(50));
      b.medication(MEDICATIONS.apixaban, dateDaysAgo(45));
      b.procedure(PROCEDURES.ecg, b.at(52, 10));
      routineVisits(b, 3, 20, { systolic: 128, diastolic: 80, heartRate: 96, weight: 88 });
      addDocument(b, b.at(48, 16), { type: DOC_TYPES.episodeSummary, title: 'Holter ECG 24 h raw export', contentType: 'text/plain', data: largeHolterExport(b.rng) });
      addDocument(b, b.at(45, 12), { type: DOC_TYPES.consultNote, title: 'Cardiology letter', contentType: 'application/pdf', data: minimalPdf(['Cardiology clinic', 'Paroxysmal atrial fibrillation on Holter.', 'Started apixaban 5 mg twice daily.']) });
    },
  },
  {
    id: 'sandbox-atrial-fibrillation',
    given: ['Eleanor'],
    family: 'Price',
    gender: 'female',
    birthDate: '1949-07-30',
    story: 'Atrial fibrillation on apixaban with heart-rate monitoring and an echocardiogram.',
    practitionerId: ROSSI,
    build: (b) => {
      b.condition(CONDITIONS.atrialFibrillation, '2020-08-08');
      b.medication(MEDICATIONS.apixaban, '2020-08-08', { reason: CONDITIONS.atrialFibrillation });
      b.medication(MEDICATIONS.metoprolol, '2020-08-08');
      b.immunization(VACCINES.influenza, dateDaysAgo(33));
      routineVisits(b, 8, 45, { systolic: 128, diastolic: 78, heartRate: 88, weight: 66 });
      b.procedure(PROCEDURES.echocardiography, b.at(400, 10));
    },
  },
  {
    id: 'sandbox-ckd',
    given: ['Samuel'],
    family: 'Okafor',
    gender: 'male',
    birthDate: '1960-02-29',
    story: 'Chronic kidney disease with a rising creatinine and falling eGFR over four years; gout.',
    practitionerId: WEBER,
    build: (b) => {
      b.condition(CONDITIONS.ckd, '2021-03-03');
      b.condition(CONDITIONS.gout, '2019-09-09');
      b.medication(MEDICATIONS.allopurinol, '2019-09-09');
      b.medication(MEDICATIONS.lisinopril, '2021-03-03');
      b.allergy(ALLERGENS.aspirin, '2015-01-01', { criticality: 'unable-to-assess', category: 'medication', reaction: REACTIONS.urticaria });
      routineVisits(b, 16, 91, { systolic: 136, diastolic: 84, heartRate: 74, weight: 91 }, (enc, when, i) => {
        b.quantity(LABS.creatinine, 1.3 + i * 0.06 + b.rng.normal(0, 0.05), when, enc);
        b.quantity(LABS.egfr, 62 - i * 1.8 + b.rng.normal(0, 1.5), when, enc);
      });
    },
  },
];
