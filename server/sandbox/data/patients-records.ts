/** Patients sized or shaped for performance and document tests: very large, median, big attachment, and two more chronic stories. */
import type { PatientDef } from './patient-def';
import { ROSSI, WEBER } from '../auth/accounts';
import { routineVisits } from './patient-def';
import {
  ALLERGENS,
  CONDITIONS,
  ENCOUNTER_TYPES,
  LABS,
  MEDICATIONS,
  PROCEDURES,
  REACTIONS,
  VACCINES,
  VITALS,
} from './codes';
import { dateDaysAgo } from './prng';
import { addDocument, addImagingStudy, DOC_TYPES, IMAGING } from './documents';
import { largeHolterExport, minimalPdf, smallPng, textNote } from './attachments';

export const RECORD_PATIENTS: PatientDef[] = [
  {
    id: 'sandbox-large',
    given: ['Frank'],
    family: 'Morrison',
    gender: 'male',
    birthDate: '1950-08-08',
    story:
      'Dialysis patient on home telemonitoring: BP, heart rate and SpO2 four times a day for 900 days (over 10,000 Observations).',
    practitionerId: ROSSI,
    build: (b) => {
      for (const [c, onset] of [
        [CONDITIONS.ckd, '2016-01-01'],
        [CONDITIONS.diabetes2, '2008-01-01'],
        [CONDITIONS.heartFailure, '2020-05-05'],
        [CONDITIONS.anemia, '2019-01-01'],
        [CONDITIONS.hypertension, '2005-01-01'],
      ] as const) {
        b.condition(c, onset);
      }
      for (const m of [
        MEDICATIONS.epoetin,
        MEDICATIONS.furosemide,
        MEDICATIONS.metoprolol,
        MEDICATIONS.atorvastatin,
        MEDICATIONS.colecalciferol,
      ])
        b.medication(m, '2020-05-05');
      b.allergy(ALLERGENS.penicillin, '1980-01-01', {
        criticality: 'high',
        category: 'medication',
        reaction: REACTIONS.anaphylaxis,
        severity: 'severe',
      });
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
    story:
      'A typical record of about 250 resources: hypertension and hypothyroidism, yearly labs, a colonoscopy, a chest X-ray and documents.',
    practitionerId: WEBER,
    build: (b) => {
      b.condition(CONDITIONS.hypertension, '2016-04-04');
      b.condition(CONDITIONS.hypothyroidism, '2011-11-11');
      b.condition(CONDITIONS.pharyngitis, dateDaysAgo(500), {
        status: 'resolved',
        abatement: dateDaysAgo(490),
      });
      b.condition(CONDITIONS.viralSinusitis, dateDaysAgo(900), {
        status: 'resolved',
        abatement: dateDaysAgo(880),
      });
      b.medication(MEDICATIONS.lisinopril, '2016-04-04');
      b.medication(MEDICATIONS.levothyroxine, '2011-11-11');
      b.medication(MEDICATIONS.colecalciferol, '2020-10-10');
      b.allergy(ALLERGENS.sulfonamide, '2003-03-03', {
        criticality: 'low',
        category: 'medication',
        reaction: REACTIONS.urticaria,
        severity: 'mild',
      });
      for (let y = 0; y < 6; y++) b.immunization(VACCINES.influenza, dateDaysAgo(40 + 365 * y));
      b.immunization(VACCINES.covid, dateDaysAgo(600));
      routineVisits(
        b,
        48,
        50,
        { systolic: 132, diastolic: 82, heartRate: 70, weight: 69 },
        (enc, when, i) => {
          if (i % 4 === 0) {
            b.quantity(LABS.cholesterol, b.rng.normal(195, 15), when, enc);
            b.quantity(LABS.creatinine, b.rng.normal(0.8, 0.05), when, enc);
            b.quantity(LABS.glucose, b.rng.normal(95, 8), when, enc);
          }
        },
      );
      b.quantity(VITALS.height, 167, b.at(1000, 10));
      b.procedure(PROCEDURES.colonoscopy, b.at(730, 9));
      b.procedure(PROCEDURES.ecg, b.at(365, 11));
      addImagingStudy(
        b,
        b.at(500, 12),
        {
          modality: 'DX',
          bodySite: IMAGING.chest,
          description: 'Chest X-ray PA',
          instancesPerSeries: [1],
          reportCode: IMAGING.chestXrayReport,
          conclusion: 'Normal chest radiograph.',
        },
        6,
      );
      addDocument(b, b.at(60, 12), {
        type: DOC_TYPES.progressNote,
        title: 'Annual review note',
        contentType: 'text/plain',
        data: textNote([
          'Annual review.',
          'BP controlled on lisinopril; TSH normal on levothyroxine.',
        ]),
      });
      addDocument(b, b.at(730, 13), {
        type: DOC_TYPES.consultNote,
        title: 'Gastroenterology consult letter',
        contentType: 'application/pdf',
        data: minimalPdf([
          'Gastroenterology consult',
          'Screening colonoscopy: no polyps.',
          'Repeat in 10 years.',
        ]),
      });
      addDocument(b, b.at(200, 10), {
        type: DOC_TYPES.progressNote,
        title: 'Photo of skin lesion',
        contentType: 'image/png',
        data: smallPng(),
      });
    },
  },
  {
    id: 'sandbox-documents',
    given: ['Peter'],
    family: 'Hughes',
    gender: 'male',
    birthDate: '1969-12-24',
    story:
      'Palpitations work-up with a ~1 MB Holter export attached (UI-freeze test), an ECG and a cardiology letter.',
    practitionerId: ROSSI,
    build: (b) => {
      b.condition(CONDITIONS.atrialFibrillation, dateDaysAgo(50));
      b.medication(MEDICATIONS.apixaban, dateDaysAgo(45));
      b.procedure(PROCEDURES.ecg, b.at(52, 10));
      routineVisits(b, 3, 20, { systolic: 128, diastolic: 80, heartRate: 96, weight: 88 });
      addDocument(b, b.at(48, 16), {
        type: DOC_TYPES.episodeSummary,
        title: 'Holter ECG 24 h raw export',
        contentType: 'text/plain',
        data: largeHolterExport(b.rng),
      });
      addDocument(b, b.at(45, 12), {
        type: DOC_TYPES.consultNote,
        title: 'Cardiology letter',
        contentType: 'application/pdf',
        data: minimalPdf([
          'Cardiology clinic',
          'Paroxysmal atrial fibrillation on Holter.',
          'Started apixaban 5 mg twice daily.',
        ]),
      });
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
    story:
      'Chronic kidney disease with a rising creatinine and falling eGFR over four years; gout.',
    practitionerId: WEBER,
    build: (b) => {
      b.condition(CONDITIONS.ckd, '2021-03-03');
      b.condition(CONDITIONS.gout, '2019-09-09');
      b.medication(MEDICATIONS.allopurinol, '2019-09-09');
      b.medication(MEDICATIONS.lisinopril, '2021-03-03');
      b.allergy(ALLERGENS.aspirin, '2015-01-01', {
        criticality: 'unable-to-assess',
        category: 'medication',
        reaction: REACTIONS.urticaria,
      });
      routineVisits(
        b,
        16,
        91,
        { systolic: 136, diastolic: 84, heartRate: 74, weight: 91 },
        (enc, when, i) => {
          b.quantity(LABS.creatinine, 1.3 + i * 0.06 + b.rng.normal(0, 0.05), when, enc);
          b.quantity(LABS.egfr, 62 - i * 1.8 + b.rng.normal(0, 1.5), when, enc);
        },
      );
    },
  },
];
