/**
 * Test data: remote-monitoring CarePlans in the contract's shape (see
 * /work/notes/monitoring-contract.md), shared by the plan, rules and triage tests.
 */
import type { CarePlan, Extension } from 'fhir/r4';
import { THRESHOLD_URL } from './threshold';

const UCUM = 'http://unitsofmeasure.org';

export function thresholdExt(
  level: 'red' | 'yellow',
  kind: 'above' | 'below' | 'rise' | 'fall',
  value: number,
  unit: string,
  extra: { component?: string; windowDays?: number } = {},
): Extension {
  return {
    url: THRESHOLD_URL,
    extension: [
      { url: 'level', valueCode: level },
      { url: 'kind', valueCode: kind },
      ...(extra.component ? [{ url: 'component', valueCode: extra.component }] : []),
      { url: 'value', valueQuantity: { value, unit, system: UCUM, code: unit } },
      ...(extra.windowDays !== undefined
        ? [
            {
              url: 'window',
              valueDuration: { value: extra.windowDays, unit: 'd', system: UCUM, code: 'd' },
            },
          ]
        : []),
      { url: 'setBy', valueReference: { reference: 'Practitioner/p1', display: 'Dr Anna Weber' } },
      { url: 'setAt', valueDateTime: '2026-08-24T09:00:00Z' },
    ],
  };
}

export function activity(
  loinc: string,
  perDay: number | undefined,
  extension: Extension[],
): NonNullable<CarePlan['activity']>[number] {
  return {
    detail: {
      status: 'in-progress',
      code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
      ...(perDay !== undefined
        ? { scheduledTiming: { repeat: { frequency: perDay, period: 1, periodUnit: 'd' } } }
        : {}),
      ...(extension.length > 0 ? { extension } : {}),
    },
  };
}

export function carePlan(
  patientId: string,
  activities: NonNullable<CarePlan['activity']>,
  start = '2026-08-01',
): CarePlan {
  return {
    resourceType: 'CarePlan',
    id: `rm-${patientId}`,
    status: 'active',
    intent: 'plan',
    category: [
      {
        coding: [
          {
            system: 'http://clinician-workstation.example/fhir/CodeSystem/care-plan-category',
            code: 'remote-monitoring',
            display: 'Remote monitoring',
          },
        ],
      },
    ],
    title: 'Remote monitoring: heart failure',
    subject: { reference: `Patient/${patientId}` },
    period: { start },
    author: { reference: 'Practitioner/p1' },
    activity: activities,
  };
}

/** Heart failure: daily weight (red +2 kg / 3 d, yellow +1.5 kg / 3 d), twice-daily BP. */
export function heartFailurePlan(patientId: string, start = '2026-08-01'): CarePlan {
  return carePlan(
    patientId,
    [
      activity('29463-7', 1, [
        thresholdExt('red', 'rise', 2, 'kg', { windowDays: 3 }),
        thresholdExt('yellow', 'rise', 1.5, 'kg', { windowDays: 3 }),
      ]),
      activity('85354-9', 2, [
        thresholdExt('red', 'above', 180, 'mm[Hg]', { component: '8480-6' }),
        thresholdExt('yellow', 'above', 160, 'mm[Hg]', { component: '8480-6' }),
        thresholdExt('yellow', 'above', 100, 'mm[Hg]', { component: '8462-4' }),
        thresholdExt('red', 'below', 90, 'mm[Hg]', { component: '8480-6' }),
      ]),
      activity('2339-0', 2, [
        thresholdExt('red', 'below', 3, 'mmol/L'),
        thresholdExt('yellow', 'below', 70, 'mg/dL'),
        thresholdExt('yellow', 'above', 250, 'mg/dL'),
      ]),
    ],
    start,
  );
}

const LOINC = 'http://loinc.org';

/** A home Observation in the contract's shape (vital-signs, final, performer = Patient). */
export function observation(
  id: string,
  patientId: string,
  loinc: string,
  effectiveDateTime: string,
  value: { value: number; unit: string; comparator?: '<' | '>' } | { sys: number; dia?: number },
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const q = (v: number, unit: string) => ({ value: v, unit, system: UCUM, code: unit });
  const values =
    'sys' in value
      ? {
          component: [
            {
              code: { coding: [{ system: LOINC, code: '8480-6' }] },
              valueQuantity: q(value.sys, 'mm[Hg]'),
            },
            value.dia === undefined
              ? {
                  code: { coding: [{ system: LOINC, code: '8462-4' }] },
                  dataAbsentReason: { coding: [{ code: 'error' }] },
                }
              : {
                  code: { coding: [{ system: LOINC, code: '8462-4' }] },
                  valueQuantity: q(value.dia, 'mm[Hg]'),
                },
          ],
        }
      : {
          valueQuantity: {
            ...q(value.value, value.unit),
            ...(value.comparator ? { comparator: value.comparator } : {}),
          },
        };
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'vital-signs',
          },
        ],
      },
    ],
    code: { coding: [{ system: LOINC, code: loinc }] },
    subject: { reference: `Patient/${patientId}` },
    performer: [{ reference: `Patient/${patientId}` }],
    effectiveDateTime,
    ...values,
    ...extra,
  };
}
