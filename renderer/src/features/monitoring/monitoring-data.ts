/**
 * What the monitoring views show, read from the encrypted cache only (the sync engine fills
 * it, offline/monitoring-sync.ts): per monitored patient their plan, readings, alert Tasks and
 * feedback, and the triage of all of them (shared/monitoring).
 *
 * The views poll every few seconds, so the read is incremental ({@link MonitoringReader}):
 * a patient's packs are listed by key first (no decryption — every write re-seals a pack
 * under a new random key, so the key list is a change counter per patient and type), and only
 * the types the monitoring views need (never the rest of an opened chart) are decrypted, and
 * only when their keys changed. Parsed readings are kept by version, so a new reading parses
 * one Observation, not 26,000. Triage itself runs on every poll: `now` moves, which is what
 * ends snoozes and raises missed-reading alerts.
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
import { localToday } from '../../../../shared/fhir/dates';
import { triage, type TriageRow } from '../../../../shared/monitoring/triage';
import type { CachedResource } from '../../offline/contracts';
import type { RecordStore } from '../../offline/record-store';
import { MONITORING_CHECKPOINT_PREFIX } from '../../offline/monitoring-sync';

export interface MonitoredPatient {
  patientId: string;
  patient?: Patient;
  plan: MonitoringPlan;
  carePlan: CarePlan;
  /**
   * When this version of the CarePlan was fetched into the cache (epoch ms): an outbox write
   * sent after it is not in the cache yet, so the next edit builds on that write.
   */
  carePlanFetchedAt?: number;
  readings: Reading[];
  observations: Map<string, Observation>;
  tasks: Task[];
  feedback: Communication[];
  devices: Device[];
  /** When this patient's monitoring data was last fetched (last monitoring sync, else newest row). */
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

/** The resource types the monitoring views read; anything else in a chart is never decrypted. */
export const MONITORING_TYPES = [
  'CarePlan',
  'Patient',
  'Observation',
  'Task',
  'Communication',
  'Device',
] as const;
type MonitoringType = (typeof MONITORING_TYPES)[number];

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

/** Pack keys of one patient by resource type, read from the index (nothing decrypted). */
async function packKeysByType(store: RecordStore, patientId: string): Promise<Map<string, string>> {
  const { serverId, userKey } = store.scope;
  const keys = await store.db.packs
    .where('[serverId+userKey+patientId]')
    .equals([serverId, userKey, patientId])
    .primaryKeys();
  // A pack key is `${serverId}|${userKey}|${patientId}|${type}|~${random}` (offline/db.ts).
  const prefix = `${serverId}|${userKey}|${patientId}|`;
  const byType = new Map<string, string[]>();
  for (const key of keys) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const type = rest.slice(0, rest.indexOf('|~'));
    byType.set(type, [...(byType.get(type) ?? []), key]);
  }
  return new Map([...byType].map(([type, list]) => [type, list.sort().join('\n')]));
}

interface TypeSlot {
  fingerprint: string;
  resources: CachedResource[];
}

/** What one patient's last read produced, and the per-type fingerprints it was built from. */
interface PatientSlot {
  types: Map<MonitoringType, TypeSlot>;
  readings: ReadingCache;
  outcome?:
    | { kind: 'none' }
    | { kind: 'error'; carePlanId?: string; error: string }
    | { kind: 'ok'; patient: MonitoredPatient; hasFuture: boolean };
}

/** Counts of the last read, for tests and the benchmark: what was decrypted. */
export interface ReadStats {
  patients: number;
  /** Types decrypted (one `readByType` each). */
  decryptedTypes: number;
  /** Patients rebuilt because something of theirs changed. */
  rebuilt: number;
}

/**
 * Keeps what the previous polls read, per patient and type, so a poll after which nothing was
 * written decrypts nothing. One per view (the hook keeps it in a ref).
 */
export class MonitoringReader {
  private readonly slots = new Map<string, PatientSlot>();
  lastStats: ReadStats = { patients: 0, decryptedTypes: 0, rebuilt: 0 };

  /** One patient's monitoring data, reusing every type whose packs did not change. */
  async readPatient(
    store: RecordStore,
    patientId: string,
    now: number,
    stats: ReadStats,
  ): Promise<PatientSlot['outcome']> {
    let slot = this.slots.get(patientId);
    if (!slot) {
      slot = { types: new Map(), readings: new ReadingCache() };
      this.slots.set(patientId, slot);
    }
    const keys = await packKeysByType(store, patientId);
    if (!keys.has('CarePlan')) {
      slot.types.clear();
      slot.outcome = { kind: 'none' };
      return slot.outcome;
    }
    let changed = slot.outcome === undefined;
    for (const type of MONITORING_TYPES) {
      const fingerprint = keys.get(type) ?? '';
      const known = slot.types.get(type);
      if (known?.fingerprint !== fingerprint) {
        changed = true;
        let resources: CachedResource[] = [];
        if (fingerprint) {
          resources = (await store.readByType(patientId, type)).resources;
          stats.decryptedTypes++;
        }
        slot.types.set(type, { fingerprint, resources });
      }
      // The CarePlan first: a cached chart without an active monitoring plan needs nothing else.
      if (type === 'CarePlan' && !activePlan(slot.types.get('CarePlan')?.resources ?? [])) {
        slot.outcome = { kind: 'none' };
        return slot.outcome;
      }
    }
    const previous = slot.outcome;
    if (changed || (previous?.kind === 'ok' && previous.hasFuture)) {
      stats.rebuilt++;
      slot.outcome = this.build(patientId, slot, now);
    }
    const outcome = slot.outcome;
    if (outcome?.kind !== 'ok') return outcome;
    // The sync stamps its checkpoints even when nothing was new: "fetched" moves on every poll.
    const fetchedAt = await lastFetched(store, patientId, slot);
    if (fetchedAt !== outcome.patient.fetchedAt && fetchedAt !== undefined) {
      slot.outcome = { ...outcome, patient: { ...outcome.patient, fetchedAt } };
    }
    return slot.outcome;
  }

  private build(patientId: string, slot: PatientSlot, now: number): PatientSlot['outcome'] {
    const of = <T extends FhirResource>(type: MonitoringType): T[] =>
      (slot.types.get(type)?.resources ?? []).map((c) => c.resource as T);
    const cachedPlan = activePlan(slot.types.get('CarePlan')?.resources ?? []);
    if (!cachedPlan) return { kind: 'none' };
    const carePlan = cachedPlan.resource as CarePlan;
    const parsed = parseMonitoringPlan(carePlan);
    if (!parsed.ok) {
      return {
        kind: 'error',
        ...(carePlan.id ? { carePlanId: carePlan.id } : {}),
        error: parsed.error,
      };
    }
    const observations = of<Observation>('Observation').filter(isHomeReadingCandidate);
    const devices = of<Device>('Device');
    const readings = slot.readings.read(observations, now, devices);
    const patient = of<Patient>('Patient')[0];
    return {
      kind: 'ok',
      hasFuture: readings.some((r) => r.flags.some((f) => f.kind === 'future-dated')),
      patient: {
        patientId,
        ...(patient ? { patient } : {}),
        plan: parsed.plan,
        carePlan,
        carePlanFetchedAt: cachedPlan.fetchedAt,
        readings,
        observations: new Map(observations.map((o) => [o.id ?? '', o])),
        tasks: of<Task>('Task'),
        feedback: of<Communication>('Communication').sort((a, b) =>
          (b.sent ?? '').localeCompare(a.sent ?? ''),
        ),
        devices,
      },
    };
  }

  /** Forgets patients no longer cached (evicted, signed out). */
  retain(patientIds: ReadonlySet<string>): void {
    for (const id of this.slots.keys()) if (!patientIds.has(id)) this.slots.delete(id);
  }
}

function activePlan(resources: readonly CachedResource[]): CachedResource | undefined {
  return resources.find((c) => {
    const cp = c.resource as CarePlan;
    return isMonitoringCarePlan(cp as never) && cp.status === 'active';
  });
}

/** The last monitoring sync of the patient (checkpoint rows, plaintext), else the newest row. */
async function lastFetched(
  store: RecordStore,
  patientId: string,
  slot: PatientSlot,
): Promise<number | undefined> {
  let newest: number | undefined;
  const see = (t: number): void => {
    if (newest === undefined || t > newest) newest = t;
  };
  for (const c of await store.patients.listCheckpoints(patientId)) {
    if (c.type.startsWith(MONITORING_CHECKPOINT_PREFIX)) see(c.syncedAt);
  }
  // A loop, not Math.max(...): a CGM chart can hold 100,000 rows (too many arguments).
  for (const t of slot.types.values()) for (const c of t.resources) see(c.fetchedAt);
  return newest;
}

/**
 * The monitoring views' data at `now`. `reader` carries what earlier polls decrypted; pass the
 * same one on every poll of a view. `today` is the clinician's calendar day for snoozes
 * through a date (default: the local day of `now`).
 */
export async function readMonitoringData(
  store: RecordStore,
  now: number,
  reader: MonitoringReader,
  today: string = localToday(new Date(now)),
): Promise<MonitoringData> {
  const entries = await store.patients.list();
  const stats: ReadStats = { patients: entries.length, decryptedTypes: 0, rebuilt: 0 };
  const patients: MonitoredPatient[] = [];
  const planErrors: MonitoringData['planErrors'] = [];
  for (const entry of entries) {
    const outcome = await reader.readPatient(store, entry.patientId, now, stats);
    if (outcome?.kind === 'ok') patients.push(outcome.patient);
    else if (outcome?.kind === 'error') {
      planErrors.push({
        patientId: entry.patientId,
        ...(outcome.carePlanId ? { carePlanId: outcome.carePlanId } : {}),
        error: outcome.error,
      });
    }
  }
  reader.retain(new Set(entries.map((e) => e.patientId)));
  reader.lastStats = stats;
  const actions = collectAlertActions(patients.flatMap((p) => p.tasks));
  const rows = triage(
    patients.map((p) => ({ plan: p.plan, readings: p.readings })),
    { now, today, acknowledgements: actions.acknowledgements, snoozes: actions.snoozes },
  );
  return { patients, rows, planErrors, taskProblems: actions.problems };
}
