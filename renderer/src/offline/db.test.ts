import { describe, expect, it } from 'vitest';
import { freshDb } from './test-fakes';
import type { OutboxRow } from './db';

describe('CacheDb schema migrations', () => {
  it('upgrades a v1 database with data to v2: outbox rows get nextAttemptAt, LRU index works', async () => {
    const name = `migrate-${String(Math.random())}`;
    const v1 = freshDb(1, name);
    const base = { serverId: 's', userKey: 'u', patientId: 'p', resourceType: 'DocumentReference' };
    const sealed = { iv: new Uint8Array(12), ciphertext: new Uint8Array([1, 2, 3]).buffer };
    // A v1 row has no nextAttemptAt.
    const v1Rows = [
      { ...base, ...sealed, id: 'a', state: 'pending', createdAt: 100, attempts: 0 },
      { ...base, ...sealed, id: 'b', state: 'failed', createdAt: 200, attempts: 3 },
    ] as unknown as OutboxRow[];
    await v1.outbox.bulkPut(v1Rows);
    await v1.patients.bulkPut([
      { serverId: 's', userKey: 'u', patientId: 'old', lastOpenedAt: 10 },
      { serverId: 's', userKey: 'u', patientId: 'new', lastOpenedAt: 20 },
    ]);
    expect(v1.verno).toBe(1);
    v1.close();

    const v2 = freshDb(2, name);
    await v2.open();
    expect(v2.verno).toBe(2);
    const rows = await v2.outbox.orderBy('id').toArray();
    expect(rows.map((r) => [r.id, r.nextAttemptAt, r.state])).toEqual([
      ['a', 100, 'pending'],
      ['b', 200, 'failed'],
    ]);
    // The v2 index answers queries over data written under v1.
    const byLru = await v2.patients
      .where('[serverId+userKey+lastOpenedAt]')
      .between(['s', 'u', 0], ['s', 'u', Infinity])
      .toArray();
    expect(byLru.map((p) => p.patientId)).toEqual(['old', 'new']);
    const due = await v2.outbox
      .where('[serverId+userKey+nextAttemptAt]')
      .between(['s', 'u', 0], ['s', 'u', 150])
      .primaryKeys();
    expect(due).toEqual(['a']);
    v2.close();
  });

  it('upgrades a v2 database to v3: v2 resource rows stay for the keyed migration, packs exist', async () => {
    const name = `migrate-${String(Math.random())}`;
    const v2 = freshDb(2, name);
    const sealed = { iv: new Uint8Array(12), ciphertext: new Uint8Array([1, 2, 3]).buffer };
    await v2.resources.put({
      key: 's|u|p|Observation|o1',
      serverId: 's',
      userKey: 'u',
      patientId: 'p',
      type: 'Observation',
      codeHmacs: [],
      fetchedAt: 1,
      ...sealed,
    });
    v2.close();
    const v3 = freshDb(undefined, name);
    await v3.open();
    expect(v3.verno).toBe(3);
    expect(await v3.resources.count()).toBe(1);
    expect(await v3.packs.where('[serverId+userKey]').equals(['s', 'u']).count()).toBe(0);
    v3.close();
  });
});
