import { describe, expect, it } from 'vitest';
import type { Observation } from 'fhir/r4';
import { BrowserKeyStorage, openKeyring, secretName, WrappedKeyStorage } from './keys';
import { RecordStore } from './record-store';
import { FakeSecrets, freshDb, scopeA, scopeB } from './test-fakes';
import { KEY_LOST_REASON, wipeScope } from './scope-data';
import { seal } from './record-crypto';
import { outboxAad } from './db';

const obs: Observation = {
  resourceType: 'Observation',
  id: 'o1',
  status: 'final',
  code: { text: 'x' },
};

async function seedOutbox(
  db: ReturnType<typeof freshDb>,
  id: string,
  state: 'pending' | 'sent',
  keyring: Awaited<ReturnType<typeof openKeyring>>['keyring'],
  resourceType = 'DocumentReference',
) {
  const sealed = await seal(keyring, outboxAad(scopeA.serverId, scopeA.userKey, id), {
    label: 'n',
    body: {},
  });
  await db.outbox.put({
    ...scopeA,
    ...sealed,
    id,
    patientId: 'p1',
    resourceType,
    state,
    createdAt: 1,
    attempts: 0,
    nextAttemptAt: 1,
  });
}

describe('openKeyring', () => {
  it('browser storage: creates non-extractable keys once and reopens the same keys', async () => {
    const db = freshDb();
    const first = await openKeyring(db, scopeA, new BrowserKeyStorage());
    expect(first.report.discarded).toBe(false);
    expect(first.keyring.aes.extractable).toBe(false);
    expect(first.keyring.hmac.extractable).toBe(false);
    await new RecordStore(db, scopeA, first.keyring).putResources('p1', [obs], 'http://x');
    db.close();
    const db2 = freshDb(undefined, db.name);
    const again = await openKeyring(db2, scopeA, new BrowserKeyStorage());
    expect(again.report.discarded).toBe(false);
    const view = await new RecordStore(db2, scopeA, again.keyring).readPatient('p1');
    expect(view.resources.map((r) => r.resource.id)).toEqual(['o1']);
  });

  it("another user's keys cannot read a colleague's rows", async () => {
    const db = freshDb();
    const a = await openKeyring(db, scopeA, new BrowserKeyStorage());
    const b = await openKeyring(db, scopeB, new BrowserKeyStorage());
    await new RecordStore(db, scopeA, a.keyring).putResources('p1', [obs], 'http://x');
    // Even pointed at A's rows, B's keyring cannot decrypt them.
    const view = await new RecordStore(db, scopeA, b.keyring).readPatient('p1');
    expect(view.resources).toEqual([]);
    expect(view.unreadable).toHaveLength(1);
    expect((await new RecordStore(db, scopeB, b.keyring).readPatient('p1')).resources).toEqual([]);
  });

  it('wrapped storage: key bytes in secrets as base64, reopened across sessions', async () => {
    const db = freshDb();
    const secrets = new FakeSecrets(true);
    const first = await openKeyring(db, scopeA, new WrappedKeyStorage(secrets));
    const stored = secrets.map.get(secretName(scopeA));
    expect(stored).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(atob(stored ?? '')).toHaveLength(64);
    expect(first.keyring.aes.extractable).toBe(false);
    await new RecordStore(db, scopeA, first.keyring).putResources('p1', [obs], 'http://x');
    // New session: a new storage object, same secrets.
    const again = await openKeyring(db, scopeA, new WrappedKeyStorage(secrets));
    expect(again.report).toMatchObject({ discarded: false, sessionOnly: false });
    expect(
      (await new RecordStore(db, scopeA, again.keyring).readPatient('p1')).resources,
    ).toHaveLength(1);
  });

  it('lost key with rows: discards records, keeps unsent outbox entries marked failed, never throws', async () => {
    const db = freshDb();
    const secrets = new FakeSecrets(true);
    const first = await openKeyring(db, scopeA, new WrappedKeyStorage(secrets));
    const store = new RecordStore(db, scopeA, first.keyring);
    await store.writeBatch({
      patientId: 'p1',
      resources: [obs],
      source: 'http://x',
      fetchedAt: 1,
      checkpoints: { Observation: 't' },
      syncedAt: 1,
    });
    await seedOutbox(db, 'n1', 'pending', first.keyring);
    await seedOutbox(db, 'n2', 'sent', first.keyring);
    secrets.map.clear(); // e.g. the OS keyring was reset
    const reopened = await openKeyring(db, scopeA, new WrappedKeyStorage(secrets));
    expect(reopened.report).toMatchObject({
      discarded: true,
      removedResources: 1,
      outboxMarkedFailed: 1,
    });
    expect(reopened.report.reason).toMatch(/could not be unlocked/);
    expect(await db.resources.count()).toBe(0);
    expect(await db.checkpoints.count()).toBe(0);
    const kept = await db.outbox.toArray();
    expect(kept.map((r) => [r.id, r.state, r.lastError, r.keyLost])).toEqual([
      ['n1', 'failed', KEY_LOST_REASON, true],
    ]);
    // The new key works.
    await new RecordStore(db, scopeA, reopened.keyring).putResources('p1', [obs], 'http://x');
    expect(
      (await new RecordStore(db, scopeA, reopened.keyring).readPatient('p1')).resources,
    ).toHaveLength(1);
  });

  it('a secret that no longer matches the rows (key check fails) counts as lost', async () => {
    const db = freshDb();
    const secrets = new FakeSecrets(true);
    const first = await openKeyring(db, scopeA, new WrappedKeyStorage(secrets));
    await new RecordStore(db, scopeA, first.keyring).putResources('p1', [obs], 'http://x');
    secrets.map.set(secretName(scopeA), btoa('x'.repeat(64)));
    const reopened = await openKeyring(db, scopeA, new WrappedKeyStorage(secrets));
    expect(reopened.report.discarded).toBe(true);
    expect(reopened.report.reason).toMatch(/does not match/);
  });

  it('secrets that throw on get are reported, not thrown', async () => {
    const db = freshDb();
    const secrets = new FakeSecrets(true);
    const first = await openKeyring(db, scopeA, new WrappedKeyStorage(secrets));
    await new RecordStore(db, scopeA, first.keyring).putResources('p1', [obs], 'http://x');
    secrets.get = () => Promise.reject(new Error('decryption failed'));
    const reopened = await openKeyring(db, scopeA, new WrappedKeyStorage(secrets));
    expect(reopened.report).toMatchObject({ discarded: true });
    expect(reopened.report.reason).toMatch(/decryption failed/);
  });

  it('non-persistent secrets: session-only key, cache discarded at next start with a reason', async () => {
    const db = freshDb();
    const session1 = await openKeyring(db, scopeA, new WrappedKeyStorage(new FakeSecrets(false)));
    expect(session1.report.sessionOnly).toBe(true);
    await new RecordStore(db, scopeA, session1.keyring).putResources('p1', [obs], 'http://x');
    const session2 = await openKeyring(db, scopeA, new WrappedKeyStorage(new FakeSecrets(false)));
    expect(session2.report).toMatchObject({
      discarded: true,
      sessionOnly: true,
      removedResources: 1,
    });
    expect(session2.report.reason).toMatch(/Secure storage is not available/);
  });

  it('secrets.set refusing: the key is kept in memory for the session', async () => {
    const db = freshDb();
    const secrets = new FakeSecrets(true);
    secrets.failSet = true;
    const storage = new WrappedKeyStorage(secrets);
    const opened = await openKeyring(db, scopeA, storage);
    expect(opened.report.sessionOnly).toBe(true);
    const same = await openKeyring(db, scopeA, storage);
    expect(same.keyring).toBe(opened.keyring);
  });
});

describe('wipeScope', () => {
  it('keeps unsent outbox entries and the key unless includeOutbox', async () => {
    const db = freshDb();
    const storage = new BrowserKeyStorage();
    const { keyring } = await openKeyring(db, scopeA, storage);
    await new RecordStore(db, scopeA, keyring).putResources('p1', [obs], 'http://x');
    await seedOutbox(db, 'n1', 'pending', keyring);
    await seedOutbox(db, 'n2', 'sent', keyring);
    const kept = await wipeScope(db, scopeA, () => storage.remove(db, scopeA));
    expect(kept).toEqual({
      removedResources: 1,
      outboxRemoved: 0,
      outboxKept: 1,
      keyRemoved: false,
    });
    // Same user signs in again: the entry is still decryptable (key kept), nothing discarded.
    const again = await openKeyring(db, scopeA, storage);
    expect(again.report.discarded).toBe(false);
    const all = await wipeScope(db, scopeA, () => storage.remove(db, scopeA), {
      includeOutbox: true,
    });
    expect(all).toEqual({ removedResources: 0, outboxRemoved: 1, outboxKept: 0, keyRemoved: true });
    expect(await db.keys.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('never discards unsent audit records: they and the key stay until sent', async () => {
    const db = freshDb();
    const storage = new BrowserKeyStorage();
    const { keyring } = await openKeyring(db, scopeA, storage);
    await seedOutbox(db, 'note-1', 'pending', keyring);
    await seedOutbox(db, 'audit-1', 'pending', keyring, 'AuditEvent');
    const result = await wipeScope(db, scopeA, () => storage.remove(db, scopeA), {
      includeOutbox: true,
    });
    expect(result).toEqual({
      removedResources: 0,
      outboxRemoved: 1,
      outboxKept: 1,
      keyRemoved: false,
    });
    expect((await db.outbox.toArray()).map((row) => row.id)).toEqual(['audit-1']);
    expect(await db.keys.count()).toBe(1);
  });
});
