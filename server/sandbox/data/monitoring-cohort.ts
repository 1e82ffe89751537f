/**
 * Any number of synthetic monitored patients with 90 days of home readings, for benchmarks
 * such as triage-1000: each patient has one condition (hypertension, type 2 diabetes, heart
 * failure or COPD, in turn) enrolled exactly like the demo patient with that condition
 * (same metrics, frequencies and thresholds), and a story: most are stable, the rest have high
 * blood pressure, a weight gain, low saturation, high glucose, a hypo, missed readings or an
 * implausible value in their last days. `story` names what was put in; it is not a verdict of
 * any rules engine.
 *
 * A generator, so a benchmark can stream 1,000 patients (≈290,000 Observations) or collect
 * them. Same seed ⇒ same resources.
 */
import type { IncomingResource } from '../fhir/types';
import { ROSSI, WEBER } from '../auth/accounts';
import { DEVICE_KINDS_FOR } from './monitoring-codes';
import type { DeviceKind, MetricKey } from './monitoring-codes';
import {
  COPD,
  DIABETES_2,
  ENROLLED_DAYS_AGO,
  HEART_FAILURE,
  HYPERTENSION,
} from './monitoring-plans';
import type { Enrollment } from './monitoring-plans';
import { monitoringCarePlan } from './monitoring-careplan';
import { deviceRef, deviceResource } from './monitoring-resources';
import type { DeviceRef } from './monitoring-resources';
import { DAY_MS, HomeReadingWriter, dailySlots, meanReverting, round1 } from './monitoring-series';
import { ANCHOR_MS, Rng, hashString } from './prng';

export type CohortCondition = 'hypertension' | 'type-2-diabetes' | 'heart-failure' | 'copd';
export type CohortStory =
  | 'stable'
  | 'high-bp'
  | 'weight-gain'
  | 'low-spo2'
  | 'high-glucose'
  | 'hypo'
  | 'missed-readings'
  | 'outlier';

export interface SyntheticMonitoredPatient {
  patient: IncomingResource;
  carePlan: IncomingResource;
  devices: IncomingResource[];
  /** Oldest first, each with `meta.lastUpdated`. */
  observations: IncomingResource[];
  condition: CohortCondition;
  story: CohortStory;
}

export interface CohortOptions {
  seed?: number;
  /** Days of readings (default 90). */
  days?: number;
  /** The last instant with readings (default the data anchor 2026-11-01T09:00Z). */
  endMs?: number;
  /** Patient ids are `<prefix>-0001`… (default `rm-synth`). */
  idPrefix?: string;
}

const CONDITIONS: readonly {
  key: CohortCondition;
  enrollment: Enrollment;
  stories: CohortStory[];
}[] = [
  { key: 'hypertension', enrollment: HYPERTENSION, stories: ['high-bp'] },
  {
    key: 'type-2-diabetes',
    enrollment: DIABETES_2,
    stories: ['high-glucose', 'hypo', 'weight-gain'],
  },
  {
    key: 'heart-failure',
    enrollment: HEART_FAILURE,
    stories: ['weight-gain', 'low-spo2', 'high-bp'],
  },
  { key: 'copd', enrollment: COPD, stories: ['low-spo2'] },
];

const GIVEN = [
  'Alex',
  'Sam',
  'Jordan',
  'Morgan',
  'Casey',
  'Riley',
  'Jamie',
  'Robin',
  'Avery',
  'Quinn',
];
const FAMILY = [
  'Ashford',
  'Baker',
  'Carver',
  'Dale',
  'Ellis',
  'Fenton',
  'Garner',
  'Hale',
  'Irving',
  'Jarvis',
  'Kemp',
  'Lowe',
];
const HOURS: Readonly<Record<number, readonly number[]>> = { 1: [7], 2: [7, 19] };

/** Per-patient baselines: where each metric sits on a normal day. */
function baselines(rng: Rng, condition: CohortCondition): Record<MetricKey, number> {
  const hf = condition === 'heart-failure';
  return {
    'blood-pressure': rng.normal(condition === 'hypertension' ? 145 : hf ? 120 : 130, 8),
    weight: rng.normal(hf ? 82 : 92, 11),
    spo2: rng.normal(condition === 'copd' ? 93.6 : 96, 0.8),
    'heart-rate': rng.normal(condition === 'copd' ? 84 : 72, 6),
    glucose: rng.normal(150, 18),
    'cgm-glucose': 140,
  };
}

function writeReadings(
  rng: Rng,
  writer: HomeReadingWriter,
  condition: CohortCondition,
  enrollment: Enrollment,
  devices: Partial<Record<DeviceKind, DeviceRef>>,
  story: CohortStory,
  span: { days: number; endMs: number },
): void {
  const { days, endMs } = span;
  const anchorDayMs = Math.floor(endMs / DAY_MS) * DAY_MS;
  const base = baselines(rng, condition);
  const outlierMetric = enrollment.activities[0]?.metric;
  for (const activity of enrollment.activities) {
    const metric = activity.metric;
    const kind = DEVICE_KINDS_FOR[metric].find((k) => devices[k] !== undefined);
    const device = kind === undefined ? undefined : devices[kind];
    const walk = meanReverting(rng, 0, metric === 'weight' ? 0.25 : 1.5, 0.2);
    const hours = HOURS[activity.perDay] ?? [7];
    const slots = dailySlots(rng, days, hours, { endMs, anchorDayMs, jitterMinutes: 50 });
    slots.forEach((slot, i) => {
      const drift = walk.next();
      const last = slot.day < 3;
      if (story === 'missed-readings' && last) return;
      if (rng.float() < 0.04) return;
      const bump = (s: CohortStory, v: number): number =>
        story === s && last ? v * (3 - slot.day) : 0;
      const isOutlier = story === 'outlier' && metric === outlierMetric && i === slots.length - 1;
      switch (metric) {
        case 'blood-pressure': {
          const systolic = Math.round(
            base[metric] + drift + bump('high-bp', 13) + rng.normal(0, 7),
          );
          const diastolic = Math.round(systolic * 0.6 + rng.normal(0, 4));
          writer.add(
            slot.ms,
            metric,
            isOutlier ? { systolic: diastolic, diastolic: systolic } : { systolic, diastolic },
            'mm[Hg]',
            device,
          );
          return;
        }
        case 'weight':
          writer.add(
            slot.ms,
            metric,
            round1((base.weight + drift + bump('weight-gain', 0.95)) * (isOutlier ? 10 : 1)),
            'kg',
            device,
          );
          return;
        case 'spo2':
          writer.add(
            slot.ms,
            metric,
            isOutlier
              ? 9
              : Math.round(
                  Math.min(99, base.spo2 + drift / 3 - bump('low-spo2', 2) + rng.normal(0, 0.7)),
                ),
            '%',
            device,
          );
          return;
        case 'heart-rate':
          writer.add(
            slot.ms,
            metric,
            Math.round(base[metric] + drift + rng.normal(0, 4)),
            '/min',
            device,
          );
          return;
        case 'glucose': {
          const evening = slot.index === 1 ? 25 : 0;
          const value =
            story === 'hypo' && slot.day === 0
              ? 48
              : base.glucose + evening + drift * 4 + bump('high-glucose', 55) + rng.normal(0, 20);
          writer.add(
            slot.ms,
            metric,
            isOutlier ? 1001 : Math.round(Math.max(40, value)),
            'mg/dL',
            device,
          );
          return;
        }
        case 'cgm-glucose':
          return;
      }
    });
  }
}

/** `count` monitored patients, one at a time. */
export function* syntheticMonitoringCohort(
  count: number,
  options: CohortOptions = {},
): Generator<SyntheticMonitoredPatient> {
  const seed = options.seed ?? 20261101;
  const days = options.days ?? 90;
  const endMs = options.endMs ?? ANCHOR_MS;
  const prefix = options.idPrefix ?? 'rm-synth';
  const width = Math.max(4, String(count).length);
  for (let i = 1; i <= count; i++) {
    const id = `${prefix}-${String(i).padStart(width, '0')}`;
    const rng = new Rng((seed ^ hashString(id)) >>> 0);
    const condition = CONDITIONS[(i - 1) % CONDITIONS.length] ?? CONDITIONS[0];
    if (!condition) throw new Error('no conditions');
    const story: CohortStory =
      rng.float() < 0.65
        ? 'stable'
        : rng.pick([...condition.stories, 'missed-readings', 'outlier']);
    const enrollment = condition.enrollment;
    const startDate = new Date(endMs - ENROLLED_DAYS_AGO * DAY_MS).toISOString().slice(0, 10);
    const patient: IncomingResource = {
      resourceType: 'Patient',
      id,
      name: [{ use: 'official', family: rng.pick(FAMILY), given: [rng.pick(GIVEN)] }],
      gender: rng.pick(['female', 'male']),
      birthDate: `${rng.int(1935, 1985)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
      generalPractitioner: [
        { reference: `Practitioner/${enrollment.authorId === ROSSI ? ROSSI : WEBER}` },
      ],
    };
    const deviceDefs = enrollment.devices.map((d) => ({ ...d, id: `${id}-${d.kind}` }));
    const devices: Partial<Record<DeviceKind, DeviceRef>> = {};
    for (const d of deviceDefs) devices[d.kind] = deviceRef(d);
    const carePlan = monitoringCarePlan({
      patientId: id,
      topic: enrollment.topic,
      start: startDate,
      authorId: enrollment.authorId,
      activities: enrollment.activities,
    });
    const writer = new HomeReadingWriter(id, `${id}-home`, endMs);
    writeReadings(rng, writer, condition.key, enrollment, devices, story, { days, endMs });
    yield {
      patient,
      carePlan,
      devices: deviceDefs.map((d) => deviceResource(d, id)),
      observations: writer.out
        .map((g): IncomingResource => ({ ...g.resource, meta: { lastUpdated: g.lastUpdated } }))
        .sort((a, b) => (String(a.effectiveDateTime) < String(b.effectiveDateTime) ? -1 : 1)),
      condition: condition.key,
      story,
    };
  }
}
