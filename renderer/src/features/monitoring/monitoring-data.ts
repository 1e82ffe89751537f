/**
 * What the monitoring views show, read from the encrypted cache only (the sync engine fills
 * it, offline/monitoring-sync.ts): per monitored patient their plan, readings, alert Tasks and
 * feedback, and the triage of all of them (shared/monitoring). Parsing readings is the costly
 * part (a CGM patient has 26,000 of them), so parsed readings are kept by version and only
 * new or changed Observations are read again.
 */
import type {
  CarePlan,
  Communication,
  Device,
  FhirResource,
  Observation,
  Patient,
  Task,
} from 'fhir/r4';
import {
  parseMonitoringPlan,
  isMonitoringCarePlan,
  type MonitoringPlan,
} from '../../../../shared/monitoring/plan';
import { readObservation, type Reading } from '../../../../shared/monitoring/readings';
import { metricOfConcept } from '../../../../shared/monitoring/metrics';
import { collectAlertActions } from '../../../../shared/monitoring/actions';
import { buildResourceIndex } from '../../../../shared/fhir/references';
import { triage, type TriageRow } from '../../../../shared/monitoring/triage';
import type { RecordStore } from '../../offline/record-store';

export interface MonitoredPatient {
  patientId: string;
  patient?: Patient;
  plan: MonitoringPlan;
  carePlan: CarePlan;
  readings: Reading[];
  observations: Map<string, Observation>;
  tasks: Task[];
  feedback: Communication[];
  devices: Device[];
  /** When this patient's monitoring data was last fetched (newest cached row). */
  fetchedAt?: number;
}

export interface MonitoringData {
  patients: MonitoredPatient[];
  rows: TriageRow[];
  /** Monitoring CarePlans that could not be read: shown, never silently skipped. */
  planErrors: { patientId: string; carePlanId?: string; error: string }[];
  /** Problems in alert Tasks (unreadable acknowledgements are listed too). */
  taskProblems: ReturnType<typeof collectAlertActions>['problems'];
}

/** A home reading, or something that claims to be one: a monitored code, or entered by the patient / sent by a device. */
function isHomeReadingCandidate(obs: Observation): boolean {
  if (metricOfConcept(obs.code)) return true;
  if (obs.device) return true;
  return (obs.performer ?? []).some((p) => p.reference?.startsWith('Patient/'));
}

/** Parsed readings by `id|version`: parsed once, forgotten when not seen in a read. */
export class ReadingCache {
  private map = new Map<string, Reading>();

  read(
    observations: readonly Observation[],
    now: number,
    related: readonly FhirResource[],
  ): Reading[] {
    const next = new Map<string, Reading>();
    const out: Reading[] = [];
    const index = buildResourceIndex(related);
    for (const obs of observations) {
      const key = `${obs.id ?? ''}|${obs.meta?.versionId ?? obs.meta?.lastUpdated ?? ''}`;
      let reading = this.map.get(key);
      // Future-dated is relative to now: re-read readings that were in the future.
      if (!reading || reading.flags.some((f) => f.kind === 'future-dated')) {
        reading = readObservation(obs, { now, index });
      }
      next.set(key, reading);
      out.push(reading);
    }
    this.map = next;
    return out;
  }
}

export async function readMonitoringData(
  store: RecordStore,
  now: number,
  caches: Map<string, ReadingCache>,
): Promise<MonitoringData> {
  const entries = await store.patients.list();
  const patients: MonitoredPatient[] = [];
  const planErrors: MonitoringData['planErrors'] = [];
  for (const entry of entries) {
    const plans = (await store.readByType(entry.patientId, 'CarePlan')).resources
      .map((c) => c.resource as CarePlan)
      .filter((cp) => isMonitoringCarePlan(cp as never) && cp.status === 'active');
    const carePlan = plans[0];
    if (!carePlan) continue;
    const parsed = parseMonitoringPlan(carePlan);
    if (!parsed.ok) {
      planErrors.push({
        patientId: entry.patientId,
        ...(carePlan.id ? { carePlanId: carePlan.id } : {}),
        error: parsed.error,
      });
      continue;
    }
    const view = await store.readPatient(entry.patientId);
    const all = view.resources;
    const of = <T extends FhirResource>(type: T['resourceType']): T[] =>
      all.filter((c) => c.resource.resourceType === type).map((c) => c.resource as T);
    const observations = of<Observation>('Observation').filter(isHomeReadingCandidate);
    const devices = of<Device>('Device');
    let cache = caches.get(entry.patientId);
    if (!cache) {
      cache = new ReadingCache();
      caches.set(entry.patientId, cache);
    }
    const fetched = all.map((c) => c.fetchedAt);
    patients.push({
      patientId: entry.patientId,
      ...(of<Patient>('Patient')[0] ? { patient: of<Patient>('Patient')[0] } : {}),
      plan: parsed.plan,
      carePlan,
      readings: cache.read(observations, now, devices),
      observations: new Map(observations.map((o) => [o.id ?? '', o])),
      tasks: of<Task>('Task'),
      feedback: of<Communication>('Communication').sort((a, b) =>
        (b.sent ?? '').localeCompare(a.sent ?? ''),
      ),
      devices,
      ...(fetched.length ? { fetchedAt: Math.max(...fetched) } : {}),
    });
  }
  const actions = collectAlertActions(patients.flatMap((p) => p.tasks));
  const rows = triage(
    patients.map((p) => ({ plan: p.plan, readings: p.readings })),
    { now, acknowledgements: actions.acknowledgements, snoozes: actions.snoozes },
  );
  return { patients, rows, planErrors, taskProblems: actions.problems };
}
