/**
 * Contracts of the offline layer (issue: offline-first records). Three parts meet here:
 * - the encrypted store (`RecordStore`): Dexie tables, AES-GCM bodies, HMAC'd code index;
 * - the sync engine and the outbox, the only code that talks to the FHIR server;
 * - the views, which read only from the store (live queries) and write only to the outbox.
 * Everything is scoped to one `CacheScope` (server + user): another user on the same
 * workstation has other keys and sees none of it.
 */
import type { FhirResource } from 'fhir/r4';

export interface CacheScope {
  /** Server config id (FhirServerConfig.id). */
  serverId: string;
  /** Stable user key for that server (fhirUser reference, or token `sub`). */
  userKey: string;
}

/** A resource as the views get it: decrypted, with where and when it came from. */
export interface CachedResource<T extends FhirResource = FhirResource> {
  resource: T;
  /** When this copy was written into the cache (epoch ms). */
  fetchedAt: number;
  /** The server's `meta.lastUpdated`, when it sent one. */
  lastUpdated?: string;
  /** FHIR base URL it came from. */
  source: string;
}

/** A row whose ciphertext failed authentication (tampered or wrong key). */
export interface UnreadableRecord {
  type: string;
  id: string;
  reason: string;
}

export interface PatientCacheEntry {
  patientId: string;
  /** Last time the clinician opened the chart (epoch ms). */
  lastOpenedAt: number;
  /** Last successful full or incremental sync (epoch ms); undefined = never synced. */
  syncedAt?: number;
  /** Pinned for offline until this time (epoch ms). */
  pinnedUntil?: number;
}

export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed';

export interface OutboxEntry {
  /** Client-assigned id; also the FHIR resource id the write creates (PUT Type/id). */
  id: string;
  patientId: string;
  resourceType: string;
  /** Short label for the list, e.g. the note's first line (kept encrypted at rest). */
  label: string;
  state: OutboxState;
  createdAt: number;
  attempts: number;
  sentAt?: number;
  /** Why the last attempt failed, in words a clinician can read. */
  lastError?: string;
}

/** Progress of a sync the UI can show with counts and cancel. */
export interface SyncProgress {
  patientId: string;
  phase: 'full' | 'incremental';
  resources: number;
  done: boolean;
  error?: string;
}

/** Extra fields of a patient entry the sync engine keeps (see {@link PatientCacheEntry}). */
export interface PatientSyncEntry extends PatientCacheEntry {
  /** Last successful full sync (epoch ms); drives periodic deletion detection. */
  fullSyncedAt?: number;
}

/** A resource's identity in the cache, with its version for change/deletion detection. */
export interface CachedVersion {
  type: string;
  id: string;
  versionId?: string;
  lastUpdated?: string;
}

/** What the views get for one patient: readable resources and the rows that failed. */
export interface PatientView {
  resources: CachedResource[];
  unreadable: UnreadableRecord[];
}

/**
 * The one write the outbox needs: `PUT [base]/<type>/<id>` with `If-None-Match: *`.
 * Implemented by the lead over the authenticated fetch. Contract:
 * - resolves with the HTTP status for every HTTP answer (201/200 created, 412 already exists,
 *   4xx/5xx otherwise) and `outcome` = the OperationOutcome's text when the body had one;
 * - rejects only when no HTTP answer came (network failure, abort).
 * @see https://hl7.org/fhir/R4/http.html#cond-update
 */
export interface FhirWriter {
  putIfNoneMatch(
    type: string,
    id: string,
    body: FhirResource,
    signal?: AbortSignal,
  ): Promise<{ status: number; outcome?: string }>;
  put(
    type: string,
    id: string,
    body: FhirResource,
    signal?: AbortSignal,
  ): Promise<{ status: number; outcome?: string }>;
}

/** What happened to a scope's cache when its key was opened (shown once as a message). */
export interface KeyringReport {
  /** True when rows of this scope were discarded because their key was missing or wrong. */
  discarded: boolean;
  reason?: string;
  /** Resource rows removed. */
  removedResources: number;
  /** Unsent outbox entries kept but marked failed ('cache key lost — write again'). */
  outboxMarkedFailed: number;
  /** The key lives only for this session (no safe OS storage): the cache is dropped at next start. */
  sessionOnly: boolean;
}

/** Result of a write that needed room: which patients' cached charts were evicted for it. */
export interface EvictionReport {
  evictedPatients: string[];
}
