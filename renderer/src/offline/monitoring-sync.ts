/**
 * Remote monitoring in the cache (ARCHITECTURE.md data flows 2 and 6): which patients are
 * monitored (active CarePlans with the remote-monitoring category, one search across the
 * user's patients), then per monitored patient only what triage needs — their Patient,
 * CarePlan, home readings (vital-signs Observations of the last 90 days), alert Tasks, feedback
 * Communications and Devices. First time per patient: by date; afterwards `_lastUpdated=gt`
 * from checkpoints of their own (`monitoring:<type>`), so the chart's full sync, which keeps
 * the plain `<type>` checkpoints, is never tricked into thinking older records are cached.
 * Part of the sync engine (the only code that fetches into the store). Nothing unchanged is
 * rewritten, so `written` is 0 after a poll that found nothing new (checkpoints still record
 * the time of the sync).
 */
import type { CarePlan, FhirResource } from 'fhir/r4';
import type { FhirApi } from '../fhir/FhirApi';
import { CARE_PLAN_CATEGORY_SYSTEM, REMOTE_MONITORING_CODE } from '../../../shared/monitoring/plan';
import {
  COMMUNICATION_CATEGORY_SYSTEM,
  MONITORING_FEEDBACK_CODE,
} from '../../../shared/monitoring/feedback';
import type { RecordStore } from './record-store';
import { writeWithEviction } from './eviction';
import { maxLastUpdated, retrying, type RetryPolicy } from './sync-retry';

/** Home readings are looked at over 90 days (the longest chart range). */
export const MONITORING_WINDOW_DAYS = 90;
const PAGE = 500;
const DAY_MS = 86_400_000;
export const MONITORING_CHECKPOINT_PREFIX = 'monitoring:';

const planQuery = (): string =>
  `CarePlan?category=${encodeURIComponent(
    `${CARE_PLAN_CATEGORY_SYSTEM}|${REMOTE_MONITORING_CODE}`,
  )}&status=active&_count=${PAGE}`;

/** The searches for one patient and type: the first by window, later by checkpoint. */
function typeQuery(
  type: string,
  patientId: string,
  since: string | undefined,
  now: number,
): string {
  const id = encodeURIComponent(patientId);
  const changed = since ? `&_lastUpdated=gt${encodeURIComponent(since)}` : '';
  const from = new Date(now - MONITORING_WINDOW_DAYS * DAY_MS).toISOString().slice(0, 10);
  switch (type) {
    case 'Observation':
      return `Observation?patient=${id}&category=vital-signs${since ? changed : `&date=ge${from}`}&_count=${PAGE}`;
    case 'Communication':
      return `Communication?patient=${id}&category=${encodeURIComponent(
        `${COMMUNICATION_CATEGORY_SYSTEM}|${MONITORING_FEEDBACK_CODE}`,
      )}${changed}&_count=${PAGE}`;
    default:
      return `${type}?patient=${id}${changed}&_count=${PAGE}`;
  }
}

const PATIENT_TYPES = ['Observation', 'Task', 'Communication', 'Device'] as const;

export interface MonitoringSyncResult {
  /** Patients with an active monitoring plan, in the server's order. */
  patientIds: string[];
  written: number;
  /** Patients whose refresh failed this time (their cached data stays). */
  failed: { patientId: string; error: string }[];
}

export interface MonitoringSyncDeps {
  fhir: FhirApi;
  store: RecordStore;
  now: () => number;
  retry: RetryPolicy;
  /** Checkpoint for a type that returned nothing the first time. */
  fallbackCheckpoint: (startedAt: number) => string;
}

function patientOf(plan: CarePlan): string | undefined {
  const ref = plan.subject.reference ?? '';
  const match = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(ref);
  return match?.[1];
}

/** Refreshes every monitored patient's monitoring data; one patient's failure skips only them. */
export async function syncMonitoredPatients(
  deps: MonitoringSyncDeps,
  signal?: AbortSignal,
): Promise<MonitoringSyncResult> {
  const { fhir } = deps;
  const opts = signal ? { signal } : {};
  const plans = (await retrying(deps.retry, () => fhir.fetchAll(planQuery(), opts), signal)).filter(
    (r): r is CarePlan => r.resourceType === 'CarePlan',
  );
  const byPatient = new Map<string, CarePlan[]>();
  for (const plan of plans) {
    const pid = patientOf(plan);
    if (pid) byPatient.set(pid, [...(byPatient.get(pid) ?? []), plan]);
  }
  const result: MonitoringSyncResult = {
    patientIds: [...byPatient.keys()],
    written: 0,
    failed: [],
  };
  for (const [patientId, patientPlans] of byPatient) {
    signal?.throwIfAborted();
    try {
      result.written += await syncOne(deps, patientId, patientPlans, signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      result.failed.push({
        patientId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return result;
}

/** Same version: equal versionId and lastUpdated, or (without either) the same JSON. */
function sameVersion(a: FhirResource, b: FhirResource): boolean {
  const va = a.meta?.versionId;
  const la = a.meta?.lastUpdated;
  if (va === undefined && la === undefined) return JSON.stringify(a) === JSON.stringify(b);
  return va === b.meta?.versionId && la === b.meta?.lastUpdated;
}

/** The fetched plans that are not cached in the same version (decrypts only the CarePlans). */
async function changedPlans(
  store: RecordStore,
  patientId: string,
  plans: readonly CarePlan[],
): Promise<CarePlan[]> {
  const cached = new Map(
    (await store.readByType(patientId, 'CarePlan')).resources.map((c) => [
      c.resource.id ?? '',
      c.resource,
    ]),
  );
  return plans.filter((plan) => {
    const old = cached.get(plan.id ?? '');
    return !old || !sameVersion(plan, old);
  });
}

async function syncOne(
  deps: MonitoringSyncDeps,
  patientId: string,
  plans: CarePlan[],
  signal: AbortSignal | undefined,
): Promise<number> {
  const { fhir, store } = deps;
  const startedAt = deps.now();
  const opts = signal ? { signal } : {};
  const checkpoints = new Map(
    (await store.patients.listCheckpoints(patientId)).map((c) => [c.type, c.lastUpdated]),
  );
  // The plans come back on every poll; rewriting unchanged ones would re-seal their pack each
  // time, and the views (features/monitoring/monitoring-data.ts) re-read a type whose packs
  // changed. Only new or changed versions are written.
  const resources: FhirResource[] = await changedPlans(store, patientId, plans);
  const next: Record<string, string> = {};
  const patientKey = `${MONITORING_CHECKPOINT_PREFIX}Patient`;
  if (!checkpoints.has(patientKey)) {
    resources.push(
      await retrying(deps.retry, () => fhir.read('Patient', patientId, signal), signal),
    );
    next[patientKey] = new Date(startedAt).toISOString();
  }
  for (const type of PATIENT_TYPES) {
    const key = `${MONITORING_CHECKPOINT_PREFIX}${type}`;
    const since = checkpoints.get(key);
    const fetched = await retrying(
      deps.retry,
      () => fhir.fetchAll(typeQuery(type, patientId, since, startedAt), opts),
      signal,
    );
    resources.push(...fetched);
    const newest = maxLastUpdated(fetched, type);
    next[key] =
      newest && (!since || Date.parse(newest) > Date.parse(since))
        ? newest
        : (since ?? deps.fallbackCheckpoint(startedAt));
  }
  signal?.throwIfAborted();
  // Listed among the cached patients (triage reads them from there), never marked opened.
  await store.patients.ensure(patientId);
  const { written } = await writeWithEviction(
    store,
    { patientId, resources, source: fhir.serverUrl, fetchedAt: startedAt, checkpoints: next },
    startedAt,
  );
  return written;
}
