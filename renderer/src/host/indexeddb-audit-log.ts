/**
 * The browser host's local audit trail (issue 7 item 4): an IndexedDB database `cw-audit`
 * with one object store that is only ever added to. Entries get an auto-incremented key, so
 * the store's order is the order they were recorded in; an index on the clinician's
 * reference serves "my audit trail" without reading everyone's.
 *
 * Kept apart from the encrypted record cache (renderer/src/offline): wiping the cache on
 * sign-out must not take the audit trail with it.
 * @see https://www.w3.org/TR/IndexedDB/
 */
import { auditEntrySchema, type AuditEntry } from '../../../shared/audit/audit-entry';
import { DEFAULT_AUDIT_LIST_LIMIT, MAX_AUDIT_LIST_LIMIT } from '../../../shared/ipc/contract';
import type { AuditListOptions, AuditLog } from './Host';

export const AUDIT_DB_NAME = 'cw-audit';
const AUDIT_DB_VERSION = 1;
const STORE = 'entries';
const BY_USER = 'by-user';

/** One stored record: the entry, and its clinician's reference for the index. */
interface StoredAuditRecord {
  seq?: number;
  user: string;
  entry: AuditEntry;
}

export class IndexedDbAuditLog implements AuditLog {
  private database: Promise<IDBDatabase> | undefined;

  constructor(
    private readonly indexedDB: IDBFactory | undefined,
    private readonly warn: (message: string) => void = (message) => console.warn(message),
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    const parsed = auditEntrySchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
      throw new Error(`Invalid audit entry at ${where}: ${issue?.message ?? 'invalid'}`);
    }
    const db = await this.open();
    const record: StoredAuditRecord = { user: parsed.data.user.reference, entry: parsed.data };
    await new Promise<void>((resolve, reject) => {
      // 'strict': the entry is on disk when the promise resolves, as with the Electron file.
      const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' });
      // add(), never put(): an existing record can never be replaced through this store.
      tx.objectStore(STORE).add(record);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('Could not record the audit entry'));
      tx.onabort = () => reject(tx.error ?? new Error('Recording the audit entry was aborted'));
    });
  }

  async list(options: AuditListOptions = {}): Promise<AuditEntry[]> {
    const limit = Math.min(options.limit ?? DEFAULT_AUDIT_LIST_LIMIT, MAX_AUDIT_LIST_LIMIT);
    const db = await this.open();
    return new Promise<AuditEntry[]>((resolve, reject) => {
      const tx = db.transaction(STORE, 'readonly');
      const store = tx.objectStore(STORE);
      const request =
        options.userReference === undefined
          ? store.openCursor(null, 'prev')
          : // Within one key an index cursor runs in primary-key order: 'prev' is newest first.
            store.index(BY_USER).openCursor(options.userReference, 'prev');
      const entries: AuditEntry[] = [];
      let unreadable = 0;
      request.onsuccess = () => {
        const cursor = request.result;
        if (!cursor) return;
        const parsed = auditEntrySchema.safeParse(
          (cursor.value as Partial<StoredAuditRecord> | undefined)?.entry,
        );
        if (parsed.success) entries.push(parsed.data);
        else unreadable += 1;
        if (entries.length < limit) cursor.continue();
      };
      tx.oncomplete = () => {
        if (unreadable > 0) {
          this.warn(
            `[audit] skipped ${String(unreadable)} unreadable entr${unreadable === 1 ? 'y' : 'ies'} in ${AUDIT_DB_NAME}`,
          );
        }
        resolve(entries);
      };
      tx.onerror = () => reject(tx.error ?? new Error('Could not read the audit trail'));
      tx.onabort = () => reject(tx.error ?? new Error('Reading the audit trail was aborted'));
    });
  }

  /** Opens (and on first use creates) the database; a failed open is retried next time. */
  private open(): Promise<IDBDatabase> {
    this.database ??= new Promise<IDBDatabase>((resolve, reject) => {
      if (!this.indexedDB) {
        reject(new Error('IndexedDB is not available: the local audit trail cannot be kept'));
        return;
      }
      const request = this.indexedDB.open(AUDIT_DB_NAME, AUDIT_DB_VERSION);
      request.onupgradeneeded = () => {
        const store = request.result.createObjectStore(STORE, {
          keyPath: 'seq',
          autoIncrement: true,
        });
        store.createIndex(BY_USER, 'user');
      };
      request.onsuccess = () => {
        const db = request.result;
        // Another tab upgrading the schema: let it, and reopen on the next call.
        db.onversionchange = () => {
          db.close();
          this.database = undefined;
        };
        resolve(db);
      };
      request.onerror = () => reject(request.error ?? new Error(`Cannot open ${AUDIT_DB_NAME}`));
      request.onblocked = () =>
        reject(new Error(`${AUDIT_DB_NAME} is blocked by another tab of the workstation`));
    }).catch((error: unknown) => {
      this.database = undefined;
      throw error;
    });
    return this.database;
  }
}
