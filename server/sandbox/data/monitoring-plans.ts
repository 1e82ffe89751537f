/**
 * Who is enrolled in remote monitoring, with which devices, what they measure how often, and
 * the per-patient alarm thresholds their clinician set (with who set them and when). Read by
 * monitoring-generate.ts, which turns each enrollment into Devices, a CarePlan and readings.
 */
import { ROSSI, WEBER } from '../auth/accounts';
import { CONDITIONS } from './codes';
import type { Concept } from './codes';
import { DIABETES_TYPE_1 } from './monitoring-codes';
import type { ActivityDef, ThresholdDef } from './monitoring-careplan';
import type { DeviceDef } from './monitoring-resources';
import { dateDaysAgo } from './prng';

/**
 * Enrollment was 90 days before the anchor, early that morning (thresholds set from 08:30);
 * readings run from then (CGM, from 09:00) or the next day to the anchor.
 */
export const ENROLLED_DAYS_AGO = 90;
/** The enrollment date, `CarePlan.period.start`. */
export const ENROLLED = dateDaysAgo(ENROLLED_DAYS_AGO);
const at = (days: number, time = '08:30:00'): string => `${dateDaysAgo(days)}T${time}Z`;

export interface Enrollment {
  patientId: string;
  topic: string;
  authorId: string;
  /** The Condition (by SNOMED code) the plan addresses, found in the patient's record. */
  condition: Concept;
  devices: readonly DeviceDef[];
  activities: readonly ActivityDef[];
}

type Limit = Omit<ThresholdDef, 'setBy' | 'setAt'>;
const set = (by: string, when: string, limits: Limit[]): ThresholdDef[] =>
  limits.map((l) => ({ ...l, setBy: by, setAt: when }));

const bpLimits = (
  level: 'red' | 'yellow',
  kind: 'above' | 'below',
  systolic: number,
  diastolic?: number,
): Limit[] => [
  { level, kind, component: 'systolic', value: systolic, unit: 'mm[Hg]' },
  ...(diastolic === undefined
    ? []
    : [{ level, kind, component: 'diastolic' as const, value: diastolic, unit: 'mm[Hg]' }]),
];
const limit = (
  level: 'red' | 'yellow',
  kind: 'above' | 'below',
  value: number,
  unit: string,
): Limit => ({ level, kind, value, unit });

const GLUCOSE_LIMITS = (unit: string): Limit[] => [
  limit('red', 'below', 54, unit),
  limit('red', 'above', 300, unit),
  limit('yellow', 'below', 70, unit),
  limit('yellow', 'above', 250, unit),
];

export const HYPERTENSION: Enrollment = {
  patientId: 'sandbox-hypertension',
  topic: 'hypertension',
  authorId: WEBER,
  condition: CONDITIONS.hypertension,
  devices: [
    {
      id: 'sandbox-hypertension-bp-cuff',
      kind: 'bpCuff',
      manufacturer: 'Omron',
      model: 'M3 Comfort',
      modelNumber: 'HEM-7155-E',
      serialNumber: '20240110457LF',
    },
  ],
  activities: [
    {
      metric: 'blood-pressure',
      perDay: 2,
      description: 'Blood pressure morning and evening, seated, after 5 minutes of rest.',
      thresholds: [
        ...set(WEBER, at(ENROLLED_DAYS_AGO), bpLimits('red', 'above', 180, 110)),
        // Tightened at the 2-month review.
        ...set(WEBER, at(30, '11:15:00'), bpLimits('yellow', 'above', 160, 100)),
      ],
    },
    {
      metric: 'heart-rate',
      perDay: 2,
      description: 'Pulse, as the blood pressure monitor shows it.',
      thresholds: set(WEBER, at(ENROLLED_DAYS_AGO), [
        limit('red', 'above', 120, '/min'),
        limit('red', 'below', 40, '/min'),
        limit('yellow', 'above', 100, '/min'),
        limit('yellow', 'below', 50, '/min'),
      ]),
    },
  ],
};

export const DIABETES_2: Enrollment = {
  patientId: 'sandbox-diabetes',
  topic: 'type 2 diabetes',
  authorId: WEBER,
  condition: CONDITIONS.diabetes2,
  devices: [
    {
      id: 'sandbox-diabetes-glucose-meter',
      kind: 'glucoseMeter',
      manufacturer: 'Roche',
      model: 'Accu-Chek Guide',
      modelNumber: '929',
      serialNumber: '92912345678',
    },
    {
      id: 'sandbox-diabetes-scale',
      kind: 'scale',
      manufacturer: 'Withings',
      model: 'Body+',
      modelNumber: 'WBS05',
      serialNumber: '00:24:e4:6b:12:9a',
    },
  ],
  activities: [
    {
      metric: 'glucose',
      perDay: 2,
      description: 'Blood glucose fasting before breakfast and 2 hours after dinner.',
      thresholds: set(WEBER, at(ENROLLED_DAYS_AGO), GLUCOSE_LIMITS('mg/dL')),
    },
    {
      metric: 'weight',
      perDay: 1,
      description: 'Weight every morning after the toilet, before breakfast.',
      thresholds: set(WEBER, at(ENROLLED_DAYS_AGO), [
        { level: 'yellow', kind: 'rise', value: 2, unit: 'kg', windowDays: 7 },
      ]),
    },
  ],
};

export const HEART_FAILURE: Enrollment = {
  patientId: 'sandbox-heart-failure',
  topic: 'heart failure',
  authorId: ROSSI,
  condition: CONDITIONS.heartFailure,
  devices: [
    {
      id: 'sandbox-heart-failure-scale',
      kind: 'scale',
      manufacturer: 'A&D Medical',
      model: 'UC-352BLE',
      modelNumber: 'UC-352BLE',
      serialNumber: '5180300871',
    },
    {
      id: 'sandbox-heart-failure-bp-cuff',
      kind: 'bpCuff',
      manufacturer: 'A&D Medical',
      model: 'UA-651BLE',
      modelNumber: 'UA-651BLE',
      serialNumber: '5170901322',
    },
    {
      id: 'sandbox-heart-failure-oximeter',
      kind: 'pulseOximeter',
      manufacturer: 'Nonin',
      model: '3230',
      modelNumber: 'Model 3230',
      serialNumber: '501900083',
    },
  ],
  activities: [
    {
      metric: 'weight',
      perDay: 1,
      description: 'Weight every morning after the toilet, before breakfast, same clothes.',
      thresholds: [
        ...set(ROSSI, at(ENROLLED_DAYS_AGO, '08:40:00'), [
          { level: 'red', kind: 'rise', value: 2, unit: 'kg', windowDays: 3 },
        ]),
        // Added after an admission was narrowly avoided.
        ...set(ROSSI, at(45, '16:05:00'), [
          { level: 'yellow', kind: 'rise', value: 1.5, unit: 'kg', windowDays: 2 },
        ]),
      ],
    },
    {
      metric: 'blood-pressure',
      perDay: 1,
      description: 'Blood pressure every morning, seated.',
      thresholds: set(ROSSI, at(ENROLLED_DAYS_AGO, '08:40:00'), [
        ...bpLimits('red', 'below', 85),
        ...bpLimits('yellow', 'below', 95),
        ...bpLimits('red', 'above', 180, 110),
        ...bpLimits('yellow', 'above', 160, 100),
      ]),
    },
    {
      metric: 'heart-rate',
      perDay: 1,
      description: 'Pulse, as the blood pressure monitor shows it.',
      thresholds: set(ROSSI, at(ENROLLED_DAYS_AGO, '08:40:00'), [
        limit('red', 'above', 120, '/min'),
        limit('red', 'below', 40, '/min'),
        limit('yellow', 'above', 100, '/min'),
        limit('yellow', 'below', 50, '/min'),
      ]),
    },
    {
      metric: 'spo2',
      perDay: 1,
      description: 'Oxygen saturation every morning at rest.',
      thresholds: set(ROSSI, at(ENROLLED_DAYS_AGO, '08:40:00'), [
        limit('red', 'below', 88, '%'),
        limit('yellow', 'below', 92, '%'),
      ]),
    },
  ],
};

export const COPD: Enrollment = {
  patientId: 'sandbox-copd',
  topic: 'COPD',
  authorId: WEBER,
  condition: CONDITIONS.copd,
  devices: [
    {
      id: 'sandbox-copd-oximeter',
      kind: 'pulseOximeter',
      manufacturer: 'Masimo',
      model: 'MightySat Rx',
      modelNumber: '9900',
      serialNumber: '1017634',
    },
  ],
  activities: [
    {
      metric: 'spo2',
      perDay: 1,
      description: 'Oxygen saturation every morning at rest, before inhalers.',
      thresholds: set(WEBER, at(ENROLLED_DAYS_AGO), [
        limit('red', 'below', 88, '%'),
        limit('yellow', 'below', 92, '%'),
      ]),
    },
    {
      metric: 'heart-rate',
      perDay: 1,
      description: 'Pulse, as the oximeter shows it.',
      thresholds: set(WEBER, at(ENROLLED_DAYS_AGO), [
        limit('red', 'above', 130, '/min'),
        limit('yellow', 'above', 110, '/min'),
      ]),
    },
  ],
};

export const TYPE_1_CGM: Enrollment = {
  patientId: 'sandbox-t1d-cgm',
  topic: 'type 1 diabetes (CGM)',
  authorId: WEBER,
  condition: DIABETES_TYPE_1,
  devices: [
    {
      id: 'sandbox-t1d-cgm-sensor',
      kind: 'cgm',
      manufacturer: 'Dexcom',
      model: 'G7',
      modelNumber: 'STK-GL-001',
      serialNumber: '3MH00A7R2B',
    },
  ],
  activities: [
    {
      metric: 'cgm-glucose',
      perDay: 288,
      description: 'Sensor glucose every 5 minutes; change the sensor every 10 days.',
      thresholds: set(WEBER, at(ENROLLED_DAYS_AGO), GLUCOSE_LIMITS('mg/dL')),
    },
  ],
};

export const ENROLLMENTS: readonly Enrollment[] = [
  HYPERTENSION,
  DIABETES_2,
  HEART_FAILURE,
  COPD,
  TYPE_1_CGM,
];
