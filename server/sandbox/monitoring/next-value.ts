/**
 * Plausible next readings for the interval simulator: each metric takes a small random step
 * from the patient's latest reading and is pulled back toward where the patient was when the
 * simulator first looked, so a heart-failure patient keeps their weight and a COPD patient
 * their low saturation. Values are in the metric's first (canonical) unit; the latest reading
 * is converted only where UCUM defines the factor (lb → kg, g → kg, mmol/L → mg/dL glucose);
 * readings in any other unit are skipped, never guessed.
 */
import type { ResourceStore } from '../fhir/store';
import type { StoredResource } from '../fhir/types';
import { isRecord } from '../fhir/types';
import { LOINC } from '../data/codes';
import {
  BP_DIASTOLIC,
  BP_SYSTOLIC,
  KG_PER_LB,
  MGDL_PER_MMOLL,
  metricOfLoinc,
} from '../data/monitoring-codes';
import type { MetricKey } from '../data/monitoring-codes';
import type { BloodPressureValue } from '../data/monitoring-resources';
import type { Rng } from '../data/prng';

export type MetricValue = number | BloodPressureValue;

/** Where a patient without any reading starts. */
export const DEFAULT_VALUES: Readonly<Record<MetricKey, MetricValue>> = {
  'blood-pressure': { systolic: 130, diastolic: 80 },
  weight: 75,
  spo2: 96,
  'heart-rate': 72,
  glucose: 140,
  'cgm-glucose': 140,
};

const TO_CANONICAL: Readonly<Record<string, number>> = {
  'weight|kg': 1,
  'weight|[lb_av]': KG_PER_LB,
  'weight|g': 0.001,
  'spo2|%': 1,
  'heart-rate|/min': 1,
  'glucose|mg/dL': 1,
  'glucose|mmol/L': MGDL_PER_MMOLL,
  'cgm-glucose|mg/dL': 1,
  'cgm-glucose|mmol/L': MGDL_PER_MMOLL,
};

function quantityValue(q: unknown, metric: MetricKey): number | undefined {
  if (!isRecord(q) || typeof q.value !== 'number' || typeof q.code !== 'string') return undefined;
  const factor =
    metric === 'blood-pressure'
      ? q.code === 'mm[Hg]'
        ? 1
        : undefined
      : TO_CANONICAL[`${metric}|${q.code}`];
  return factor === undefined ? undefined : q.value * factor;
}

/** The metric a reading is for (by its LOINC codes), or undefined. */
export function metricOf(obs: StoredResource): MetricKey | undefined {
  const codings = isRecord(obs.code) && Array.isArray(obs.code.coding) ? obs.code.coding : [];
  for (const c of codings as unknown[]) {
    if (isRecord(c) && c.system === LOINC && typeof c.code === 'string') {
      const metric = metricOfLoinc(c.code);
      if (metric) return metric;
    }
  }
  return undefined;
}

function componentValue(obs: StoredResource, code: string): number | undefined {
  const components = Array.isArray(obs.component) ? (obs.component as unknown[]) : [];
  for (const c of components) {
    if (!isRecord(c) || !isRecord(c.code) || !Array.isArray(c.code.coding)) continue;
    if (c.code.coding.some((x) => isRecord(x) && x.system === LOINC && x.code === code))
      return quantityValue(c.valueQuantity, 'blood-pressure');
  }
  return undefined;
}

/** The value of a reading in the canonical unit, or undefined (not final, unknown unit…). */
export function readingValue(obs: StoredResource, metric: MetricKey): MetricValue | undefined {
  if (obs.status !== 'final' && obs.status !== 'amended' && obs.status !== 'corrected')
    return undefined;
  if (metric === 'blood-pressure') {
    const systolic = componentValue(obs, BP_SYSTOLIC.code);
    const diastolic = componentValue(obs, BP_DIASTOLIC.code);
    return systolic === undefined || diastolic === undefined ? undefined : { systolic, diastolic };
  }
  return quantityValue(obs.valueQuantity, metric);
}

/** The patient's newest usable reading of a metric (compartment list is newest first). */
export function latestReading(
  store: ResourceStore,
  patientId: string,
  metric: MetricKey,
): MetricValue | undefined {
  for (const obs of store.byPatientSorted('Observation', patientId)) {
    if (metricOf(obs) !== metric) continue;
    const value = readingValue(obs, metric);
    if (value !== undefined) return value;
  }
  return undefined;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const reverting = (rng: Rng, x: number, center: number, pull: number, sd: number): number =>
  x + pull * (center - x) + rng.normal(0, sd);

/** One step of a metric's walk from `last` toward `center`, rounded like a device rounds. */
export function stepValue(
  rng: Rng,
  metric: MetricKey,
  last: MetricValue,
  center: MetricValue,
): MetricValue {
  const num = (v: MetricValue): number => (typeof v === 'number' ? v : v.systolic);
  switch (metric) {
    case 'blood-pressure': {
      const l = typeof last === 'number' ? { systolic: last, diastolic: last } : last;
      const c = typeof center === 'number' ? l : center;
      return {
        systolic: Math.round(clamp(reverting(rng, l.systolic, c.systolic, 0.3, 6), 70, 250)),
        diastolic: Math.round(clamp(reverting(rng, l.diastolic, c.diastolic, 0.3, 4), 40, 150)),
      };
    }
    case 'weight':
      return Math.round(clamp(reverting(rng, num(last), num(center), 0.3, 0.2), 2, 300) * 10) / 10;
    case 'spo2':
      return Math.round(clamp(reverting(rng, num(last), num(center), 0.4, 0.8), 80, 100));
    case 'heart-rate':
      return Math.round(clamp(reverting(rng, num(last), num(center), 0.3, 4), 35, 180));
    case 'glucose':
      return Math.round(clamp(reverting(rng, num(last), num(center), 0.5, 25), 40, 450));
    case 'cgm-glucose':
      return Math.round(clamp(reverting(rng, num(last), num(center), 0.1, 6), 40, 400));
  }
}
