/**
 * The CGM patient's clinical record: type 1 diabetes since childhood on basal-bolus insulin,
 * quarterly diabetes clinic visits with HbA1c. Her 90 days of sensor readings come from
 * monitoring-generate.ts like every monitored patient's readings.
 */
import { WEBER } from '../auth/accounts';
import { ALLERGENS, LABS, VACCINES } from './codes';
import type { MedicationDef } from './codes';
import { DIABETES_TYPE_1, HYPOGLYCEMIA } from './monitoring-codes';
import type { PatientDef } from './patient-def';
import { routineVisits } from './patient-def';
import { dateDaysAgo } from './prng';

/** ATC only: no US RxNorm code is claimed for these presentations. */
const INSULINS: Record<'glargine' | 'aspart' | 'glucagon', MedicationDef> = {
  glargine: {
    text: 'Insulin glargine 100 units/mL pre-filled pen',
    atc: { code: 'A10AE04', display: 'insulin glargine' },
    dosage: '14 units subcutaneously at bedtime',
  },
  aspart: {
    text: 'Insulin aspart 100 units/mL pre-filled pen',
    atc: { code: 'A10AB05', display: 'insulin aspart' },
    dosage: 'With meals: 1 unit per 10 g carbohydrate, plus 1 unit per 50 mg/dL above 150 mg/dL',
  },
  glucagon: {
    text: 'Glucagon 3 mg nasal powder',
    atc: { code: 'H04AA01', display: 'glucagon' },
    dosage: 'One dose into one nostril for severe hypoglycaemia; may repeat after 15 minutes',
  },
};

export const CGM_PATIENT: PatientDef = {
  id: 'sandbox-t1d-cgm',
  given: ['Sophie'],
  family: 'Brennan',
  gender: 'female',
  birthDate: '1997-04-09',
  story:
    'Type 1 diabetes on basal-bolus insulin with a CGM sensor: 90 days of 5-minute glucose readings (about 25,700, sensor changes every 10 days), a hypo last night, quarterly HbA1c.',
  practitionerId: WEBER,
  build: (b) => {
    const t1 = b.condition(DIABETES_TYPE_1, '2006-10-02');
    b.condition(HYPOGLYCEMIA, dateDaysAgo(210), {
      status: 'resolved',
      abatement: dateDaysAgo(210),
      note: 'Severe hypoglycaemia at night, glucagon given by partner; no admission.',
    });
    b.medication(INSULINS.glargine, '2006-10-02', { reason: DIABETES_TYPE_1 });
    b.medication(INSULINS.aspart, '2006-10-02', { reason: DIABETES_TYPE_1 });
    b.medication(INSULINS.glucagon, dateDaysAgo(205));
    b.noKnownAllergies(ALLERGENS.noKnownAllergy, '2015-05-01');
    b.immunization(VACCINES.influenza, dateDaysAgo(30));
    routineVisits(
      b,
      4,
      91,
      { systolic: 116, diastolic: 72, heartRate: 70, weight: 63 },
      (enc, when, i) => {
        b.quantity(LABS.hba1c, 7.4 - i * 0.1 + b.rng.normal(0, 0.1), when, enc);
        if (i === 3) b.quantity(LABS.creatinine, b.rng.normal(0.75, 0.05), when, enc);
      },
    );
    b.carePlan(
      'Type 1 diabetes self-management',
      'Carbohydrate counting, sensor alarms at 70 and 250 mg/dL, hypo treatment with 15 g fast carbohydrate.',
      '2006-10-02',
      [t1],
    );
  },
};
