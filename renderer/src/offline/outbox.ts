/**
 * The outbox: every write the app makes is stored here first (encrypted) and then sent with
 * its client-assigned id as `PUT <Type>/<id>` + `If-None-Match: *` (ARCHITECTURE.md data flow
 * 4). The server creates the resource once; a repeat after a lost response is answered 412
 * and counted as delivered, so a retry can never duplicate.
 *
 * Updates of resources others may edit too (thresholds, snooze Tasks) are versioned: `PUT` +
 * `If-Match: W/"<version read>"`. There a 412 means "our own earlier attempt landed, its answer
 * was lost" or "someone else changed it"; the resource is read to tell which (sync-retry
 * `putIfMatchSettled`). The first is delivered; the second is a *conflict*: failed, never
 * retried by itself, kept with the server's version so the feature can show both and let the
 * clinician re-apply their change (`resolveConflicts`). Nothing is dropped silently.
 *
 * States persist: pending → sending → sent | pending (retryable, with backoff) | failed (the
 * server rejected it, or a conflict; the reason is kept and `retry(id)` re-queues it). An
 * entry found in 'sending' at start belongs to a run that crashed: `recoverInterrupted()`
 * makes it pending.
 * @see https://hl7.org/fhir/R4/http.html#concurrency
 */
import { liveQuery } from 'dexie';
import type { FhirResource } from 'fhir/r4';
import type { CacheScope, OutboxEntry } from './contracts';
import { type CacheDb, type OutboxRow, outboxAad } from './db';
import { seal, unseal, type Keyring } from './record-crypto';
import { putIfMatchSettled, type OutboxWriter, type VersionedOutcome } from './sync-retry';

export type { OutboxWriter, VersionedWriter } from './sync-retry';

/** Someone else's change that overtook a versioned write (ours stays in the body, never lost). */
export interface OutboxConflict {
  detectedAt: number;
  /** The server's version when the conflict was found; absent when it had been deleted. */
  server?: FhirResource;
  /** When a view first showed (and audited) it: see {@link Outbox.markConflictNoticed}. */
  noticedAt?: number;
}

/** A write to queue. */
export interface OutboxInput {
  patientId: string;
  resource: FhirResource;
  label: string;
  /**
   * 'create' (default): `PUT` + `If-None-Match: *` at the client-assigned id, which is also the
   * entry id. 'replace': a whole-resource `PUT` of an existing resource (e.g. the Encounter at
   * the end of a consult). Its entry has its own id; write order keeps it behind its create.
   */
  mode?: 'create' | 'replace';
  /**
   * 'replace' only: a versioned update, `If-Match: W/"<ifMatch>"` (the `meta.versionId` the
   * change was built on). Without it a replace overwrites whatever the server holds.
   */
  ifMatch?: string;
  /** With `ifMatch`: top-level fields compared after a 412 (default: all but meta and text). */
  compare?: readonly string[];
  /** With `ifMatch`: the queued entry whose body this write was built on. */
  basedOn?: string;
  /** JSON the feature reads back after a conflict, e.g. the changes to re-apply. */
  intent?: unknown;
  /**
   * 'replace' only: names the entry, so a write that may be asked for again and again (closing
   * an expired snooze on every poll, from several tabs) is queued once per scope.
   */
  entryId?: string;
}

/** What an entry writes and how (decrypted). */
export interface OutboxDetails {
  body: FhirResource;
  mode: 'create' | 'replace';
  ifMatch?: string;
  basedOn?: string;
  intent?: unknown;
  /** Set while the entry is failed because someone else's change overtook it. */
  conflict?: OutboxConflict;
}

interface OutboxPayload extends Omit<OutboxDetails, 'mode'> {
  label: string;
  mode?: 'replace';
  compare?: string[];
}

/** An entry as listed; `conflict` marks a failed entry that someone else's change overtook. */
export type OutboxListEntry = OutboxEntry & { conflict?: true };

export interface OutboxOptions {
  now?: () => number;
  /** First retry delay (default 2 s), doubled per attempt up to `maxDelayMs` (5 min). */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface FlushReport {
  sent: string[];
  failed: string[];
  /** Still pending (network error, 5xx, 429, 401, 409); flushing stopped at the first. */
  deferred: string[];
  /** Versioned updates that met someone else's change (failed, with the server's version). */
  conflicts: string[];
}

const UNREADABLE_LABEL = '(unreadable — cache key lost)';

/** Outcome of one attempt from the HTTP status (`undefined` = no answer, network error). */
function classify(status: number | undefined): 'sent' | 'retry' | 'failed' {
  if (status === undefined) return 'retry';
  if ((status >= 200 && status < 300) || status === 412) return 'sent';
  if (status === 429 || status === 409 || status === 408 || status === 401 || status >= 500)
    return 'retry';
  return 'failed';
}

export class Outbox {
  private readonly now: () => number;

  constructor(
    private readonly db: CacheDb,
    private readonly scope: CacheScope,
    private readonly keyring: Keyring,
    private readonly options: OutboxOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  private rows() {
    return this.db.outbox
      .where('[serverId+userKey+createdAt]')
      .between(
        [this.scope.serverId, this.scope.userKey, 0],
        [this.scope.serverId, this.scope.userKey, Infinity],
      );
  }

  private async toEntry(row: OutboxRow): Promise<OutboxListEntry> {
    const payload = await this.payload(row);
    return {
      id: row.id,
      patientId: row.patientId,
      resourceType: row.resourceType,
      label: payload?.label ?? UNREADABLE_LABEL,
      state: row.state,
      createdAt: row.createdAt,
      attempts: row.attempts,
      ...(row.sentAt === undefined ? {} : { sentAt: row.sentAt }),
      ...(row.lastError === undefined ? {} : { lastError: row.lastError }),
      ...(row.state === 'failed' && payload?.conflict ? { conflict: true as const } : {}),
    };
  }

  private async payload(row: OutboxRow): Promise<OutboxPayload | undefined> {
    try {
      return (await unseal(
        this.keyring,
        outboxAad(row.serverId, row.userKey, row.id),
        row,
      )) as OutboxPayload;
    } catch {
      return undefined;
    }
  }

  private sealPayload(id: string, payload: OutboxPayload) {
    return seal(this.keyring, outboxAad(this.scope.serverId, this.scope.userKey, id), payload);
  }

  /** Changes a row by get + put (Collection.modify would deep-clone the ciphertext). */
  private patch(id: string, changes: Partial<OutboxRow>): Promise<void> {
    return this.db.transaction('rw', this.db.outbox, async () => {
      const row = await this.db.outbox.get(id);
      if (row) await this.db.outbox.put({ ...row, ...changes });
    });
  }

  /** The row id of a write: the resource id (create), the scoped name, or a random id. */
  private entryIdOf(input: OutboxInput): string {
    if (!input.resource.id) throw new Error('Outbox entries need a client-assigned resource id');
    if ((input.mode ?? 'create') === 'create') {
      if (input.ifMatch !== undefined || input.entryId !== undefined)
        throw new Error('ifMatch and entryId apply to replace entries only');
      return input.resource.id;
    }
    return input.entryId !== undefined
      ? `${input.entryId}|${this.scope.serverId}|${this.scope.userKey}`
      : globalThis.crypto.randomUUID();
  }

  /**
   * Deletes `remove` and adds `input` (if any) at the end of the write order, in one
   * transaction; rejects, changing nothing, if a row to remove was sent again since it was read.
   * An entry that exists already under the same id is returned instead of a second one.
   */
  private async commit(
    input: OutboxInput | undefined,
    remove: ReadonlyMap<string, OutboxRow> = new Map(),
  ): Promise<OutboxRow | undefined> {
    const id = input && this.entryIdOf(input);
    const sealed =
      input && id !== undefined
        ? await this.sealPayload(id, {
            label: input.label,
            body: input.resource,
            ...(input.mode === 'replace' ? { mode: input.mode } : {}),
            ...(input.ifMatch !== undefined ? { ifMatch: input.ifMatch } : {}),
            ...(input.compare !== undefined ? { compare: [...input.compare] } : {}),
            ...(input.basedOn !== undefined ? { basedOn: input.basedOn } : {}),
            ...(input.intent !== undefined ? { intent: input.intent } : {}),
          })
        : undefined;
    return this.db.transaction('rw', this.db.outbox, async () => {
      for (const [rid, before] of remove) {
        // Same state and attempt count: not retried (and perhaps overtaken anew) meanwhile.
        const row = await this.db.outbox.get(rid);
        if (row?.state !== before.state || row.attempts !== before.attempts)
          throw new Error(`Outbox entry ${rid} changed while it was being resolved`);
      }
      await this.db.outbox.bulkDelete([...remove.keys()]);
      if (!input || id === undefined || !sealed) return undefined;
      const existing = await this.db.outbox.get(id);
      if (existing) return existing;
      const last = await this.rows().last();
      const now = this.now();
      const row: OutboxRow = {
        ...this.scope,
        ...sealed,
        id,
        patientId: input.patientId,
        resourceType: input.resource.resourceType,
        state: 'pending',
        createdAt: Math.max(now, (last?.createdAt ?? 0) + 1),
        attempts: 0,
        nextAttemptAt: now,
      };
      await this.db.outbox.add(row);
      return row;
    });
  }

  /**
   * Stores a write. The resource must carry its client-assigned id (`crypto.randomUUID()`),
   * which becomes the id on the server. `createdAt` is kept strictly increasing so entries
   * are sent in the order they were written. With `entryId`, an entry already queued under
   * that name is returned instead, whatever its state (nothing is sealed or written then).
   */
  async enqueue(input: OutboxInput): Promise<OutboxListEntry> {
    const named = input.entryId !== undefined && (await this.db.outbox.get(this.entryIdOf(input)));
    const row = named || (await this.commit(input));
    if (!row) throw new Error('The outbox entry was not stored');
    return this.toEntry(row);
  }

  /** Entries of the scope in write order, optionally for one patient. */
  async list(patientId?: string): Promise<OutboxListEntry[]> {
    const rows = await this.rows().toArray();
    return Promise.all(
      rows.filter((r) => !patientId || r.patientId === patientId).map((r) => this.toEntry(r)),
    );
  }

  /**
   * Emits the scope's entries now and on every change (liveQuery; decryption of labels runs
   * outside the query, and a stale result never overtakes a newer one). Returns unsubscribe.
   */
  watch(
    onChange: (entries: OutboxListEntry[]) => void,
    onError: (e: unknown) => void = () => undefined,
  ): () => void {
    let seq = 0;
    const subscription = liveQuery(() => this.rows().toArray()).subscribe({
      next: (rows) => {
        const mine = ++seq;
        Promise.all(rows.map((r) => this.toEntry(r))).then((entries) => {
          if (mine === seq) onChange(entries);
        }, onError);
      },
      error: onError,
    });
    return () => {
      seq = -1;
      subscription.unsubscribe();
    };
  }

  /** The resource an entry will write (undefined when its key was lost). */
  async body(id: string): Promise<FhirResource | undefined> {
    return (await this.details(id))?.body;
  }

  /** What an entry writes and how (undefined when it is gone or its key was lost). */
  async details(id: string): Promise<OutboxDetails | undefined> {
    const row = await this.db.outbox.get(id);
    const p = row && (await this.payload(row));
    if (!p) return undefined;
    return {
      body: p.body,
      mode: p.mode ?? 'create',
      ...(p.ifMatch !== undefined ? { ifMatch: p.ifMatch } : {}),
      ...(p.basedOn !== undefined ? { basedOn: p.basedOn } : {}),
      ...(p.intent !== undefined ? { intent: p.intent } : {}),
      ...(row.state === 'failed' && p.conflict ? { conflict: p.conflict } : {}),
    };
  }

  /**
   * Settles conflicts the clinician decided on: removes the conflicted entries and, when they
   * chose to re-apply their change, queues `replacement` (built on the server's version) — in
   * one transaction, so the change is never in neither place. Rejects, changing nothing, when
   * an entry is no longer the conflict the clinician saw (retried or resolved meanwhile).
   */
  async resolveConflicts(
    ids: readonly string[],
    replacement?: OutboxInput,
  ): Promise<OutboxListEntry | undefined> {
    const seen = new Map<string, OutboxRow>();
    for (const id of ids) {
      const row = await this.db.outbox.get(id);
      if (row?.state !== 'failed' || !(await this.payload(row))?.conflict)
        throw new Error(`Outbox entry ${id} is not an unresolved conflict`);
      seen.set(id, row);
    }
    const row = await this.commit(replacement, seen);
    return row && this.toEntry(row);
  }

  /**
   * Marks a conflict as shown (and audited) by a view. Resolves true for exactly one caller
   * per conflict, also across tabs: the row is only rewritten if it is still the one read.
   */
  async markConflictNoticed(id: string): Promise<boolean> {
    const before = await this.db.outbox.get(id);
    const payload = before && (await this.payload(before));
    if (!payload?.conflict || payload.conflict.noticedAt !== undefined) return false;
    const conflict = { ...payload.conflict, noticedAt: this.now() };
    const sealed = await this.sealPayload(id, { ...payload, conflict });
    return this.db.transaction('rw', this.db.outbox, async () => {
      const row = await this.db.outbox.get(id);
      if (!row || !before || !sameBytes(row.iv, before.iv)) return false;
      await this.db.outbox.put({ ...row, ...sealed });
      return true;
    });
  }

  /** At start: entries left in 'sending' by a crashed run become pending. Returns the count. */
  recoverInterrupted(): Promise<number> {
    return this.rows()
      .filter((r) => r.state === 'sending')
      .modify({ state: 'pending', nextAttemptAt: 0 });
  }

  /**
   * Re-queues a failed entry now (the "Retry" button). Entries whose key was lost stay failed.
   * A retried conflict is checked against the server again.
   */
  async retry(id: string): Promise<void> {
    await this.db.transaction('rw', this.db.outbox, async () => {
      const row = await this.db.outbox.get(id);
      if (row?.state !== 'failed' || row.keyLost) return;
      await this.db.outbox.put({ ...row, state: 'pending', nextAttemptAt: 0 });
    });
  }

  /** Claims an entry for sending, unless another run (tab) already did. */
  private claim(id: string): Promise<boolean> {
    return this.db.transaction('rw', this.db.outbox, async () => {
      const row = await this.db.outbox.get(id);
      if (row?.state !== 'pending') return false;
      await this.db.outbox.put({ ...row, state: 'sending' });
      return true;
    });
  }

  /** One attempt: the plain writes, or a versioned update settled after a 412. */
  private async send(
    writer: OutboxWriter,
    row: OutboxRow,
    payload: OutboxPayload,
    signal: AbortSignal | undefined,
  ): Promise<VersionedOutcome> {
    const id = payload.body.id ?? row.id;
    if (payload.mode === 'replace' && payload.ifMatch !== undefined) {
      // The entry it was built on, once delivered: the version may have moved because of us.
      const base =
        payload.basedOn === undefined ? undefined : await this.db.outbox.get(payload.basedOn);
      const predecessor = base?.state === 'sent' ? (await this.payload(base))?.body : undefined;
      const req = { type: row.resourceType, id, body: payload.body, ifMatch: payload.ifMatch };
      return putIfMatchSettled(writer, { ...req, compare: payload.compare, predecessor }, signal);
    }
    const answer =
      payload.mode === 'replace'
        ? await writer.put(row.resourceType, id, payload.body, signal)
        : await writer.putIfNoneMatch(row.resourceType, row.id, payload.body, signal);
    return { kind: 'answer', ...answer };
  }

  /** Keeps a conflicted write with the server's version, failed (never retried by itself). */
  private async markConflict(
    row: OutboxRow,
    payload: OutboxPayload,
    server: FhirResource | undefined,
    attempts: number,
  ): Promise<void> {
    const conflict = { detectedAt: this.now(), ...(server ? { server } : {}) };
    const sealed = await this.sealPayload(row.id, { ...payload, conflict });
    const ref = `${row.resourceType}/${payload.body.id ?? row.id}`;
    const version = server?.meta?.versionId;
    const lastError = server
      ? `Not applied: ${ref} was changed on the server by someone else${version ? ` (now version ${version})` : ''}. Review the change and apply it again.`
      : `Not applied: ${ref} was deleted on the server.`;
    await this.patch(row.id, { ...sealed, state: 'failed', attempts, lastError });
  }

  /**
   * Sends pending entries in write order. Stops at the first entry that must wait (backing off,
   * or the server is unreachable or busy: later ones would fail the same way, and order is kept);
   * a rejected or conflicted entry is marked failed and sending continues. `force` ignores
   * backoff (e.g. connectivity just came back).
   */
  async flush(
    writer: OutboxWriter,
    options: { signal?: AbortSignal; force?: boolean } = {},
  ): Promise<FlushReport> {
    const report: FlushReport = { sent: [], failed: [], deferred: [], conflicts: [] };
    const now = this.now();
    const pending = (await this.rows().toArray()).filter((r) => r.state === 'pending');
    for (const row of pending) {
      // In order: an entry still backing off holds back the ones written after it.
      if (options.signal?.aborted || (!options.force && row.nextAttemptAt > now)) break;
      const payload = await this.payload(row);
      if (!payload) {
        await this.patch(row.id, {
          state: 'failed',
          lastError: 'cache key lost — write again',
          keyLost: true,
        });
        report.failed.push(row.id);
        continue;
      }
      if (!(await this.claim(row.id))) continue;
      let result: VersionedOutcome;
      try {
        result = await this.send(writer, row, payload, options.signal);
      } catch (e) {
        result = { kind: 'answer', outcome: e instanceof Error ? e.message : String(e) };
      }
      const attempts = row.attempts + 1;
      if (result.kind === 'unsupported') {
        await this.patch(row.id, { state: 'failed', attempts, lastError: result.reason });
        report.failed.push(row.id);
        continue;
      }
      if (result.kind === 'conflict') {
        await this.markConflict(row, payload, result.server, attempts);
        report.conflicts.push(row.id);
        continue;
      }
      const { status, outcome } =
        result.kind === 'sent' ? { status: 200, outcome: undefined } : result;
      const verdict = classify(status);
      const at = this.now();
      if (verdict === 'sent') {
        await this.patch(row.id, { state: 'sent', sentAt: at, attempts });
        report.sent.push(row.id);
        continue;
      }
      const lastError = describe(status, outcome);
      if (verdict === 'failed') {
        await this.patch(row.id, { state: 'failed', attempts, lastError });
        report.failed.push(row.id);
        continue;
      }
      const delay = Math.min(
        (this.options.baseDelayMs ?? 2000) * 2 ** (attempts - 1),
        this.options.maxDelayMs ?? 300_000,
      );
      await this.patch(row.id, {
        state: 'pending',
        attempts,
        lastError,
        nextAttemptAt: at + delay,
      });
      report.deferred.push(row.id);
      break;
    }
    return report;
  }
}

/**
 * Whether two stored IVs are the same bytes (a rewritten row has a fresh random IV). A typed
 * array from another realm (jsdom in DOM tests) can come back as a plain indexed object.
 */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  const bytes = (v: Uint8Array): number[] =>
    ArrayBuffer.isView(v) ? Array.from(v) : Object.values(v as unknown as Record<string, number>);
  const x = bytes(a);
  const y = bytes(b);
  return x.length > 0 && x.length === y.length && x.every((v, i) => v === y[i]);
}

function describe(status: number | undefined, outcome: string | undefined): string {
  if (status === undefined)
    return `Not sent: the server could not be reached${outcome ? ` (${outcome})` : ''}.`;
  const text = outcome ? `: ${outcome}` : '';
  if (status === 401) return 'Not sent yet: sign in again to send it.';
  return `The server answered ${status}${text}`;
}
