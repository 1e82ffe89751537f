import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../../../shared/audit/audit-entry';
import { AUDIT_DB_NAME, IndexedDbAuditLog } from './indexeddb-audit-log';
import { MemoryAuditLog } from './memory-audit-log';

function entry(n: number, user = 'Practitioner/dr-a'): AuditEntry {
  return {
    id: `3f1e2d4c-5b6a-4789-9abc-${String(n).padStart(12, '0')}`,
    recorded: '2026-11-22T14:05:00+01:00',
    action: 'feedback-sent',
    outcome: 'success',
    user: { reference: user, display: 'Dr. A' },
    serverId: 'sandbox',
    patient: { reference: 'Patient/p1' },
    entity: { reference: `Communication/c${String(n)}`, type: 'Communication' },
  };
}

/** Reads every stored record straight from IndexedDB, bypassing the class. */
function rawRecords(idb: IDBFactory): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const open = idb.open(AUDIT_DB_NAME);
    open.onerror = () => reject(open.error ?? new Error('open failed'));
    open.onsuccess = () => {
      const request = open.result.transaction('entries').objectStore('entries').getAll();
      request.onsuccess = () => {
        open.result.close();
        resolve(request.result);
      };
    };
  });
}

/** Puts a record the class would never write (damage, another version's bug). */
function putRaw(idb: IDBFactory, record: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = idb.open(AUDIT_DB_NAME);
    open.onsuccess = () => {
      const tx = open.result.transaction('entries', 'readwrite');
      tx.objectStore('entries').add(record);
      tx.oncomplete = () => {
        open.result.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error ?? new Error('add failed'));
    };
  });
}

describe('IndexedDbAuditLog', () => {
  it('adds entries to cw-audit and lists them newest first', async () => {
    const idb = new IDBFactory();
    const log = new IndexedDbAuditLog(idb);
    await log.append(entry(1));
    await log.append(entry(2));
    await log.append(entry(3));
    expect((await log.list()).map((e) => e.id)).toEqual([entry(3).id, entry(2).id, entry(1).id]);
    expect(await rawRecords(idb)).toEqual([
      { seq: 1, user: 'Practitioner/dr-a', entry: entry(1) },
      { seq: 2, user: 'Practitioner/dr-a', entry: entry(2) },
      { seq: 3, user: 'Practitioner/dr-a', entry: entry(3) },
    ]);
  });

  it('keeps the trail across instances (a reload) and filters by clinician, newest first', async () => {
    const idb = new IDBFactory();
    const first = new IndexedDbAuditLog(idb);
    for (let i = 1; i <= 5; i += 1) {
      await first.append(entry(i, i % 2 === 0 ? 'Practitioner/dr-b' : 'Practitioner/dr-a'));
    }
    const reloaded = new IndexedDbAuditLog(idb);
    expect((await reloaded.list({ userReference: 'Practitioner/dr-a' })).map((e) => e.id)).toEqual([
      entry(5).id,
      entry(3).id,
      entry(1).id,
    ]);
    expect(
      (await reloaded.list({ userReference: 'Practitioner/dr-b', limit: 1 })).map((e) => e.id),
    ).toEqual([entry(4).id]);
    expect((await reloaded.list({ limit: 2 })).map((e) => e.id)).toEqual([
      entry(5).id,
      entry(4).id,
    ]);
  });

  it('appends the same entry twice as two records (append-only, nothing replaced)', async () => {
    const idb = new IDBFactory();
    const log = new IndexedDbAuditLog(idb);
    await log.append(entry(1));
    await log.append(entry(1));
    expect(await rawRecords(idb)).toHaveLength(2);
  });

  it('refuses an invalid entry and stores nothing', async () => {
    const idb = new IDBFactory();
    const log = new IndexedDbAuditLog(idb);
    await expect(log.append({ ...entry(1), recorded: '22.11.2026' })).rejects.toThrow(
      'Invalid audit entry at recorded',
    );
    expect(await log.list()).toEqual([]);
  });

  it('skips and reports unreadable records', async () => {
    const idb = new IDBFactory();
    const warn = vi.fn();
    const log = new IndexedDbAuditLog(idb, warn);
    await log.append(entry(1));
    await putRaw(idb, { user: 'Practitioner/dr-a', entry: { id: 'x' } });
    await putRaw(idb, { user: 'Practitioner/dr-a' });
    await log.append(entry(2));
    expect((await log.list()).map((e) => e.id)).toEqual([entry(2).id, entry(1).id]);
    expect(warn).toHaveBeenCalledExactlyOnceWith(
      '[audit] skipped 2 unreadable entries in cw-audit',
    );
  });

  it('rejects clearly without IndexedDB, and works once it is there', async () => {
    const log = new IndexedDbAuditLog(undefined);
    await expect(log.append(entry(1))).rejects.toThrow(
      'IndexedDB is not available: the local audit trail cannot be kept',
    );
    await expect(log.list()).rejects.toThrow(/not available/);
  });
});

describe('MemoryAuditLog', () => {
  it('follows the same rules: validated, newest first, filtered, limited, not editable', async () => {
    const log = new MemoryAuditLog();
    await log.append(entry(1));
    await log.append(entry(2, 'Practitioner/dr-b'));
    await log.append(entry(3));
    await expect(log.append({ ...entry(4), action: 'nope' as never })).rejects.toThrow(/Invalid/);
    expect((await log.list({ userReference: 'Practitioner/dr-a' })).map((e) => e.id)).toEqual([
      entry(3).id,
      entry(1).id,
    ]);
    expect((await log.list({ limit: 1 })).map((e) => e.id)).toEqual([entry(3).id]);
    const [newest] = await log.list();
    const [oldest] = log.entries;
    if (!newest || !oldest) throw new Error('entries expected');
    newest.action = 'signed-out';
    oldest.action = 'signed-out';
    expect((await log.list())[0]?.action).toBe('feedback-sent');
    expect(log.entries.map((e) => e.id)).toEqual([entry(1).id, entry(2).id, entry(3).id]);
  });
});
