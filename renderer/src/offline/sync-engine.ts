/**
 * The sync engine: the ONLY code that fetches records into the store (ARCHITECTURE.md data
 * flow 2). First sync of a patient = full fetch (`$everything`, or per-type searches where the
 * server lacks it — reusing the chart loader), later syncs = per-type `_lastUpdated=gt<checkpoint>`
 * searches. Checkpoints advance in the same transaction as the data they cover, so a failed or
 * cancelled sync leaves the store consistent and the next sync asks again.
 *
 * Deletions: an incremental search cannot see deleted resources, so a full sync (which removes
 * local ids the server no longer returns) runs when the last one is older than
 * `fullSyncEveryMs`. Backoff: 429 and 5xx are retried with exponential delays. `Retry-After`
 * cannot be honoured yet: FhirRequestError carries the status but not the response headers.
 * @see https://hl7.org/fhir/R4/search.html#_lastUpdated
 */
import type { FhirResource } from 'fhir/r4';
import type { FhirApi } from '../fhir/FhirApi';
import { FALLBACK_TYPES, fetchPatientChart } from '../features/records/load-chart';
import { NOISE_TYPES } from '../features/records/chart-model';
import type { SyncProgress } from './contracts';
import type { RecordStore } from './record-store';
import { writeWithEviction } from './eviction';
import {
  MONITORING_CHECKPOINT_PREFIX,
  syncMonitoredPatients,
  type MonitoringSyncResult,
} from './monitoring-sync';
import {
  defaultSleep,
  isTypeFailure,
  maxLastUpdated,
  retrying,
  type RetryPolicy,
} from './sync-retry';

/** Types with a `patient` search parameter that incremental refresh asks for. */
export const INCREMENTAL_TYPES: readonly string[] = [
  ...FALLBACK_TYPES,
  'CarePlan',
  'CareTeam',
  'Goal',
  'ServiceRequest',
  'MedicationAdministration',
  'Device',
];
const SEARCHABLE = new Set(['Patient', ...INCREMENTAL_TYPES]);
const PAGE = 500;
const DAY_MS = 86_400_000;

/** Where request outcomes go (the connectivity monitor). */
export interface RequestOutcomeSink {
  reportSuccess(): void;
  reportFailure(error: unknown): void;
}

export interface SyncEngineOptions {
  fhir: FhirApi;
  store: RecordStore;
  outcomes?: RequestOutcomeSink;
  now?: () => number;
  /** Waits between retries; tests pass a fake. Must reject when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Full sync (deletion detection) when the last one is older than this (default 24 h). */
  fullSyncEveryMs?: number;
  /** Retries of a request answered 429/5xx (default 3), first delay `retryBaseMs` (1 s). */
  maxRetries?: number;
  retryBaseMs?: number;
  /** Checkpoint for types that returned nothing: sync start minus this clock-skew margin (5 min). */
  skewMs?: number;
}

export interface SyncOptions {
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  /** 'auto' (default): full when never or not recently fully synced, else incremental. */
  mode?: 'auto' | 'full' | 'incremental';
}

export interface SyncResult {
  patientId: string;
  phase: 'full' | 'incremental';
  written: number;
  deleted: number;
  /** Types the server refused or lacks; their checkpoints did not move. */
  missingTypes: string[];
  /** Patients evicted to make room (for the "Storage full" message). */
  evictedPatients: string[];
}

/** Above this many observations a full sync writes the rest of the chart first. */
const EARLY_WRITE_THRESHOLD = 1000;

export class SyncEngine {
  private readonly inFlight = new Map<string, Promise<SyncResult>>();
  private readonly now: () => number;

  constructor(private readonly options: SyncEngineOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Syncs one patient; concurrent calls for the same patient share one run. */
  syncPatient(patientId: string, options: SyncOptions = {}): Promise<SyncResult> {
    const running = this.inFlight.get(patientId);
    if (running) return running;
    const run = this.run(patientId, options).finally(() => this.inFlight.delete(patientId));
    this.inFlight.set(patientId, run);
    return run;
  }

  private async run(patientId: string, options: SyncOptions): Promise<SyncResult> {
    const { store } = this.options;
    const entry = await store.patients.get(patientId);
    const checkpoints = await store.patients.listCheckpoints(patientId);
    const fullDue =
      !checkpoints.length ||
      this.now() - (entry?.fullSyncedAt ?? 0) > (this.options.fullSyncEveryMs ?? DAY_MS);
    const phase =
      options.mode === 'full' || (options.mode !== 'incremental' && fullDue) || !checkpoints.length
        ? 'full'
        : 'incremental';
    const report = (resources: number, done: boolean, error?: string): void =>
      options.onProgress?.({ patientId, phase, resources, done, ...(error ? { error } : {}) });
    report(0, false);
    try {
      const result =
        phase === 'full'
          ? await this.full(patientId, options, report)
          : await this.incremental(
              patientId,
              new Map(checkpoints.map((c) => [c.type, c.lastUpdated])),
              options,
              report,
            );
      this.options.outcomes?.reportSuccess();
      report(result.written, true);
      return result;
    } catch (e) {
      this.options.outcomes?.reportFailure(e);
      report(0, true, e instanceof Error ? e.message : String(e));
      throw e;
    }
  }

  private retryPolicy(): RetryPolicy {
    return {
      maxRetries: this.options.maxRetries ?? 3,
      baseMs: this.options.retryBaseMs ?? 1000,
      sleep: this.options.sleep ?? defaultSleep,
    };
  }

  private fallbackCheckpoint(startedAt: number): string {
    return new Date(startedAt - (this.options.skewMs ?? 300_000)).toISOString();
  }

  private async full(
    patientId: string,
    options: SyncOptions,
    report: (n: number, done: boolean) => void,
  ): Promise<SyncResult> {
    const { fhir, store } = this.options;
    const startedAt = this.now();
    const chart = await retrying(
      this.retryPolicy(),
      () =>
        fetchPatientChart(fhir, patientId, {
          ...(options.signal ? { signal: options.signal } : {}),
          onProgress: (n) => report(n, false),
        }),
      options.signal,
    );
    const missing = new Set(chart.missingTypes);
    const returned = new Set(chart.resources.map((r) => `${r.resourceType}/${r.id ?? ''}`));
    const deletions = (await store.listIds(patientId)).filter(
      (r) => !missing.has(r.type) && !returned.has(`${r.type}/${r.id}`),
    );
    const types = new Set([...INCREMENTAL_TYPES, ...chart.resources.map((r) => r.resourceType)]);
    const checkpoints: Record<string, string> = {};
    for (const type of types) {
      if (!SEARCHABLE.has(type) || missing.has(type)) continue;
      checkpoints[type] =
        maxLastUpdated(chart.resources, type) ?? this.fallbackCheckpoint(startedAt);
    }
    options.signal?.throwIfAborted();
    // Large records: everything but the observations goes in first, so the banner, summary
    // and most sections show while thousands of observations are still being encrypted.
    // Checkpoints, deletions and "synced" are written only with the second batch, so an
    // interrupted sync is simply a full sync again next time.
    const early = chart.resources.filter((r) => r.resourceType !== 'Observation');
    const late = chart.resources.filter((r) => r.resourceType === 'Observation');
    let earlyWritten = 0;
    const earlyEvicted: string[] = [];
    if (late.length > EARLY_WRITE_THRESHOLD && early.length > 0) {
      const first = await writeWithEviction(
        store,
        { patientId, resources: early, source: fhir.serverUrl, fetchedAt: startedAt },
        startedAt,
      );
      earlyWritten = first.written;
      earlyEvicted.push(...first.evictedPatients);
      options.signal?.throwIfAborted();
    }
    const { written: lateWritten, evictedPatients: lateEvicted } = await writeWithEviction(
      store,
      {
        patientId,
        resources: earlyWritten > 0 ? late : chart.resources,
        source: fhir.serverUrl,
        fetchedAt: startedAt,
        deletions,
        checkpoints,
        syncedAt: startedAt,
        full: true,
      },
      startedAt,
    );
    return {
      patientId,
      phase: 'full',
      written: earlyWritten + lateWritten,
      deleted: deletions.length,
      missingTypes: [...missing],
      evictedPatients: [...new Set([...earlyEvicted, ...lateEvicted])],
    };
  }

  private async incremental(
    patientId: string,
    checkpoints: Map<string, string>,
    options: SyncOptions,
    report: (n: number, done: boolean) => void,
  ): Promise<SyncResult> {
    const { fhir, store } = this.options;
    const startedAt = this.now();
    const types = [...new Set(['Patient', ...INCREMENTAL_TYPES, ...checkpoints.keys()])].filter(
      (t) => SEARCHABLE.has(t),
    );
    // The monitoring sync's own checkpoints (`monitoring:*`) say nothing about other types.
    const oldest = [...checkpoints]
      .filter(([type]) => !type.startsWith(MONITORING_CHECKPOINT_PREFIX))
      .map(([, lastUpdated]) => lastUpdated)
      .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
    const result: SyncResult = {
      patientId,
      phase: 'incremental',
      written: 0,
      deleted: 0,
      missingTypes: [],
      evictedPatients: [],
    };
    const id = encodeURIComponent(patientId);
    for (const type of types) {
      const since = checkpoints.get(type) ?? oldest ?? this.fallbackCheckpoint(startedAt);
      const filter = type === 'Patient' ? `_id=${id}` : `patient=${id}`;
      const path = `${type}?${filter}&_lastUpdated=gt${encodeURIComponent(since)}&_count=${PAGE}`;
      let fetched: FhirResource[];
      try {
        fetched = await retrying(
          this.retryPolicy(),
          () =>
            fhir.fetchAll(path, {
              ...(options.signal ? { signal: options.signal } : {}),
              onPage: (n) => report(result.written + n, false),
            }),
          options.signal,
        );
      } catch (e) {
        if (!isTypeFailure(e)) throw e;
        result.missingTypes.push(type);
        continue;
      }
      fetched = fetched.filter((r) => !NOISE_TYPES.has(r.resourceType));
      const newest = maxLastUpdated(fetched, type);
      const next = newest && Date.parse(newest) > Date.parse(since) ? newest : since;
      options.signal?.throwIfAborted();
      const written = await writeWithEviction(
        store,
        {
          patientId,
          resources: fetched,
          source: fhir.serverUrl,
          fetchedAt: startedAt,
          checkpoints: { [type]: next },
        },
        startedAt,
      );
      result.written += written.written;
      result.evictedPatients.push(...written.evictedPatients);
    }
    if (!result.missingTypes.length) {
      await store.writeBatch({
        patientId,
        resources: [],
        source: fhir.serverUrl,
        fetchedAt: startedAt,
        syncedAt: startedAt,
      });
    }
    return result;
  }

  private monitoringRun: Promise<MonitoringSyncResult> | undefined;

  /**
   * Refreshes the monitored patients' home readings, alert tasks and feedback (see
   * monitoring-sync.ts); concurrent calls share one run.
   */
  syncMonitoring(signal?: AbortSignal): Promise<MonitoringSyncResult> {
    this.monitoringRun ??= syncMonitoredPatients(
      {
        fhir: this.options.fhir,
        store: this.options.store,
        now: this.now,
        retry: this.retryPolicy(),
        fallbackCheckpoint: (t) => this.fallbackCheckpoint(t),
      },
      signal,
    )
      .then(
        (result) => {
          this.options.outcomes?.reportSuccess();
          return result;
        },
        (error: unknown) => {
          this.options.outcomes?.reportFailure(error);
          throw error;
        },
      )
      .finally(() => {
        this.monitoringRun = undefined;
      });
    return this.monitoringRun;
  }

  /**
   * Background refresh: pinned patients first, then the most recently opened (within
   * `recentMs`, default 7 days), at most `maxPatients` (default 10), one at a time. Stops at
   * the first unreachable/unauthorized/aborted error (the rest would fail the same way).
   */
  async refreshRecentAndPinned(
    options: { maxPatients?: number; recentMs?: number; signal?: AbortSignal } = {},
  ): Promise<{ patientId: string; result?: SyncResult; error?: unknown }[]> {
    const now = this.now();
    const { patients } = this.options.store;
    const entries = (await patients.list()).filter(
      (e) => patients.isPinned(e, now) || e.lastOpenedAt >= now - (options.recentMs ?? 7 * DAY_MS),
    );
    entries.sort(
      (a, b) =>
        Number(patients.isPinned(b, now)) - Number(patients.isPinned(a, now)) ||
        b.lastOpenedAt - a.lastOpenedAt,
    );
    const out: { patientId: string; result?: SyncResult; error?: unknown }[] = [];
    for (const e of entries.slice(0, options.maxPatients ?? 10)) {
      try {
        out.push({
          patientId: e.patientId,
          result: await this.syncPatient(
            e.patientId,
            options.signal ? { signal: options.signal } : {},
          ),
        });
      } catch (error) {
        out.push({ patientId: e.patientId, error });
        if (!isTypeFailure(error)) break;
      }
    }
    return out;
  }
}
