/**
 * The FHIR shapes of remote monitoring readings, built as plain objects: a personal health
 * Device and a home reading (Observation, `performer` = the Patient, `device` when one measured
 * it), as monitoring-contract.md fixes them. The generated data, the
 * synthetic cohort and the live simulator all build readings here, so a simulated upload is
 * byte-for-byte the shape of a generated one.
 *
 * Codings that repeat on every reading (category, code) are frozen and shared between
 * readings: the store copies only the top level of a resource, and 26,000 CGM readings then
 * cost one small object each instead of a dozen.
 */
import type { IncomingResource } from '../fhir/types';
import { LOINC, OBS_CATEGORY, UCUM } from './codes';
import type { Concept } from './codes';
import {
  BP_DIASTOLIC,
  BP_SYSTOLIC,
  DEVICE_KINDS,
  MDC,
  MDC_DIASTOLIC,
  MDC_PULSE_OXIMETER_RATE,
  MDC_SYSTOLIC,
  METRICS,
  UNIT_DISPLAY,
  loincFor,
} from './monitoring-codes';
import type { DeviceKind, MetricKey } from './monitoring-codes';
import { hashString } from './prng';

/** A personal health device given to a patient. */
export interface DeviceDef {
  id: string;
  kind: DeviceKind;
  manufacturer: string;
  /** Model name, e.g. "M3 Comfort". */
  model: string;
  modelNumber: string;
  serialNumber: string;
}

/** What a reading says about the device that measured it. */
export interface DeviceRef {
  reference: string;
  display: string;
  /** Unknown for a foreign Device without an MDC type: then no MDC code is added. */
  kind: DeviceKind | undefined;
}

export const deviceDisplay = (d: DeviceDef): string =>
  `${d.manufacturer} ${d.model} ${DEVICE_KINDS[d.kind].text.toLowerCase()}`;

export const deviceRef = (d: DeviceDef): DeviceRef => ({
  reference: `Device/${d.id}`,
  display: deviceDisplay(d),
  kind: d.kind,
});

/** An EUI-64 system id derived from the device id (stable, looks like a real PHD's). */
function eui64(id: string): string {
  const hex = `${hashString(id).toString(16).padStart(8, '0')}${hashString(`${id}#2`)
    .toString(16)
    .padStart(8, '0')}`.toUpperCase();
  return hex.match(/../g)?.join('-') ?? hex;
}

/** A Device in the PHD IG's style (system id, specialization, model, serial) for one patient. */
export function deviceResource(d: DeviceDef, patientId: string): IncomingResource {
  const kind = DEVICE_KINDS[d.kind];
  return {
    resourceType: 'Device',
    id: d.id,
    identifier: [
      {
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/ContinuaDeviceIdentifiers',
              code: 'SYSID',
              display: 'IEEE 11073 System Identifier',
            },
          ],
        },
        system: 'urn:oid:1.2.840.10004.1.1.1.0.0.1.0.0.1.2680',
        value: eui64(d.id),
      },
    ],
    status: 'active',
    manufacturer: d.manufacturer,
    serialNumber: d.serialNumber,
    modelNumber: d.modelNumber,
    deviceName: [
      { name: deviceDisplay(d), type: 'user-friendly-name' },
      { name: d.model, type: 'model-name' },
    ],
    type: { coding: [{ system: MDC, code: kind.code, display: kind.display }], text: kind.text },
    patient: { reference: `Patient/${patientId}` },
  };
}

const freeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) freeze(v);
    Object.freeze(value);
  }
  return value;
};

export const coding = (system: string, c: Concept): Record<string, string> => ({
  system,
  code: c.code,
  display: c.display,
});

/**
 * Every home reading is `vital-signs` (the contract), glucose too: the HL7 CGM IG files sensor
 * readings under `laboratory`, but one category keeps the panel's single query complete.
 */
const VITAL_SIGNS = freeze([
  { coding: [{ system: OBS_CATEGORY, code: 'vital-signs', display: 'Vital Signs' }] },
]);
const BP_COMPONENT_CODES = freeze({
  manual: [{ coding: [coding(LOINC, BP_SYSTOLIC)] }, { coding: [coding(LOINC, BP_DIASTOLIC)] }],
  device: [
    { coding: [coding(LOINC, BP_SYSTOLIC), coding(MDC, MDC_SYSTOLIC)] },
    { coding: [coding(LOINC, BP_DIASTOLIC), coding(MDC, MDC_DIASTOLIC)] },
  ],
});

const codeCache = new Map<string, Record<string, unknown>>();

/** `Observation.code`: LOINC first, then the MDC code a device gateway adds (shared, frozen). */
function readingCode(
  metric: MetricKey,
  unit: string,
  device: DeviceKind | undefined,
): Record<string, unknown> {
  const key = `${metric}|${unit}|${device ?? ''}`;
  let code = codeCache.get(key);
  if (!code) {
    const def = METRICS[metric];
    const mdc =
      device === undefined
        ? undefined
        : metric === 'heart-rate' && device === 'pulseOximeter'
          ? MDC_PULSE_OXIMETER_RATE
          : def.mdc;
    code = freeze({
      coding: [
        ...loincFor(metric, unit).map((c) => coding(LOINC, c)),
        ...(mdc ? [coding(MDC, mdc)] : []),
      ],
      text: def.label,
    });
    codeCache.set(key, code);
  }
  return code;
}

const deviceRefs = new WeakMap<DeviceRef, Record<string, string>>();

/** `Observation.device`, one frozen object per device. */
function deviceReference(d: DeviceRef): Record<string, string> {
  let ref = deviceRefs.get(d);
  if (!ref) {
    ref = freeze({ reference: d.reference, display: d.display });
    deviceRefs.set(d, ref);
  }
  return ref;
}

export const quantity = (value: number, unit: string): Record<string, unknown> => ({
  value,
  unit: UNIT_DISPLAY[unit] ?? unit,
  system: UCUM,
  code: unit,
});

export interface BloodPressureValue {
  systolic: number;
  diastolic: number;
}

export interface ReadingSpec {
  id?: string;
  metric: MetricKey;
  /** `effectiveDateTime` as sent (keeps the device's offset). */
  at: string;
  value: number | BloodPressureValue;
  /** A UCUM code from `METRICS[metric].units`. */
  unit: string;
  /** Absent: the patient typed the reading in (no device, no MDC code). */
  device?: DeviceRef;
  note?: string;
}

/**
 * One home reading. `subject` is reused as the performer: pass one shared object per patient
 * (it is never mutated) to keep thousands of readings light.
 */
export function homeObservation(
  spec: ReadingSpec,
  subject: { reference: string },
  performer: readonly { reference: string }[] = [subject],
): IncomingResource {
  const def = METRICS[spec.metric];
  if (!def.units.includes(spec.unit))
    throw new Error(`Unit "${spec.unit}" is not accepted for ${spec.metric}`);
  const value = spec.value;
  const isBp = spec.metric === 'blood-pressure';
  if (isBp !== (typeof value === 'object'))
    throw new Error(`${spec.metric} needs ${isBp ? 'systolic and diastolic' : 'one value'}`);
  const obs: IncomingResource = {
    resourceType: 'Observation',
    ...(spec.id === undefined ? {} : { id: spec.id }),
    status: 'final',
    category: VITAL_SIGNS,
    code: readingCode(spec.metric, spec.unit, spec.device?.kind),
    subject,
    effectiveDateTime: spec.at,
    performer,
  };
  if (spec.device) obs.device = deviceReference(spec.device);
  if (typeof value === 'object') {
    const codes = spec.device ? BP_COMPONENT_CODES.device : BP_COMPONENT_CODES.manual;
    obs.component = [
      { code: codes[0], valueQuantity: quantity(value.systolic, spec.unit) },
      { code: codes[1], valueQuantity: quantity(value.diastolic, spec.unit) },
    ];
  } else {
    obs.valueQuantity = quantity(value, spec.unit);
  }
  if (spec.note !== undefined) obs.note = [{ text: spec.note }];
  return obs;
}
