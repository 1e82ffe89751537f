/** Patients with one leading chronic story each (hypertension, diabetes, heart failure, COPD…). */
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
import { textNote } from './attachments';

export const CHRONIC_PATIENTS: PatientDef[] = [
  {
    id: 'sandbox-hypertension',
    given: ['Margaret'],
    family: 'Thompson',
    gender: 'female',
    birthDate: '1958-03-14',
    story:
      'Essential hypertension on amlodipine and lisinopril; monthly blood pressure checks for three years; remote monitoring with twice-daily home BP (missed the last 2 days, one reading typed in swapped).',
    practitionerId: WEBER,
    build: (b) => {
      b.condition(CONDITIONS.hypertension, '2015-06-02');
      b.condition(CONDITIONS.hyperlipidemia, '2018-01-20');
      b.medication(MEDICATIONS.amlodipine, '2015-06-02', { reason: CONDITIONS.hypertension });
      b.medication(MEDICATIONS.lisinopril, '2019-09-12', { reason: CONDITIONS.hypertension });
      b.medication(MEDICATIONS.atorvastatin, '2018-01-20');
      b.allergy(ALLERGENS.latex, '2012-04-01', {
        criticality: 'low',
        category: 'environment',
        reaction: REACTIONS.rash,
        severity: 'mild',
      });
      b.immunization(VACCINES.influenza, dateDaysAgo(40));
      b.immunization(VACCINES.covid, dateDaysAgo(400));
      routineVisits(b, 36, 30, { systolic: 146, diastolic: 88, heartRate: 72, weight: 74 });
      b.quantity(VITALS.height, 164, b.at(600, 10));
      b.quantity(LABS.creatinine, b.rng.normal(0.9, 0.05), b.at(90, 8));
      b.quantity(LABS.cholesterol, b.rng.normal(210, 10), b.at(90, 8));
      b.procedure(PROCEDURES.ecg, b.at(300, 11));
      addDocument(b, b.at(30, 12), {
        type: DOC_TYPES.progressNote,
        title: 'Hypertension review',
        contentType: 'text/plain',
        data: textNote([
          'Hypertension review.',
          'Home readings mostly 140-150/85-90.',
          'Plan: continue amlodipine and lisinopril; recheck in 4 weeks.',
        ]),
      });
    },
  },
  {
    id: 'sandbox-diabetes',
    given: ['Robert', 'James'],
    family: 'Mitchell',
    gender: 'male',
    birthDate: '1965-07-22',
    story:
      'Type 2 diabetes on metformin: quarterly HbA1c, remote monitoring with twice-daily meter glucose and daily weight for 90 days (one implausible 1001 mg/dL, one weight in pounds), obesity.',
    practitionerId: WEBER,
    build: (b) => {
      const dm = b.condition(CONDITIONS.diabetes2, '2016-02-11');
      b.condition(CONDITIONS.obesity, '2016-02-11');
      b.medication(MEDICATIONS.metformin, '2016-02-11', { reason: CONDITIONS.diabetes2 });
      b.medication(MEDICATIONS.atorvastatin, '2017-05-03');
      b.allergy(ALLERGENS.aspirin, '2010-08-19', {
        criticality: 'low',
        category: 'medication',
        reaction: REACTIONS.urticaria,
        severity: 'mild',
      });
      b.immunization(VACCINES.influenza, dateDaysAgo(35));
      b.immunization(VACCINES.pneumococcal, dateDaysAgo(700));
      routineVisits(
        b,
        12,
        91,
        { systolic: 134, diastolic: 82, heartRate: 78, weight: 102 },
        (enc, when, i) => {
          b.quantity(LABS.hba1c, 8.4 - i * 0.12 + b.rng.normal(0, 0.15), when, enc);
        },
      );
      b.quantity(VITALS.height, 178, b.at(500, 10));
      b.quantity(VITALS.bmi, 32.2, b.at(500, 10));
      b.carePlan(
        'Diabetes self-management',
        'Metformin, diet and exercise plan; HbA1c target below 7 %.',
        '2016-02-11',
        [dm],
      );
    },
  },
  {
    id: 'sandbox-heart-failure',
    given: ['Harold'],
    family: 'Jenkins',
    gender: 'male',
    birthDate: '1946-11-02',
    story:
      'Chronic heart failure: remote monitoring with daily home weight, BP, pulse and SpO2 for 90 days (weight up 2+ kg in the last days), diuretic and sacubitril/valsartan, echocardiogram.',
    practitionerId: ROSSI,
    build: (b) => {
      const hf = b.condition(CONDITIONS.heartFailure, '2019-03-08');
      b.condition(CONDITIONS.hypertension, '2009-10-10');
      b.medication(MEDICATIONS.furosemide, '2019-03-08', { reason: CONDITIONS.heartFailure });
      b.medication(MEDICATIONS.metoprolol, '2019-03-08');
      b.medication(MEDICATIONS.sacubitrilValsartan, '2020-01-15');
      b.medication(MEDICATIONS.spironolactone, '2021-06-01');
      b.immunization(VACCINES.influenza, dateDaysAgo(50));
      routineVisits(
        b,
        8,
        90,
        { systolic: 122, diastolic: 74, heartRate: 68, weight: 84 },
        (enc, when) => {
          b.quantity(LABS.ntprobnp, b.rng.normal(900, 150), when, enc);
          b.quantity(LABS.potassium, b.rng.normal(4.4, 0.3), when, enc);
        },
      );
      b.procedure(PROCEDURES.echocardiography, b.at(200, 10));
      addImagingStudy(
        b,
        b.at(200, 10),
        {
          modality: 'US',
          bodySite: IMAGING.heart,
          description: 'Transthoracic echocardiogram',
          instancesPerSeries: [24, 12],
          reportCode: IMAGING.echoReport,
          conclusion: 'Dilated left ventricle, ejection fraction 35 %.',
        },
        1,
      );
      b.carePlan(
        'Heart failure self-care',
        'Weigh every morning; call if weight rises more than 2 kg in 3 days.',
        '2019-03-08',
        [hf],
      );
    },
  },
  {
    id: 'sandbox-copd',
    given: ['Patricia'],
    family: 'Walsh',
    gender: 'female',
    birthDate: '1952-05-30',
    story:
      'COPD with remote monitoring of daily SpO2 and pulse for 90 days (an exacerbation a month ago), inhalers, spirometry and a chest X-ray.',
    practitionerId: WEBER,
    build: (b) => {
      b.condition(CONDITIONS.copd, '2014-11-20');
      b.condition(CONDITIONS.acuteBronchitis, dateDaysAgo(120), {
        status: 'resolved',
        abatement: dateDaysAgo(100),
      });
      b.medication(MEDICATIONS.tiotropium, '2014-11-20', { reason: CONDITIONS.copd });
      b.medication(MEDICATIONS.salbutamol, '2014-11-20');
      b.immunization(VACCINES.influenza, dateDaysAgo(45));
      b.immunization(VACCINES.pneumococcal, dateDaysAgo(900));
      routineVisits(
        b,
        6,
        120,
        { systolic: 132, diastolic: 80, heartRate: 84, weight: 61 },
        (enc, when) => {
          b.quantity(VITALS.respiratoryRate, b.rng.normal(20, 2), when, enc);
        },
      );
      b.procedure(PROCEDURES.spirometry, b.at(150, 10));
      addImagingStudy(
        b,
        b.at(118, 14),
        {
          modality: 'DX',
          bodySite: IMAGING.chest,
          description: 'Chest X-ray PA and lateral',
          instancesPerSeries: [1, 1],
          reportCode: IMAGING.chestXrayReport,
          conclusion: 'Hyperinflated lungs, no consolidation.',
        },
        2,
      );
    },
  },
  {
    id: 'sandbox-child-asthma',
    given: ['Noah'],
    family: 'Clarke',
    gender: 'male',
    birthDate: '2017-09-12',
    story:
      'Child with asthma: inhalers, house dust mite allergy, growth measurements and childhood immunizations.',
    practitionerId: WEBER,
    build: (b) => {
      b.condition(CONDITIONS.asthma, '2021-04-06');
      b.medication(MEDICATIONS.budesonide, '2021-04-06', { reason: CONDITIONS.asthma });
      b.medication(MEDICATIONS.salbutamol, '2021-04-06');
      b.allergy(ALLERGENS.houseDustMite, '2021-04-06', {
        criticality: 'low',
        category: 'environment',
        reaction: REACTIONS.wheeze,
        severity: 'moderate',
      });
      for (const [v, date] of [
        [VACCINES.hepB, '2017-09-13'],
        [VACCINES.dtap, '2017-11-14'],
        [VACCINES.ipv, '2017-11-14'],
        [VACCINES.mmr, '2018-09-20'],
        [VACCINES.varicella, '2018-09-20'],
        [VACCINES.dtap, '2021-10-01'],
      ] as const) {
        b.immunization(v, date);
      }
      for (let y = 0; y < 9; y++) {
        const when = `${2018 + y}-09-15T10:00:00Z`;
        const enc = b.encounter(when, ENCOUNTER_TYPES.checkUp);
        b.quantity(VITALS.height, 76 + y * 6.5 + b.rng.normal(0, 0.8), when, enc);
        b.quantity(VITALS.weight, 9.5 + y * 2.6 + b.rng.normal(0, 0.3), when, enc);
      }
    },
  },
  {
    id: 'sandbox-pregnancy',
    given: ['Emily'],
    family: 'Harper',
    gender: 'female',
    birthDate: '1994-02-18',
    story:
      'Pregnancy at about 28 weeks: prenatal visits with blood pressure and weight, folic acid and iron.',
    practitionerId: WEBER,
    build: (b) => {
      b.condition(CONDITIONS.pregnancy, dateDaysAgo(196));
      b.condition(CONDITIONS.anemia, dateDaysAgo(60));
      b.medication(MEDICATIONS.folicAcid, dateDaysAgo(196));
      b.medication(MEDICATIONS.ferrousSulfate, dateDaysAgo(60), { reason: CONDITIONS.anemia });
      b.noKnownAllergies(ALLERGENS.noKnownAllergy, dateDaysAgo(190));
      b.immunization(VACCINES.tdap, dateDaysAgo(10));
      b.immunization(VACCINES.influenza, dateDaysAgo(40));
      routineVisits(
        b,
        7,
        28,
        { systolic: 112, diastolic: 70, heartRate: 82, weight: 68, type: ENCOUNTER_TYPES.prenatal },
        (enc, when, i) => {
          if (i % 2 === 0)
            b.quantity(LABS.hemoglobin, 12.4 - i * 0.25 + b.rng.normal(0, 0.2), when, enc);
        },
      );
      addImagingStudy(
        b,
        b.at(80, 11),
        {
          modality: 'US',
          bodySite: { code: '35039007', display: 'Uterine structure' },
          description: 'Obstetric ultrasound, anomaly scan',
          instancesPerSeries: [18],
          reportCode: { code: '11525-3', display: 'US Pelvis Fetus for pregnancy' },
          conclusion: 'Single live fetus, growth on the 50th centile.',
        },
        3,
      );
    },
  },
];
