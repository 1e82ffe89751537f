/**
 * Turns a validated control-endpoint reading into the Observation a device upload would
 * create: the same builder as the generated readings (data/monitoring-resources.ts), the
 * patient's own device for the metric unless told otherwise, `effectiveDateTime` as sent.
 */
import { HttpError } from '../http/errors';
import type { ResourceStore } from '../fhir/store';
import type { IncomingResource, StoredResource } from '../fhir/types';
import { isRecord } from '../fhir/types';
import { parseReference } from '../fhir/references';
import { DEVICE_KINDS, DEVICE_KINDS_FOR, MDC, METRICS } from '../data/monitoring-codes';
import type { DeviceKind, MetricKey } from '../data/monitoring-codes';
import { homeObservation } from '../data/monitoring-resources';
import type { BloodPressureValue, DeviceRef } from '../data/monitoring-resources';
import type { ReadingInput } from './reading-input';

/** One reading to record, whoever asked for it (the control endpoint or the interval mode). */
export interface ReadingRequest {
  patient: string;
  metric: MetricKey;
  value: number | BloodPressureValue;
  /** A UCUM code accepted for the metric. */
  unit: string;
  /** Measured at (default now). */
  at?: string;
  /** Device id, `null` = typed in, absent = the patient's device for the metric. */
  device?: string | null;
  note?: string;
}

/** The control endpoint's validated body as a request. */
export const requestOf = (input: ReadingInput): ReadingRequest => ({
  patient: input.patient,
  metric: input.metric,
  value: input.metric === 'blood-pressure' ? input.values : input.value,
  unit: input.unit,
  at: input.at,
  device: input.device,
  note: input.note,
});

/** Device clocks drift; a reading further ahead of the server's clock than this is refused. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** The personal-health-device kind of a Device, from its MDC specialization code. */
export function deviceKindOf(device: Record<string, unknown>): DeviceKind | undefined {
  const codings =
    isRecord(device.type) && Array.isArray(device.type.coding) ? device.type.coding : [];
  for (const c of codings as unknown[]) {
    if (!isRecord(c) || c.system !== MDC) continue;
    const kind = (Object.keys(DEVICE_KINDS) as DeviceKind[]).find(
      (k) => DEVICE_KINDS[k].code === c.code,
    );
    if (kind) return kind;
  }
  return undefined;
}

function ownerOf(device: StoredResource): string | undefined {
  const ref = isRecord(device.patient) ? device.patient.reference : undefined;
  const parsed = typeof ref === 'string' ? parseReference(ref) : undefined;
  return parsed?.type === 'Patient' ? parsed.id : undefined;
}

function displayOf(device: StoredResource): string {
  const names = Array.isArray(device.deviceName) ? (device.deviceName as unknown[]) : [];
  const friendly = names.find((n) => isRecord(n) && n.type === 'user-friendly-name');
  if (isRecord(friendly) && typeof friendly.name === 'string') return friendly.name;
  const parts = [device.manufacturer, device.modelNumber].filter(
    (p): p is string => typeof p === 'string',
  );
  return parts.length ? parts.join(' ') : `Device/${device.id}`;
}

const refTo = (device: StoredResource): DeviceRef => ({
  reference: `Device/${device.id}`,
  display: displayOf(device),
  kind: deviceKindOf(device),
});

/**
 * The device that measured the reading: the one named (it must be this patient's and able
 * to measure the metric), none for `null`, else this patient's first device for the metric.
 */
export function resolveDevice(
  store: ResourceStore,
  patientId: string,
  metric: MetricKey,
  wanted: string | null | undefined,
): DeviceRef | undefined {
  if (wanted === null) return undefined;
  const kinds = DEVICE_KINDS_FOR[metric];
  if (wanted !== undefined) {
    const device = store.get('Device', wanted);
    if (!device) throw new HttpError(404, `Device/${wanted} not found`);
    if (ownerOf(device) !== patientId)
      throw new HttpError(400, `Device/${wanted} is not assigned to Patient/${patientId}`);
    const kind = deviceKindOf(device);
    if (kind !== undefined && !kinds.includes(kind))
      throw new HttpError(
        400,
        `Device/${wanted} is a ${DEVICE_KINDS[kind].text.toLowerCase()}; it does not measure ${metric}`,
      );
    return refTo(device);
  }
  const own = store
    .all('Device')
    .filter((d) => ownerOf(d) === patientId && d.status !== 'inactive')
    .filter((d) => {
      const kind = deviceKindOf(d);
      return kind !== undefined && kinds.includes(kind);
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const first = own[0];
  return first ? refTo(first) : undefined;
}

/** The Observation for one reading, ready for `store.put` (the store stamps meta). */
export function deviceReadingObservation(
  store: ResourceStore,
  input: ReadingRequest,
  nowMs: number,
): IncomingResource {
  if (!store.get('Patient', input.patient))
    throw new HttpError(404, `Patient/${input.patient} not found`);
  // Devices report whole seconds, like the generated readings.
  const at =
    input.at ?? new Date(Math.floor(nowMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  if (Date.parse(at) > nowMs + MAX_CLOCK_SKEW_MS)
    throw new HttpError(
      400,
      `at ${at} is in the future (server time ${new Date(nowMs).toISOString()})`,
    );
  const device = resolveDevice(store, input.patient, input.metric, input.device);
  if (!METRICS[input.metric].units.includes(input.unit))
    throw new HttpError(400, `unit ${input.unit} is not accepted for ${input.metric}`);
  return homeObservation(
    {
      metric: input.metric,
      at,
      value: input.value,
      unit: input.unit,
      device,
      note: input.note,
    },
    { reference: `Patient/${input.patient}` },
  );
}
