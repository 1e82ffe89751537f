import { describe, expect, it } from 'vitest';
import minimal from '../../../../shared/fixtures/ips/hl7-ips_bundle-minimal.json';
import nl from '../../../../shared/fixtures/ips/ipsviewer_NL_core_patient_01.json';
import { evictionCandidates } from './eviction';
import { IpsCache, ipsNamespace } from './ips-cache';
import { purgeImportsBeyondRetention } from './ips-cache-retention';
import { BrowserKeyStorage, openKeyring } from './keys';
import { RecordStore } from './record-store';
import { freshDb, scopeA, scopeB } from './test-fakes';
import type { CacheDb } from './db';
import type { CacheScope } from './contracts';

const DAY = 86_400_000;
/** The fixed "now" of every purge here: 2025-03-04 10:00 UTC. */
const NOW = Date.parse('2025-03-04T10:00:00Z');
const FILE = { kind: 'file', name: 'ips.json' } as const;
const MINIMAL = JSON.stringify(minimal);
const NL = JSON.stringify(nl);

/** A cache on `db` whose clock the test sets before each import. */
async function cacheFor(db: CacheDb, scope: CacheScope) {
  const clock = { now: NOW };
  const { keyring } = await openKeyring(db, scope, new BrowserKeyStorage());
  const store = new RecordStore(db, scope, keyring, () => clock.now);
  const cache = new IpsCache(store, () => clock.now);
  const importAt = async (at: number, text: string, patientId?: string) => {
    clock.now = at;
    const saved = await cache.save({ text, source: FILE, patientId });
    if (!saved.ok) throw new Error(saved.error.message);
    clock.now = NOW;
    return saved.summary;
  };
  return { store, cache, importAt };
}

const ids = async (cache: IpsCache, patientId: string | undefined) =>
  (await cache.list(patientId)).summaries.map((s) => s.id);

describe('purgeImportsBeyondRetention', () => {
  it('deletes summaries imported before the retention, of every chart and of none', async () => {
    const db = freshDb();
    const { store, cache, importAt } = await cacheFor(db, scopeA);
    const old = await importAt(NOW - 40 * DAY, MINIMAL, 'p1');
    const recent = await importAt(NOW - 10 * DAY, NL, 'p1');
    const noChart = await importAt(NOW - 31 * DAY, MINIMAL);
    // Exactly 30 days: at the cutoff, kept (charts follow the same rule).
    const atCutoff = await importAt(NOW - 30 * DAY, NL, 'p2');
    // Imported 50 days ago, imported again 5 days ago: the same entry, renewed.
    const first = await importAt(NOW - 50 * DAY, MINIMAL, 'p3');
    const renewed = await importAt(NOW - 5 * DAY, MINIMAL, 'p3');
    expect(renewed.id).toBe(first.id);

    expect(await cache.patientsWithImports()).toEqual([undefined, 'p1', 'p2', 'p3']);
    const purged = await purgeImportsBeyondRetention(cache, NOW, 30);
    // Oldest first: 40 days (2025-01-23T10:00Z), then 31 days (2025-02-01T10:00Z).
    expect(purged).toEqual([
      { id: old.id, patientId: 'p1', importedAt: Date.parse('2025-01-23T10:00:00Z') },
      { id: noChart.id, patientId: undefined, importedAt: Date.parse('2025-02-01T10:00:00Z') },
    ]);
    expect(await ids(cache, 'p1')).toEqual([recent.id]);
    expect(await ids(cache, undefined)).toEqual([]);
    expect(await ids(cache, 'p2')).toEqual([atCutoff.id]);
    expect(await ids(cache, 'p3')).toEqual([first.id]);
    // Index entry and document both gone.
    expect(await cache.open(old.id, 'p1')).toEqual({ ok: false, reason: 'not-found' });
    const stored = (await db.packs.toArray()).flatMap((r) => r.ids);
    expect(stored).not.toContain(old.id);
    expect(stored).not.toContain(noChart.id);
    // Imports still never make patient entries, nor become quota-eviction candidates.
    expect(await store.patients.list()).toEqual([]);
    expect(await evictionCandidates(store, new Set(), NOW)).toEqual([]);
  });

  it('a shorter retention takes more; nothing old is left for a second run', async () => {
    const { cache, importAt } = await cacheFor(freshDb(), scopeA);
    const tenDays = await importAt(NOW - 10 * DAY, NL, 'p1');
    await importAt(NOW - DAY, MINIMAL, 'p1');
    expect(await purgeImportsBeyondRetention(cache, NOW, 30)).toEqual([]);
    expect((await purgeImportsBeyondRetention(cache, NOW, 7)).map((p) => p.id)).toEqual([
      tenDays.id,
    ]);
    expect(await purgeImportsBeyondRetention(cache, NOW, 7)).toEqual([]);
    expect(await cache.list('p1')).toMatchObject({ summaries: [{ importedAt: NOW - DAY }] });
  });

  it('keeps what it cannot date, and never touches another user or a chart', async () => {
    const db = freshDb();
    const a = await cacheFor(db, scopeA);
    const b = await cacheFor(db, scopeB);
    const otherUsers = await b.importAt(NOW - 100 * DAY, MINIMAL, 'p1');
    // An index entry this module did not write: no import time to judge by.
    await a.store.writeBatch({
      patientId: ipsNamespace('p1'),
      resources: [
        { resourceType: 'DocumentReference', id: 'other', status: 'current', content: [] },
      ],
      source: 'x',
      fetchedAt: NOW - 100 * DAY,
    });
    // The chart of the same patient, cached long ago: chart retention's business, not this.
    await a.store.putResources('p1', [{ resourceType: 'Patient', id: 'p1' }], 'sandbox');
    await a.store.patients.touch('p1', NOW - 100 * DAY);

    expect(await purgeImportsBeyondRetention(a.cache, NOW, 1)).toEqual([]);
    expect(await a.cache.list('p1')).toEqual({ summaries: [], unreadable: 1 });
    expect(await a.store.listIds('p1')).toEqual([{ type: 'Patient', id: 'p1' }]);
    expect(await ids(b.cache, 'p1')).toEqual([otherUsers.id]);
  });
});
