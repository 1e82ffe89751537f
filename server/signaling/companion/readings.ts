/**
 * A home reading typed in by the patient on the companion page, checked and turned into the
 * Observation the monitoring contract fixes (/work/notes/monitoring-contract.md): LOINC code,
 * UCUM units as entered, category vital-signs, status final, subject and performer the Patient,
 * and a `meta.tag` saying the patient entered it on the companion page.
 *
 * Two kinds of refusal: a body of the wrong shape (types, missing or unknown fields, a unit
 * that does not belong to the metric) is malformed (400); a well-formed reading that cannot be
 * true (outside what a working device can show, systolic not above diastolic, a time in the
 * future or months back) is unprocessable (422), so the page can ask the patient to re-check.
 * @see https://hl7.org/fhir/R4/observation-vitalsigns.html
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { fhirDateToEpoch } from '../../../shared/fhir/dates';
import { LOINC_SYSTEM, METRICS, isPlausible } from '../../../shared/monitoring/metrics';
import type { MetricKey, ValueSlot } from '../../../shared/monitoring/metrics';
import { UCUM_SYSTEM, convertValue, unitLabel } from '../../../shared/monitoring/units';
import type { UcumUnit } from '../../../shared/monitoring/units';

/** `meta.tag` on every companion reading: entered by the patient, not measured by a device. */
export const COMPANION_SOURCE_TAG = {
  system: 'http://clinician-workstation.example/fhir/CodeSystem/observation-source',
  code: 'patient-companion',
  display: 'Entered by the patient on the companion page',
} as const;

const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
/** Clock skew tolerated before a reading's time counts as in the future. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** How far back a patient may date a reading (a mistyped year would otherwise slip through). */
export const MAX_BACKDATE_DAYS = 30;

/** The metrics a patient can type in, and the units the page offers for each. */
export const COMPANION_UNITS = {
  'blood-pressure': ['mm[Hg]'],
  weight: ['kg', '[lb_av]'],
  glucose: ['mg/dL', 'mmol/L'],
} as const satisfies Partial<Record<MetricKey, readonly UcumUnit[]>>;
export type CompanionMetric = keyof typeof COMPANION_UNITS;

/** FHIR dateTime with seconds and an offset (zod's ISO datetime demands both, as FHIR does). */
const at = z.iso.datetime({ offset: true }).optional();
const id = z.uuid('id must be a UUID the page generated for this reading');

export const readingInputSchema = z.discriminatedUnion('metric', [
  z.strictObject({
    id,
    metric: z.literal('blood-pressure'),
    systolic: z.number().int('systolic must be a whole number'),
    diastolic: z.number().int('diastolic must be a whole number'),
    unit: z.literal('mm[Hg]', 'blood pressure is entered in mm[Hg]'),
    at,
  }),
  z.strictObject({
    id,
    metric: z.literal('weight'),
    value: z.number(),
    unit: z.enum(COMPANION_UNITS.weight, 'weight is entered in kg or [lb_av]'),
    at,
  }),
  z.strictObject({
    id,
    metric: z.literal('glucose'),
    value: z.number(),
    unit: z.enum(COMPANION_UNITS.glucose, 'glucose is entered in mg/dL or mmol/L'),
    at,
  }),
]);
export type ReadingInput = z.infer<typeof readingInputSchema>;

/** A well-formed reading that cannot be right; `field` names what to re-check. */
export interface ReadingProblem {
  field: 'systolic' | 'diastolic' | 'value' | 'at';
  message: string;
}

function checkSlot(
  metric: CompanionMetric,
  slot: ValueSlot,
  value: number,
  unit: UcumUnit,
): ReadingProblem | undefined {
  const canonical = convertValue(value, unit, METRICS[metric].canonicalUnit);
  if (canonical !== undefined && isPlausible(metric, slot, canonical)) return undefined;
  const range = METRICS[metric].plausible[slot];
  const low = range ? convertValue(range.low, METRICS[metric].canonicalUnit, unit) : undefined;
  const high = range ? convertValue(range.high, METRICS[metric].canonicalUnit, unit) : undefined;
  const bounds =
    low !== undefined && high !== undefined
      ? ` (possible: ${+low.toFixed(2)}–${+high.toFixed(2)} ${unitLabel(unit)})`
      : '';
  return {
    field: slot,
    message: `${slot} ${value} ${unitLabel(unit)} cannot be a real ${metric} reading${bounds}`,
  };
}

/** Why the reading cannot be right, if it cannot. `now` in epoch ms. */
export function findReadingProblem(input: ReadingInput, now: number): ReadingProblem | undefined {
  if (input.at !== undefined) {
    const epoch = fhirDateToEpoch(input.at);
    if (epoch === undefined) return { field: 'at', message: `at: "${input.at}" is not a time` };
    if (epoch > now + FUTURE_TOLERANCE_MS)
      return { field: 'at', message: 'at: the reading is dated in the future' };
    if (epoch < now - MAX_BACKDATE_DAYS * 86_400_000)
      return {
        field: 'at',
        message: `at: readings older than ${MAX_BACKDATE_DAYS} days cannot be entered here`,
      };
  }
  if (input.metric === 'blood-pressure') {
    const problem =
      checkSlot(input.metric, 'systolic', input.systolic, input.unit) ??
      checkSlot(input.metric, 'diastolic', input.diastolic, input.unit);
    if (problem) return problem;
    if (input.systolic <= input.diastolic)
      return { field: 'systolic', message: 'systolic must be higher than diastolic' };
    return undefined;
  }
  return checkSlot(input.metric, 'value', input.value, input.unit);
}

/**
 * The Observation id for a reading: derived from the patient and the page's UUID, so the same
 * submission always lands on the same id (exactly once), and two patients can never collide.
 */
export function observationIdFor(patientId: string, readingId: string): string {
  const digest = createHash('sha256').update(`${patientId}|${readingId.toLowerCase()}`);
  return `cmp-${digest.digest('hex').slice(0, 40)}`;
}

const coding = (system: string, code: string, display: string): Record<string, string> => ({
  system,
  code,
  display,
});

function quantity(value: number, unit: UcumUnit): Record<string, unknown> {
  return { value, unit: unitLabel(unit), system: UCUM_SYSTEM, code: unit };
}

/** LOINC of the reading: glucose by glucometer has one code per unit kind (mass, moles). */
function readingCode(input: ReadingInput): Record<string, unknown> {
  switch (input.metric) {
    case 'blood-pressure':
      return {
        coding: [
          coding(LOINC_SYSTEM, '85354-9', 'Blood pressure panel with all children optional'),
        ],
        text: 'Blood pressure',
      };
    case 'weight':
      return { coding: [coding(LOINC_SYSTEM, '29463-7', 'Body weight')], text: 'Body weight' };
    case 'glucose':
      return {
        coding: [
          input.unit === 'mg/dL'
            ? coding(
                LOINC_SYSTEM,
                '41653-7',
                'Glucose [Mass/volume] in Capillary blood by Glucometer',
              )
            : coding(
                LOINC_SYSTEM,
                '14743-9',
                'Glucose [Moles/volume] in Capillary blood by Glucometer',
              ),
        ],
        text: 'Blood glucose (meter)',
      };
  }
}

/** The Observation for a checked reading; `now` (epoch ms) dates it when `at` is absent. */
export function buildObservation(
  input: ReadingInput,
  patientId: string,
  now: number,
): Record<string, unknown> & { resourceType: 'Observation'; id: string } {
  const patient = { reference: `Patient/${patientId}` };
  const observation: Record<string, unknown> & { resourceType: 'Observation'; id: string } = {
    resourceType: 'Observation',
    id: observationIdFor(patientId, input.id),
    meta: { tag: [{ ...COMPANION_SOURCE_TAG }] },
    identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${input.id.toLowerCase()}` }],
    status: 'final',
    category: [{ coding: [coding(OBSERVATION_CATEGORY, 'vital-signs', 'Vital Signs')] }],
    code: readingCode(input),
    subject: patient,
    effectiveDateTime: input.at ?? new Date(now).toISOString(),
    issued: new Date(now).toISOString(),
    performer: [patient],
  };
  if (input.metric === 'blood-pressure') {
    observation.component = [
      {
        code: { coding: [coding(LOINC_SYSTEM, '8480-6', 'Systolic blood pressure')] },
        valueQuantity: quantity(input.systolic, input.unit),
      },
      {
        code: { coding: [coding(LOINC_SYSTEM, '8462-4', 'Diastolic blood pressure')] },
        valueQuantity: quantity(input.diastolic, input.unit),
      },
    ];
  } else {
    observation.valueQuantity = quantity(input.value, input.unit);
  }
  return observation;
}

const quantitySchema = z.looseObject({ value: z.number().optional(), code: z.string().optional() });
const conceptSchema = z.looseObject({
  coding: z
    .array(z.looseObject({ system: z.string().optional(), code: z.string().optional() }))
    .optional(),
});
const storedSchema = z.looseObject({
  id: z.string(),
  subject: z.looseObject({ reference: z.string().optional() }).optional(),
  identifier: z.array(z.looseObject({ value: z.string().optional() })).optional(),
  code: conceptSchema.optional(),
  valueQuantity: quantitySchema.optional(),
  component: z
    .array(
      z.looseObject({ code: conceptSchema.optional(), valueQuantity: quantitySchema.optional() }),
    )
    .optional(),
  effectiveDateTime: z.string().optional(),
});
type Stored = z.infer<typeof storedSchema>;

const codesOf = (c: z.infer<typeof conceptSchema> | undefined): string[] =>
  (c?.coding ?? []).map((x) => `${x.system ?? ''}|${x.code ?? ''}`).sort();
const amountOf = (q: z.infer<typeof quantitySchema> | undefined): string =>
  q ? `${String(q.value)} ${q.code ?? ''}` : '';

/** What identifies a reading, independent of how a server orders or decorates the JSON. */
function fingerprint(o: Stored, withTime: boolean): string {
  return JSON.stringify([
    o.id,
    o.subject?.reference,
    (o.identifier ?? []).map((i) => i.value).sort(),
    codesOf(o.code),
    amountOf(o.valueQuantity),
    (o.component ?? []).map((c) => [codesOf(c.code), amountOf(c.valueQuantity)]),
    withTime ? fhirDateToEpoch(o.effectiveDateTime) : null,
  ]);
}

/**
 * Whether an Observation already stored under the reading's id is this same reading (a retry)
 * rather than another reading sent with a reused id: same patient, page UUID, code and values,
 * and the same time when the page gave one.
 */
export function isSameReading(
  stored: unknown,
  built: Record<string, unknown>,
  atGiven: boolean,
): boolean {
  const a = storedSchema.safeParse(stored);
  const b = storedSchema.safeParse(built);
  return a.success && b.success && fingerprint(a.data, atGiven) === fingerprint(b.data, atGiven);
}
