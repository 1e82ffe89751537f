import { describe, expect, it } from 'vitest';
import type { DBCore, DBCoreKeyRange } from 'dexie';
import type { Observation } from 'fhir/r4';
import { BrowserKeyStorage, openKeyring } from './keys';
import { RecordStore } from './record-store';
import { freshDb, scopeA } from './test-fakes';
import {
  evictionCandidates,
  isQuotaError,
  purgeBeyondRetention,
  purgeExpiredPins,
  StorageFullError,
  writeWithEviction,
} from './eviction';

const DAY = 86_400_000;
/** DBCoreRangeType.Any (a const enum, not importable at runtime). */
const ANY = { type: 3, lower: undefined, upper: undefined } as unknown as DBCoreKeyRange;
const NOW = 1_000 * DAY;

function obs(id: string): Observation {
  return { resourceType: 'Observation', id, status: 'final', code: { text: 'x' } };
}

/** A database whose packs hold at most `limit` resources in all, like a quota would. */
async function setupWithQuota(limit: number) {
  const db = freshDb();
  const resourcesIn = (rows: readonly unknown[]) =>
    rows.reduce<number>((n, row) => n + ((row as { ids?: string[] }).ids?.length ?? 0), 0);
  db.use({
    stack: 'dbcore',
    name: 'fake-quota',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'packs') return table;
        return {
          ...table,
          mutate: async (req) => {
            if (req.type === 'put') {
              const { result } = await table.query({
                trans: req.trans,
                query: { index: table.schema.primaryKey, range: ANY },
                values: true,
              });
              if (resourcesIn(result) + resourcesIn(req.values) > limit)
                throw new DOMException('quota', 'QuotaExceededError');
            }
            return table.mutate(req);
          },
        };
      },
    }),
  });
  const { keyring } = await openKeyring(db, scopeA, new BrowserKeyStorage());
  const store = new RecordStore(db, scopeA, keyring, () => NOW);
  return { db, store };
}

async function seed(store: RecordStore, patientId: string, n: number, openedAt: number) {
  await store.putResources(
    patientId,
    Array.from({ length: n }, (_, i) => obs(`${patientId}-${i}`)),
    'http://x',
  );
  await store.patients.touch(patientId, openedAt);
}

describe('eviction', () => {
  it('evicts least-recently-opened unpinned patients until the write fits, never pinned ones or the outbox', async () => {
    const { db, store } = await setupWithQuota(10);
    await seed(store, 'old', 3, NOW - 9 * DAY);
    await seed(store, 'pinned-oldest', 3, NOW - 20 * DAY);
    await store.patients.pin('pinned-oldest', 5);
    await seed(store, 'mid', 2, NOW - 5 * DAY);
    await seed(store, 'recent', 2, NOW - DAY);
    await db.outbox.put({
      ...scopeA,
      id: 'n1',
      patientId: 'old',
      resourceType: 'DocumentReference',
      state: 'pending',
      createdAt: 1,
      attempts: 0,
      nextAttemptAt: 1,
      iv: new Uint8Array(12),
      ciphertext: new ArrayBuffer(4),
    });

    expect(await evictionCandidates(store, new Set(['new']), NOW)).toEqual([
      'old',
      'mid',
      'recent',
    ]);
    // 10 resources stored; writing 4 more needs 4 free: 'old' (3) is not enough, 'mid' (2) makes it fit.
    const result = await writeWithEviction(
      store,
      {
        patientId: 'new',
        resources: [obs('n1'), obs('n2'), obs('n3'), obs('n4')],
        source: 'http://x',
        fetchedAt: NOW,
      },
      NOW,
    );
    expect(result).toEqual({ written: 4, evictedPatients: ['old', 'mid'] });
    expect(await store.listIds('pinned-oldest')).toHaveLength(3);
    expect(await store.listIds('recent')).toHaveLength(2);
    expect(await store.listIds('new')).toHaveLength(4);
    expect(await db.outbox.count()).toBe(1);
  });

  it('throws StorageFullError naming what was evicted when nothing evictable is left', async () => {
    const { store } = await setupWithQuota(4);
    await seed(store, 'pinned', 3, NOW - 20 * DAY);
    await store.patients.pin('pinned', 5);
    await seed(store, 'other', 1, NOW - DAY);
    const err = await writeWithEviction(
      store,
      { patientId: 'new', resources: [obs('a'), obs('b')], source: 'x', fetchedAt: NOW },
      NOW,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageFullError);
    expect((err as StorageFullError).evictedPatients).toEqual(['other']);
    expect(await store.listIds('pinned')).toHaveLength(3);
  });

  it('recognises quota errors wrapped by Dexie', () => {
    expect(isQuotaError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isQuotaError({ name: 'BulkError', failures: [{ name: 'QuotaExceededError' }] })).toBe(
      true,
    );
    expect(isQuotaError(new Error('other'))).toBe(false);
  });
});

describe('purgeExpiredPins', () => {
  it('removes expired pins; purges patients not opened recently, keeps recent ones evictable', async () => {
    const { store } = await setupWithQuota(100);
    await seed(store, 'expired-stale', 2, NOW - 30 * DAY);
    await seed(store, 'expired-recent', 2, NOW - DAY);
    await seed(store, 'active', 2, NOW - 30 * DAY);
    await store.patients.pin('expired-stale', 1);
    await store.patients.pin('expired-recent', 1);
    await store.patients.pin('active', 10);
    const later = NOW + 2 * DAY;
    const result = await purgeExpiredPins(store, later);
    expect(result.purged).toEqual(['expired-stale']);
    expect(result.unpinned.sort()).toEqual(['expired-recent', 'expired-stale']);
    expect(await store.listIds('expired-stale')).toEqual([]);
    expect(await store.listIds('expired-recent')).toHaveLength(2);
    expect((await store.patients.get('expired-recent'))?.pinnedUntil).toBeUndefined();
    expect((await store.patients.get('active'))?.pinnedUntil).toBe(NOW + 10 * DAY);
    expect(await evictionCandidates(store, new Set(), later)).toEqual(['expired-recent']);
  });

  it('never evicts imported documents: they cannot be fetched again', async () => {
    const { store } = await setupWithQuota(100);
    await seed(store, 'opened', 1, NOW - DAY);
    await store.putResources('ips~opened', [obs('imported-doc')], 'file');
    expect(await evictionCandidates(store, new Set(), NOW)).toEqual(['opened']);
  });

  it('removes charts neither opened nor refreshed within the retention days, unless pinned', async () => {
    const { store } = await setupWithQuota(100);
    await seed(store, 'stale', 2, NOW - 31 * DAY);
    await seed(store, 'stale-pinned', 2, NOW - 40 * DAY);
    await store.patients.pin('stale-pinned', 3);
    await seed(store, 'stale-but-refreshed', 2, NOW - 60 * DAY);
    await store.patients.markSynced('stale-but-refreshed', NOW - 2 * DAY, false);
    await seed(store, 'recent', 2, NOW - 29 * DAY);
    await store.putResources('ips~stale', [obs('imported-doc')], 'file');
    expect(await purgeBeyondRetention(store, NOW, 30)).toEqual(['stale']);
    expect(await store.listIds('stale')).toEqual([]);
    for (const kept of ['stale-pinned', 'stale-but-refreshed', 'recent'])
      expect(await store.listIds(kept)).toHaveLength(2);
    expect(await store.listIds('ips~stale')).toHaveLength(1);
    // A shorter clinic retention takes the 29-day-old chart too.
    expect(await purgeBeyondRetention(store, NOW, 7)).toEqual(['recent']);
  });
});
