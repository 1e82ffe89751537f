import { describe, expect, it } from 'vitest';
import { BrowserKeyStorage, WrappedKeyStorage } from './keys';
import { keyStorageFor, openOfflineScope } from './offline-scope';
import { buildClinicalNote } from './clinical-note';
import { FakeSecrets, freshDb, scopeA } from './test-fakes';
import minimal from '../../../../shared/fixtures/ips/hl7-ips_bundle-minimal.json';
import nl from '../../../../shared/fixtures/ips/ipsviewer_NL_core_patient_01.json';
import { IpsCache } from './ips-cache';

const FILE = { kind: 'file', name: 'ips.json' } as const;

const DAY = 86_400_000;

describe('openOfflineScope', () => {
  it('recovers interrupted sends, expires pins, reports as-of, and wipes keeping unsent notes', async () => {
    const db = freshDb();
    let clock = 100 * DAY;
    const first = await openOfflineScope(scopeA, new BrowserKeyStorage(), { db, now: () => clock });
    expect(first.report.discarded).toBe(false);
    const entry = await first.outbox.enqueue({
      patientId: 'p1',
      resource: buildClinicalNote({ patientId: 'p1', text: 'hi' }),
      label: 'hi',
    });
    await db.outbox.update(entry.id, { state: 'sending' });
    await first.store.writeBatch({
      patientId: 'p1',
      resources: [{ resourceType: 'Patient', id: 'p1' }],
      source: 'x',
      fetchedAt: clock,
      checkpoints: { Patient: 't', Observation: 't' },
      syncedAt: clock,
    });
    await first.store.patients.touch('p1', clock - 30 * DAY);
    await first.store.patients.pin('p1', 1);
    expect(await first.store.patients.asOf('p1')).toBe(clock);

    clock += 2 * DAY;
    const second = await openOfflineScope(scopeA, new BrowserKeyStorage(), {
      db,
      now: () => clock,
    });
    expect(second.recoveredOutbox).toBe(1);
    expect((await second.outbox.list())[0]?.state).toBe('pending');
    // The pin expired and p1 was not opened recently: purged.
    expect(await second.store.listIds('p1')).toEqual([]);

    const wiped = await second.wipe();
    expect(wiped).toMatchObject({ outboxKept: 1, keyRemoved: false });
    second.close();
  });

  it('applies the retention to charts and imported summaries when it opens', async () => {
    const db = freshDb();
    const NOW = 200 * DAY;
    let clock = NOW - 45 * DAY;
    const first = await openOfflineScope(scopeA, new BrowserKeyStorage(), { db, now: () => clock });
    const cache = new IpsCache(first.store, () => clock);
    const old = await cache.save({ text: JSON.stringify(minimal), source: FILE, patientId: 'p1' });
    await first.store.putResources('p1', [{ resourceType: 'Patient', id: 'p1' }], 'sandbox');
    await first.store.patients.touch('p1', clock);
    clock = NOW - 5 * DAY;
    const recent = await cache.save({ text: JSON.stringify(nl), source: FILE });
    if (!old.ok || !recent.ok) throw new Error('import failed');

    // Without the setting nothing is removed.
    clock = NOW;
    const unset = await openOfflineScope(scopeA, new BrowserKeyStorage(), { db, now: () => clock });
    expect(unset.retention).toEqual({ charts: [], importedSummaries: [] });

    const second = await openOfflineScope(scopeA, new BrowserKeyStorage(), {
      db,
      now: () => clock,
      retentionDays: 30,
    });
    expect(second.retention).toEqual({
      charts: ['p1'],
      importedSummaries: [{ id: old.summary.id, patientId: 'p1', importedAt: NOW - 45 * DAY }],
    });
    const reopened = new IpsCache(second.store, () => clock);
    expect((await reopened.list('p1')).summaries).toEqual([]);
    expect((await reopened.list(undefined)).summaries.map((s) => s.id)).toEqual([
      recent.summary.id,
    ]);
    second.close();
  });

  it('picks wrapped keys in Electron and browser keys otherwise', () => {
    const secrets = new FakeSecrets(true);
    expect(keyStorageFor({ kind: 'electron', secrets })).toBeInstanceOf(WrappedKeyStorage);
    expect(keyStorageFor({ kind: 'browser', secrets })).toBeInstanceOf(BrowserKeyStorage);
  });
});
