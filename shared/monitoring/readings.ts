/**
 * Observation → Reading: what the monitoring rules see of one home reading. Everything passed
 * in comes back as a Reading — recognised or not — so nothing is silently dropped: a reading
 * with an unknown code, an unknown unit or an invalid shape is listed with its flags, and only
 * readings with {@link Reading.usable} set take part in the rules.
 * @see https://hl7.org/fhir/R4/observation.html
 * @see https://hl7.org/fhir/R4/observation-vitalsigns.html
 */
import type { FhirResource, Observation } from 'fhir/r4';
import { z } from 'zod';
import { buildResourceIndex, indexBundle, type ResourceIndex } from '../fhir/references';
import {
  conceptSchema,
  describeZodError,
  fnv1a,
  periodSchema,
  quantitySchema,
  referenceSchema,
  strictEpoch,
} from './fhir-shapes';
import { metricOfConcept, type MetricKey, type ValueSlot } from './metrics';
import { readParty, type ReadingParty } from './reading-parties';
import { readSlots, usableMeasurement, type SlotFlag, type SlotValue } from './reading-values';

export type { Measurement, AbsentValue, SlotValue, SlotFlag } from './reading-values';
export { usableMeasurement } from './reading-values';
export type { ReadingParty } from './reading-parties';
export { deviceDisplayName } from './reading-parties';

const componentSchema = z.object({
  code: conceptSchema,
  valueQuantity: quantitySchema.optional(),
  dataAbsentReason: conceptSchema.optional(),
});

/**
 * The parts of an Observation the rules depend on. Unknown fields are accepted and stripped
 * from the parsed copy only (see fhir-shapes.ts); {@link Reading.observation} is the original.
 */
export const observationSchema = z.object({
  resourceType: z.literal('Observation'),
  id: z.string().optional(),
  status: z.string(),
  code: conceptSchema,
  subject: referenceSchema.optional(),
  effectiveDateTime: z.string().optional(),
  effectiveInstant: z.string().optional(),
  effectivePeriod: periodSchema.optional(),
  valueQuantity: quantitySchema.optional(),
  dataAbsentReason: conceptSchema.optional(),
  component: z.array(componentSchema).optional(),
  device: referenceSchema.optional(),
  performer: z.array(referenceSchema).optional(),
});

/** When a reading was taken, as sent. A period keeps both ends (a mean over days, or start == end). */
export type ReadingTime =
  | { kind: 'dateTime' | 'instant'; value: string }
  | { kind: 'period'; start?: string; end?: string };

export type ReadingFlag =
  | SlotFlag
  | { kind: 'invalid'; message: string }
  | { kind: 'unrecognised-code'; codes: string[]; ambiguous?: MetricKey[] }
  /** No usable time: none sent, or `sent` is not a FHIR dateTime (a time needs its zone). */
  | { kind: 'no-time'; sent?: string }
  | { kind: 'future-dated'; epoch: number };

/** Flags that make a reading "unrecognised" in the clinician's list. */
const UNRECOGNISED: ReadonlySet<ReadingFlag['kind']> = new Set([
  'invalid',
  'unrecognised-code',
  'unrecognised-unit',
]);

/** Statuses whose readings are measurements. entered-in-error/cancelled are kept but not used. */
const COUNTED_STATUSES: ReadonlySet<string> = new Set([
  'final',
  'amended',
  'corrected',
  'preliminary',
]);

export interface Reading {
  /** Observation.id, else the Bundle entry's fullUrl, else a fingerprint of the JSON. */
  id: string;
  /** `Observation/<id>` when the Observation has an id (for Task.focus, Communication.about). */
  reference?: string;
  status: string;
  /** Undefined when the code is not in the catalogue (see flags). */
  metric?: MetricKey;
  /** A summary over a period (e.g. mean home BP, LOINC 96607-7), not a single reading. */
  summary: boolean;
  time?: ReadingTime;
  /**
   * Epoch ms the rules order by: the instant, or the period's end (the newest moment it
   * covers; start when there is no end). Date-only values count as UTC midnight.
   */
  epoch?: number;
  /** The time used was a date without a time of day. */
  dateOnly: boolean;
  values: Partial<Record<ValueSlot, SlotValue>>;
  device?: ReadingParty;
  performers: ReadingParty[];
  /** A performer is the Patient: the patient entered or took the reading at home. */
  patientEntered: boolean;
  /** `subject.reference` as sent. */
  subject?: string;
  flags: ReadingFlag[];
  /** Takes part in the rules: counted status, known metric, valid time not in the future, ≥1 usable number. */
  usable: boolean;
  /** The validated Observation (unknown fields kept); undefined when it did not validate. */
  observation?: Observation;
}

/** Clock skew tolerated before a timed reading counts as future-dated. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** A date-only value is future only when its day has begun nowhere yet (UTC+14). */
const EARLIEST_ZONE_MS = 14 * 3_600_000;

export interface ReadOptions {
  /** Epoch ms of "now", for future-dated checks. */
  now: number;
  /** The Bundle entry's fullUrl, when read from a Bundle. */
  fullUrl?: string;
  /** Resources to resolve `device` against (Device display name). */
  index?: ResourceIndex;
}

export function isUnrecognised(reading: Reading): boolean {
  return reading.flags.some((f) => UNRECOGNISED.has(f.kind));
}

function fallbackId(resource: unknown, fullUrl: string | undefined): string {
  // JSON.stringify(undefined) is undefined at run time, whatever its typing says.
  const json = JSON.stringify(resource) as string | undefined;
  return fullUrl ?? `anon-${fnv1a(json ?? '')}`;
}

function readTime(obs: z.infer<typeof observationSchema>): ReadingTime | undefined {
  if (obs.effectiveDateTime !== undefined)
    return { kind: 'dateTime', value: obs.effectiveDateTime };
  if (obs.effectiveInstant !== undefined) return { kind: 'instant', value: obs.effectiveInstant };
  const p = obs.effectivePeriod;
  if (p && (p.start !== undefined || p.end !== undefined)) {
    return {
      kind: 'period',
      ...(p.start !== undefined ? { start: p.start } : {}),
      ...(p.end !== undefined ? { end: p.end } : {}),
    };
  }
  return undefined;
}

function timeValue(time: ReadingTime | undefined): string | undefined {
  if (!time) return undefined;
  return time.kind === 'period' ? (time.end ?? time.start) : time.value;
}

/** Reads one Observation (any JSON) into a Reading; see {@link Reading.flags} for what is wrong. */
export function readObservation(resource: unknown, options: ReadOptions): Reading {
  const parsed = observationSchema.safeParse(resource);
  if (!parsed.success) {
    const r = resource as { id?: unknown; status?: unknown } | null;
    const id = typeof r?.id === 'string' ? r.id : fallbackId(resource, options.fullUrl);
    return {
      id,
      status: typeof r?.status === 'string' ? r.status : 'unknown',
      summary: false,
      dateOnly: false,
      values: {},
      performers: [],
      patientEntered: false,
      flags: [{ kind: 'invalid', message: describeZodError(parsed.error) }],
      usable: false,
    };
  }
  const obs = parsed.data;
  // Validated above; the original keeps every field the sender wrote.
  const observation = resource as Observation;
  const flags: ReadingFlag[] = [];
  const slotFlags: SlotFlag[] = [];
  const found = metricOfConcept(obs.code);
  let metric: MetricKey | undefined;
  let summary = false;
  if (found && 'match' in found) {
    metric = found.match.metric;
    summary = found.match.summary;
  } else {
    const codes = (obs.code.coding ?? []).map((c) => `${c.system ?? ''}|${c.code ?? ''}`);
    flags.push({
      kind: 'unrecognised-code',
      codes,
      ...(found && 'ambiguous' in found ? { ambiguous: found.ambiguous } : {}),
    });
  }
  const time = readTime(obs);
  const sentTime = timeValue(time);
  // A time of day without a zone is invalid FHIR and would be read as local time: refused.
  const epoch = strictEpoch(sentTime);
  const dateOnly = sentTime !== undefined && epoch !== undefined && sentTime.trim().length <= 10;
  if (epoch === undefined) {
    flags.push(sentTime === undefined ? { kind: 'no-time' } : { kind: 'no-time', sent: sentTime });
  }
  const future =
    epoch !== undefined &&
    (dateOnly ? epoch - EARLIEST_ZONE_MS > options.now : epoch > options.now + FUTURE_TOLERANCE_MS);
  if (future) flags.push({ kind: 'future-dated', epoch });

  const values = metric
    ? readSlots(
        metric,
        {
          valueQuantity: obs.valueQuantity,
          dataAbsentReason: obs.dataAbsentReason,
          component: obs.component,
          otherValue: Object.keys(obs).some((k) => k.startsWith('value') && k !== 'valueQuantity'),
        },
        slotFlags,
      )
    : {};
  flags.push(...slotFlags);

  const subject = obs.subject?.reference;
  const performers = (obs.performer ?? []).map((p) => readParty(p, options.index, observation));
  const patientEntered = performers.some(
    (p) =>
      p.reference !== undefined && (p.reference === subject || /(^|\/)Patient\//.test(p.reference)),
  );
  const usable =
    COUNTED_STATUSES.has(obs.status) &&
    metric !== undefined &&
    epoch !== undefined &&
    !future &&
    Object.values(values).some((v) => usableMeasurement(v));
  // Assigned field by field: cheaper than conditional spreads at hundreds of thousands of readings.
  const reading: Reading = {
    id: obs.id ?? fallbackId(resource, options.fullUrl),
    status: obs.status,
    summary,
    dateOnly,
    values,
    performers,
    patientEntered,
    flags,
    usable,
    observation,
  };
  if (obs.id) reading.reference = `Observation/${obs.id}`;
  if (metric) reading.metric = metric;
  if (time) reading.time = time;
  if (epoch !== undefined) reading.epoch = epoch;
  if (obs.device) reading.device = readParty(obs.device, options.index, observation);
  if (subject) reading.subject = subject;
  return reading;
}

/** Readings of many Observations; devices resolve among the resources given in `related`. */
export function readObservations(
  resources: readonly unknown[],
  options: { now: number; related?: readonly FhirResource[] },
): Reading[] {
  const index = options.related ? buildResourceIndex(options.related) : undefined;
  return resources.map((r) =>
    readObservation(r, { now: options.now, ...(index ? { index } : {}) }),
  );
}

const bundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  entry: z
    .array(
      z.looseObject({
        fullUrl: z.string().optional(),
        resource: z.looseObject({ resourceType: z.string() }).optional(),
      }),
    )
    .optional(),
});

/**
 * Readings of every Observation in a Bundle (devices resolved inside the Bundle, urn:uuid
 * included). Other resource types are not readings and are skipped. Throws on a non-Bundle.
 */
export function readBundle(bundle: unknown, options: { now: number }): Reading[] {
  const parsed = bundleSchema.safeParse(bundle);
  if (!parsed.success) throw new Error(`not a FHIR Bundle: ${describeZodError(parsed.error)}`);
  const index = indexBundle(bundle as Parameters<typeof indexBundle>[0]);
  return (parsed.data.entry ?? [])
    .filter((e) => e.resource?.resourceType === 'Observation')
    .map((e) =>
      readObservation(e.resource, {
        now: options.now,
        index,
        ...(e.fullUrl ? { fullUrl: e.fullUrl } : {}),
      }),
    );
}
