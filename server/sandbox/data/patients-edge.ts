/** Patients for edge cases: allergies (high criticality, none known, no information), deceased, empty. */
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
import { minimalPdf } from './attachments';

export const EDGE_PATIENTS: PatientDef[] = [
  {
    id: 'sandbox-polypharmacy',
    given: ['Walter'],
    family: 'Brooks',
    gender: 'male',
    birthDate: '1941-01-09',
    story:
      'Elderly man on ten medicines with a high-criticality penicillin allergy (anaphylaxis) and a sulfonamide allergy.',
    practitionerId: WEBER,
    build: (b) => {
      for (const [c, onset] of [
        [CONDITIONS.atrialFibrillation, '2017-02-01'],
        [CONDITIONS.ckd, '2018-07-19'],
        [CONDITIONS.hypertension, '2001-05-05'],
        [CONDITIONS.osteoarthritis, '2010-03-03'],
        [CONDITIONS.gout, '2016-12-12'],
        [CONDITIONS.hypothyroidism, '2012-09-09'],
        [CONDITIONS.depression, '2020-01-10'],
      ] as const) {
        b.condition(c, onset);
      }
      for (const m of [
        MEDICATIONS.apixaban,
        MEDICATIONS.metoprolol,
        MEDICATIONS.amlodipine,
        MEDICATIONS.furosemide,
        MEDICATIONS.allopurinol,
        MEDICATIONS.levothyroxine,
        MEDICATIONS.sertraline,
        MEDICATIONS.omeprazole,
        MEDICATIONS.paracetamol,
        MEDICATIONS.colecalciferol,
      ]) {
        b.medication(m, dateDaysAgo(b.rng.int(200, 2000)));
      }
      b.medication(MEDICATIONS.lisinopril, '2015-01-01', { status: 'stopped' });
      b.allergy(ALLERGENS.penicillin, '1975-06-01', {
        criticality: 'high',
        category: 'medication',
        reaction: REACTIONS.anaphylaxis,
        severity: 'severe',
      });
      b.allergy(ALLERGENS.sulfonamide, '1999-03-14', {
        criticality: 'low',
        category: 'medication',
        reaction: REACTIONS.rash,
        severity: 'mild',
      });
      b.immunization(VACCINES.influenza, dateDaysAgo(30));
      b.immunization(VACCINES.zoster, dateDaysAgo(800));
      routineVisits(
        b,
        10,
        60,
        { systolic: 138, diastolic: 76, heartRate: 70, weight: 79 },
        (enc, when) => {
          b.quantity(LABS.creatinine, b.rng.normal(1.6, 0.1), when, enc);
          b.quantity(LABS.egfr, b.rng.normal(41, 3), when, enc);
        },
      );
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
      b.condition(CONDITIONS.viralSinusitis, dateDaysAgo(400), {
        status: 'resolved',
        abatement: dateDaysAgo(385),
      });
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
      addImagingStudy(
        b,
        b.at(700, 15),
        {
          modality: 'MR',
          bodySite: IMAGING.brain,
          description: 'MRI brain without contrast',
          instancesPerSeries: [22, 22, 30],
          reportCode: IMAGING.brainMrReport,
          conclusion: 'No intracranial abnormality.',
        },
        4,
      );
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
      b.allergy(ALLERGENS.peanut, '1960-01-01', {
        criticality: 'high',
        category: 'food',
        reaction: REACTIONS.anaphylaxis,
        severity: 'severe',
      });
      const enc = b.encounter('2025-08-10T14:00:00Z', ENCOUNTER_TYPES.emergency, {
        classCode: 'IMP',
        minutes: 60 * 24 * 9,
      });
      b.quantity(VITALS.spo2, 88, '2025-08-10T14:20:00Z', enc);
      addImagingStudy(
        b,
        '2024-10-01T09:30:00Z',
        {
          modality: 'CT',
          bodySite: IMAGING.chest,
          description: 'CT chest with contrast',
          instancesPerSeries: [120, 120],
          reportCode: IMAGING.chestCtReport,
          conclusion: 'Right upper lobe mass 4.2 cm, suspicious for malignancy.',
        },
        5,
      );
      addDocument(b, '2025-08-19T10:00:00Z', {
        type: DOC_TYPES.dischargeSummary,
        title: 'Discharge summary (deceased)',
        contentType: 'application/pdf',
        data: minimalPdf([
          'Discharge summary',
          'Patient: George Whitman',
          'Died 2025-08-19 04:30 in hospital.',
          'Cause: non-small cell lung cancer.',
        ]),
      });
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
];
