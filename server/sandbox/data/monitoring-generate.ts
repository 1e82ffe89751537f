/**
 * Turns each enrollment (monitoring-plans.ts) into resources: the patient's Devices, the
 * remote-monitoring CarePlan `rm-<patient>` and 90 days of home readings. Readings draw from
 * their own stream (seed xor hash("<patient>#monitoring")), so the clinical record generated
 * before them keeps its values.
 */
import type { GeneratedResource } from './builder';
import { SNOMED } from './codes';
import { cgmSeries } from './monitoring-cgm';
import type { DeviceKind } from './monitoring-codes';
import { ENROLLED, ENROLLMENTS } from './monitoring-plans';
import type { Enrollment } from './monitoring-plans';
import { monitoringCarePlan } from './monitoring-careplan';
import { deviceRef, deviceResource } from './monitoring-resources';
import type { DeviceRef } from './monitoring-resources';
import { ANCHOR_DAY_MS, HOUR_MS, HomeReadingWriter, MINUTE_MS } from './monitoring-series';
import {
  READING_DAYS,
  copdStory,
  deviceOf,
  diabetes2Story,
  heartFailureStory,
  hypertensionStory,
} from './monitoring-stories';
import type { StoryInput } from './monitoring-stories';
import { Rng, hashString } from './prng';
import { isRecord } from '../fhir/types';

/** The CGM patient's sensor trace, with a low at 03:10 on the anchor day ("last night"). */
function cgmStory(input: StoryInput): void {
  const sensor = deviceOf(input, 'cgm');
  const points = cgmSeries(input.rng, {
    days: READING_DAYS,
    forcedHypoAtMs: ANCHOR_DAY_MS + 3 * HOUR_MS + 10 * MINUTE_MS,
  });
  for (const p of points) input.writer.add(p.t, 'cgm-glucose', p.mgdl, 'mg/dL', sensor);
}

const STORIES: Readonly<Record<string, (input: StoryInput) => void>> = {
  'sandbox-hypertension': hypertensionStory,
  'sandbox-diabetes': diabetes2Story,
  'sandbox-heart-failure': heartFailureStory,
  'sandbox-copd': copdStory,
  'sandbox-t1d-cgm': cgmStory,
};

/** Ids of the record's Conditions coded `code` (SNOMED CT). */
function conditionIds(record: readonly GeneratedResource[], code: string): string[] {
  return record
    .map((g) => g.resource)
    .filter((r) => {
      if (r.resourceType !== 'Condition' || !isRecord(r.code) || !Array.isArray(r.code.coding))
        return false;
      return r.code.coding.some((c) => isRecord(c) && c.system === SNOMED && c.code === code);
    })
    .flatMap((r) => (r.id === undefined ? [] : [r.id]));
}

/** The enrollment of a patient, if monitored. */
export function enrollmentOf(patientId: string): Enrollment | undefined {
  return ENROLLMENTS.find((e) => e.patientId === patientId);
}

/**
 * Devices, CarePlan and readings of one patient (none when not enrolled). `record` is the
 * patient's clinical record generated just before, for the Condition the plan addresses.
 */
export function monitoringResources(
  patientId: string,
  seed: number,
  record: readonly GeneratedResource[],
): GeneratedResource[] {
  const enrollment = enrollmentOf(patientId);
  const story = STORIES[patientId];
  if (!enrollment || !story) return [];
  const enrolledAt = `${ENROLLED}T08:00:00Z`;
  const out: GeneratedResource[] = enrollment.devices.map((d) => ({
    resource: deviceResource(d, patientId),
    lastUpdated: enrolledAt,
  }));
  const plan = monitoringCarePlan({
    patientId,
    topic: enrollment.topic,
    start: ENROLLED,
    authorId: enrollment.authorId,
    addresses: conditionIds(record, enrollment.condition.code),
    activities: enrollment.activities,
  });
  // The plan was last saved when its newest threshold was set.
  const lastEdit = enrollment.activities
    .flatMap((a) => a.thresholds.map((t) => t.setAt))
    .reduce((a, b) => (a > b ? a : b), enrolledAt);
  out.push({ resource: plan, lastUpdated: lastEdit });

  const devices: Partial<Record<DeviceKind, DeviceRef>> = {};
  for (const d of enrollment.devices) devices[d.kind] = deviceRef(d);
  const writer = new HomeReadingWriter(
    patientId,
    patientId === 'sandbox-t1d-cgm' ? `${patientId}-cgm` : `${patientId}-home`,
  );
  const rng = new Rng((seed ^ hashString(`${patientId}#monitoring`)) >>> 0);
  story({ rng, writer, devices, record });
  for (const g of writer.out) out.push(g);
  return out;
}
