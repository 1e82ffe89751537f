/**
 * A patient's readings sorted once per metric for the rules: usable single readings oldest
 * first, summaries (means over a period) apart, and the readings a clinician must look at
 * because the rules could not use them (unrecognised, implausible, future-dated, no value).
 */
import type { MetricKey } from './metrics';
import type { Reading } from './readings';

export interface MetricSeries {
  metric: MetricKey;
  /** Usable single readings, oldest first (ties by id, so the order is deterministic). */
  readings: Reading[];
  /** Usable summaries (e.g. mean home BP over days), oldest first. */
  summaries: Reading[];
}

export interface PatientReadings {
  byMetric: ReadonlyMap<MetricKey, MetricSeries>;
  /**
   * Readings with a status that counts that the rules could not fully use, or that carry a
   * data-quality flag (unrecognised code/unit, implausible, future-dated, no time, no value).
   */
  flagged: Reading[];
  /** Newest usable reading time of any metric. */
  lastEpoch?: number;
}

const QUALITY_FLAGS = new Set([
  'invalid',
  'unrecognised-code',
  'unrecognised-unit',
  'implausible',
  'future-dated',
  'no-time',
]);

function hasQualityFlag(r: Reading): boolean {
  for (const f of r.flags) if (QUALITY_FLAGS.has(f.kind)) return true;
  return false;
}

function byTime(a: Reading, b: Reading): number {
  return (a.epoch ?? 0) - (b.epoch ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Sorts in place, skipping the sort when the list already is in order (the usual case). */
function sortByTime(list: Reading[]): void {
  for (let i = 1; i < list.length; i++) {
    const a = list[i - 1];
    const b = list[i];
    if (a && b && byTime(a, b) > 0) {
      list.sort(byTime);
      return;
    }
  }
}

/** Groups and sorts a patient's readings (any order in, nothing dropped from `flagged`). */
export function groupReadings(readings: readonly Reading[]): PatientReadings {
  const byMetric = new Map<MetricKey, MetricSeries>();
  const flagged: Reading[] = [];
  let lastEpoch: number | undefined;
  let current: MetricSeries | undefined;
  for (const r of readings) {
    if (r.status === 'entered-in-error' || r.status === 'cancelled') continue;
    if (!r.usable || (r.flags.length > 0 && hasQualityFlag(r))) flagged.push(r);
    const { metric, epoch } = r;
    if (!r.usable || metric === undefined || epoch === undefined) continue;
    // Readings usually arrive grouped by metric: reuse the last series before the map lookup.
    let series = current?.metric === metric ? current : byMetric.get(metric);
    if (!series) {
      series = { metric, readings: [], summaries: [] };
      byMetric.set(metric, series);
    }
    current = series;
    (r.summary ? series.summaries : series.readings).push(r);
    if (lastEpoch === undefined || epoch > lastEpoch) lastEpoch = epoch;
  }
  for (const s of byMetric.values()) {
    sortByTime(s.readings);
    sortByTime(s.summaries);
  }
  return { byMetric, flagged, ...(lastEpoch !== undefined ? { lastEpoch } : {}) };
}

/** Newest usable reading of a metric (single or summary). */
export function lastReading(series: MetricSeries | undefined): Reading | undefined {
  const a = series?.readings.at(-1);
  const b = series?.summaries.at(-1);
  if (!a) return b;
  if (!b) return a;
  return (b.epoch ?? 0) > (a.epoch ?? 0) ? b : a;
}
