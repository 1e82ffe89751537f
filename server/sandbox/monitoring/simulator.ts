/**
 * The remote-monitoring simulator: records readings posted to the control endpoint exactly as
 * a device upload would (through the store, so the state journal keeps them), and in interval
 * mode adds one plausible reading per enrolled metric for every patient with an active
 * remote-monitoring CarePlan. Guarded by a shared secret compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ResourceStore } from '../fhir/store';
import type { StoredResource } from '../fhir/types';
import { isRecord } from '../fhir/types';
import { parseReference } from '../fhir/references';
import {
  CARE_PLAN_CATEGORY,
  METRICS,
  REMOTE_MONITORING,
  metricOfLoinc,
} from '../data/monitoring-codes';
import type { MetricKey } from '../data/monitoring-codes';
import { Rng } from '../data/prng';
import { deviceReadingObservation } from './device-reading';
import type { ReadingRequest } from './device-reading';
import { DEFAULT_VALUES, latestReading, readingValue, stepValue } from './next-value';
import type { MetricValue } from './next-value';

/** The request header that carries the simulator's secret. */
export const SECRET_HEADER = 'X-Sandbox-Admin-Secret';
/** Shortest secret accepted from configuration. */
export const MIN_SECRET_LENGTH = 16;
/** Shortest interval of the interval mode. */
export const MIN_INTERVAL_MS = 1000;

/** 192 random bits, URL-safe. */
export const generateSecret = (): string => randomBytes(24).toString('base64url');

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Active remote-monitoring CarePlans: patient id → metrics, in plan order. */
export function enrolledMetrics(store: ResourceStore): Map<string, MetricKey[]> {
  const out = new Map<string, MetricKey[]>();
  const plans = store
    .all('CarePlan')
    .filter((p) => p.status === 'active')
    .filter((p) =>
      (Array.isArray(p.category) ? (p.category as unknown[]) : []).some(
        (c) =>
          isRecord(c) &&
          Array.isArray(c.coding) &&
          c.coding.some(
            (x) =>
              isRecord(x) && x.system === CARE_PLAN_CATEGORY && x.code === REMOTE_MONITORING.code,
          ),
      ),
    )
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const plan of plans) {
    const ref = isRecord(plan.subject) ? plan.subject.reference : undefined;
    const patient = typeof ref === 'string' ? parseReference(ref) : undefined;
    if (patient?.type !== 'Patient') continue;
    const metrics = out.get(patient.id) ?? [];
    for (const a of Array.isArray(plan.activity) ? (plan.activity as unknown[]) : []) {
      const code =
        isRecord(a) && isRecord(a.detail) && isRecord(a.detail.code) ? a.detail.code : undefined;
      const codings = code && Array.isArray(code.coding) ? (code.coding as unknown[]) : [];
      for (const c of codings) {
        const metric =
          isRecord(c) && typeof c.code === 'string' ? metricOfLoinc(c.code) : undefined;
        if (metric && !metrics.includes(metric)) metrics.push(metric);
      }
    }
    out.set(patient.id, metrics);
  }
  return out;
}

export interface MonitoringSimulatorOptions {
  secret: string;
  /** Seed of the interval mode's values (default fixed). */
  seed?: number;
  /** The clock (tests pass a fixed one). */
  now?: () => number;
  log?: (line: string) => void;
}

export class MonitoringSimulator {
  readonly #secret: Buffer;
  readonly #rng: Rng;
  readonly #now: () => number;
  readonly #log: (line: string) => void;
  /** "patient|metric" → last value and the value the walk returns to. */
  readonly #walks = new Map<string, { last: MetricValue; center: MetricValue }>();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly store: ResourceStore,
    options: MonitoringSimulatorOptions,
  ) {
    if (options.secret.length < MIN_SECRET_LENGTH)
      throw new Error(`The simulator secret needs at least ${MIN_SECRET_LENGTH} characters`);
    this.#secret = digest(options.secret);
    this.#rng = new Rng(options.seed ?? 0x51a1a70);
    this.#now = options.now ?? Date.now;
    this.#log = options.log ?? ((): void => undefined);
  }

  /** Constant-time comparison of a presented secret (hashes first, so lengths do not leak). */
  checkSecret(presented: string | undefined): boolean {
    return presented !== undefined && timingSafeEqual(digest(presented), this.#secret);
  }

  /** Stores one reading as a device upload (status final, performer the Patient). */
  record(request: ReadingRequest): StoredResource {
    const stored = this.store.put(deviceReadingObservation(this.store, request, this.#now()));
    // The interval mode continues from a posted reading (e.g. a demo's weight gain).
    const walk = this.#walks.get(`${request.patient}|${request.metric}`);
    const value = readingValue(stored, request.metric);
    if (walk && value !== undefined) walk.last = value;
    return stored;
  }

  /** One round: a reading now for every metric of every actively monitored patient. */
  tick(): StoredResource[] {
    const out: StoredResource[] = [];
    for (const [patient, metrics] of enrolledMetrics(this.store)) {
      if (!this.store.get('Patient', patient)) continue;
      for (const metric of metrics) {
        const key = `${patient}|${metric}`;
        let walk = this.#walks.get(key);
        if (!walk) {
          const start = latestReading(this.store, patient, metric) ?? DEFAULT_VALUES[metric];
          walk = { last: start, center: start };
          this.#walks.set(key, walk);
        }
        walk.last = stepValue(this.#rng, metric, walk.last, walk.center);
        const unit = METRICS[metric].units[0] ?? '';
        const request = { patient, metric, value: walk.last, unit };
        out.push(this.store.put(deviceReadingObservation(this.store, request, this.#now())));
      }
    }
    return out;
  }

  /** Interval mode: a round every `everyMs` until `stop()`; does not keep the process alive. */
  start(everyMs: number): void {
    if (!Number.isFinite(everyMs) || everyMs < MIN_INTERVAL_MS)
      throw new Error(`The simulator interval must be at least ${MIN_INTERVAL_MS} ms`);
    this.stop();
    this.#timer = setInterval(() => {
      try {
        this.#log(`simulator: added ${this.tick().length} readings`);
      } catch (error) {
        this.#log(`simulator: ${error instanceof Error ? error.message : String(error)}`);
      }
    }, everyMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
