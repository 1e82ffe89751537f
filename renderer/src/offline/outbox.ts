/**
 * The outbox: every write the app makes is stored here first (encrypted) and then sent with
 * its client-assigned id as `PUT <Type>/<id>` + `If-None-Match: *` (ARCHITECTURE.md data flow
 * 4). The server creates the resource once; a repeat after a lost response is answered 412
 * and counted as delivered, so a retry can never duplicate.
 *
 * States persist: pending → sending → sent | pending (retryable, with backoff) | failed (the
 * server rejected it; the reason is kept and `retry(id)` re-queues it). An entry found in
 * 'sending' at start belongs to a run that crashed: `recoverInterrupted()` makes it pending.
 * @see https://hl7.org/fhir/R4/http.html#concurrency
 */
import { liveQuery } from 'dexie';
import type { FhirResource } from 'fhir/r4';
import type { CacheScope, FhirWriter, OutboxEntry } from './contracts';
import { type CacheDb, type OutboxRow, outboxAad } from './db';
import { seal, unseal, type Keyring } from './record-crypto';

interface OutboxPayload {
  label: string;
  body: FhirResource;
  /**
   * 'create' (default): `PUT` + `If-None-Match: *` at the client-assigned id, which is also the
   * entry id. 'replace': a whole-resource `PUT` of an existing resource (e.g. the Encounter at
   * the end of a consult); idempotent, so a retry writes the same state again. Its entry has
   * its own id, and write order keeps it behind the create it updates.
   */
  mode?: 'create' | 'replace';
}

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

  private async toEntry(row: OutboxRow): Promise<OutboxEntry> {
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

  /**
   * Stores a write. The resource must carry its client-assigned id (`crypto.randomUUID()`),
   * which becomes the id on the server. `createdAt` is kept strictly increasing so entries
   * are sent in the order they were written.
   */
  async enqueue(input: {
    patientId: string;
    resource: FhirResource;
    label: string;
    mode?: 'create' | 'replace';
  }): Promise<OutboxEntry> {
    const resourceId = input.resource.id;
    if (!resourceId) throw new Error('Outbox entries need a client-assigned resource id');
    const mode = input.mode ?? 'create';
    const id = mode === 'create' ? resourceId : globalThis.crypto.randomUUID();
    const sealed = await seal(
      this.keyring,
      outboxAad(this.scope.serverId, this.scope.userKey, id),
      {
        label: input.label,
        body: input.resource,
        ...(mode === 'replace' ? { mode } : {}),
      } satisfies OutboxPayload,
    );
    const row = await this.db.transaction('rw', this.db.outbox, async () => {
      const last = await this.rows().last();
      const now = this.now();
      const createdAt = Math.max(now, (last?.createdAt ?? 0) + 1);
      const row: OutboxRow = {
        ...this.scope,
        ...sealed,
        id,
        patientId: input.patientId,
        resourceType: input.resource.resourceType,
        state: 'pending',
        createdAt,
        attempts: 0,
        nextAttemptAt: now,
      };
      await this.db.outbox.add(row);
      return row;
    });
    return this.toEntry(row);
  }

  /** Entries of the scope in write order, optionally for one patient. */
  async list(patientId?: string): Promise<OutboxEntry[]> {
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
    onChange: (entries: OutboxEntry[]) => void,
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
    const row = await this.db.outbox.get(id);
    return row && (await this.payload(row))?.body;
  }

  /** At start: entries left in 'sending' by a crashed run become pending. Returns the count. */
  recoverInterrupted(): Promise<number> {
    return this.rows()
      .filter((r) => r.state === 'sending')
      .modify({ state: 'pending', nextAttemptAt: 0 });
  }

  /** Re-queues a failed entry now (the "Retry" button). Entries whose key was lost stay failed. */
  async retry(id: string): Promise<void> {
    // get + put rather than Collection.modify: modify deep-clones the row in JS, which is
    // needless work on the ciphertext (and breaks binary fields under jsdom in DOM tests).
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
      await this.db.outbox.update(id, { state: 'sending' });
      return true;
    });
  }

  /**
   * Sends pending entries in write order. Stops at the first entry that must wait (backing off,
   * or the server is unreachable or busy: later ones would fail the same way, and order is kept);
   * a rejected entry is marked failed and sending continues. `force` ignores backoff (e.g.
   * connectivity just came back).
   */
  async flush(
    writer: FhirWriter,
    options: { signal?: AbortSignal; force?: boolean } = {},
  ): Promise<FlushReport> {
    const report: FlushReport = { sent: [], failed: [], deferred: [] };
    const now = this.now();
    const pending = (await this.rows().toArray()).filter((r) => r.state === 'pending');
    for (const row of pending) {
      // In order: an entry still backing off holds back the ones written after it.
      if (options.signal?.aborted || (!options.force && row.nextAttemptAt > now)) break;
      const payload = await this.payload(row);
      if (!payload) {
        await this.db.outbox.update(row.id, {
          state: 'failed',
          lastError: 'cache key lost — write again',
          keyLost: true,
        });
        report.failed.push(row.id);
        continue;
      }
      if (!(await this.claim(row.id))) continue;
      let status: number | undefined;
      let outcome: string | undefined;
      try {
        ({ status, outcome } =
          payload.mode === 'replace'
            ? await writer.put(
                row.resourceType,
                payload.body.id ?? row.id,
                payload.body,
                options.signal,
              )
            : await writer.putIfNoneMatch(row.resourceType, row.id, payload.body, options.signal));
      } catch (e) {
        outcome = e instanceof Error ? e.message : String(e);
      }
      const attempts = row.attempts + 1;
      const verdict = classify(status);
      const at = this.now();
      if (verdict === 'sent') {
        await this.db.outbox.update(row.id, { state: 'sent', sentAt: at, attempts });
        report.sent.push(row.id);
        continue;
      }
      const lastError = describe(status, outcome);
      if (verdict === 'failed') {
        await this.db.outbox.update(row.id, { state: 'failed', attempts, lastError });
        report.failed.push(row.id);
        continue;
      }
      const delay = Math.min(
        (this.options.baseDelayMs ?? 2000) * 2 ** (attempts - 1),
        this.options.maxDelayMs ?? 300_000,
      );
      await this.db.outbox.update(row.id, {
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

function describe(status: number | undefined, outcome: string | undefined): string {
  if (status === undefined)
    return `Not sent: the server could not be reached${outcome ? ` (${outcome})` : ''}.`;
  const text = outcome ? `: ${outcome}` : '';
  if (status === 401) return 'Not sent yet: sign in again to send it.';
  return `The server answered ${status}${text}`;
}
