import { describe, expect, it } from 'vitest';
import minimal from '../../../../shared/fixtures/ips/hl7-ips_bundle-minimal.json';
import nl from '../../../../shared/fixtures/ips/ipsviewer_NL_core_patient_01.json';
import { largeIps } from '../../../shared/ips/test-large-bundle';
import { BrowserKeyStorage, openKeyring } from './keys';
import { IpsCache, ipsNamespace, sourceCountry } from './ips-cache';
import { contentHash, fromDocumentReference, toDocumentReference } from './ips-cache-records';
import { RecordStore } from './record-store';
import { freshDb, scopeA } from './test-fakes';

const NOW = Date.parse('2025-03-04T10:00:00Z');

async function setup() {
  const db = freshDb();
  const { keyring } = await openKeyring(db, scopeA, new BrowserKeyStorage());
  const store = new RecordStore(db, scopeA, keyring, () => NOW);
  return { db, store, cache: new IpsCache(store, () => NOW) };
}

const FILE = { kind: 'file', name: 'ips.json' } as const;

describe('IpsCache.save', () => {
  it('caches a document with its origin and opens it again, unchanged', async () => {
    const { cache } = await setup();
    const text = JSON.stringify(minimal);
    const saved = await cache.save({ text, source: FILE, patientId: 'p1' });
    if (!saved.ok) throw new Error(saved.error.message);
    // Hand-read from the fixture: author Practitioner Beetje van Hulp, custodian address NL.
    expect(saved.summary).toMatchObject({
      patientId: 'p1',
      importedAt: NOW,
      source: FILE,
      documentCountry: 'NL',
      authors: ['Beetje van Hulp'],
      documentDate: '2020-12-11T14:30:00+01:00',
      title: 'Patient Summary as of December 11, 2020 14:30',
      language: 'en-US',
      size: text.length,
    });
    expect(saved.summary.id).toMatch(/^ips-[0-9a-f]{32}$/);

    const listing = await cache.list('p1');
    expect(listing).toEqual({ summaries: [saved.summary], unreadable: 0 });

    const opened = await cache.open(saved.summary.id, 'p1');
    if (!opened.ok) throw new Error(opened.reason);
    expect(opened.text).toBe(text);
    expect(opened.doc.sections.map((s) => s.loinc)).toEqual(['11450-4', '10160-0', '48765-2']);
  });

  it.each([
    ['invalid JSON', '{"resourceType": "Bundle",', 'invalid-json'],
    [
      'a non-document Bundle',
      JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [] }),
      'not-a-document',
    ],
    [
      'a document without Composition',
      JSON.stringify({
        resourceType: 'Bundle',
        type: 'document',
        entry: [{ fullUrl: 'urn:uuid:1', resource: { resourceType: 'Patient', id: 'x' } }],
      }),
      'no-composition',
    ],
  ])('writes nothing for %s', async (_what, text, code) => {
    const { db, cache } = await setup();
    const saved = await cache.save({ text, source: FILE, patientId: 'p1' });
    expect(saved.ok).toBe(false);
    if (!saved.ok) expect(saved.error.code).toBe(code);
    expect(await db.packs.count()).toBe(0);
    expect(await db.patients.count()).toBe(0);
    expect(await cache.list('p1')).toEqual({ summaries: [], unreadable: 0 });
  });

  it('reports a failed write and leaves nothing behind', async () => {
    const { db, store } = await setup();
    const failing = Object.create(store) as RecordStore;
    failing.writeBatch = () => Promise.reject(new DOMException('quota', 'QuotaExceededError'));
    const saved = await new IpsCache(failing, () => NOW).save({
      text: JSON.stringify(minimal),
      source: FILE,
    });
    expect(saved).toMatchObject({ ok: false, error: { code: 'storage-failed' } });
    expect(await db.packs.count()).toBe(0);
  });

  it('keeps the same text once, whatever the number of imports', async () => {
    const { cache } = await setup();
    const text = JSON.stringify(minimal);
    await cache.save({ text, source: FILE, patientId: 'p1' });
    await cache.save({ text, source: { kind: 'file', name: 'again.json' }, patientId: 'p1' });
    const { summaries } = await cache.list('p1');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]?.source).toEqual({ kind: 'file', name: 'again.json' });
  });

  it('keeps documents apart from the patient’s synced records and from other patients', async () => {
    const { db, store, cache } = await setup();
    await cache.save({ text: JSON.stringify(minimal), source: FILE, patientId: 'p1' });
    await cache.save({
      text: JSON.stringify(nl),
      source: { kind: 'ncp', country: 'DE', identifier: 'X' },
    });
    // The sync engine compares the patient's own ids with the server: none of these are there.
    expect(await store.listIds('p1')).toEqual([]);
    expect((await cache.list('p1')).summaries).toHaveLength(1);
    const unassigned = (await cache.list(undefined)).summaries;
    expect(unassigned.map((s) => s.authors)).toEqual([['eHealthLab - University of Cyprus']]);
    // No patient entry: background sync and monitoring never see the namespaces.
    expect(await db.patients.count()).toBe(0);
  });

  it('stores nothing readable in plaintext', async () => {
    const { db, cache } = await setup();
    await cache.save({ text: JSON.stringify(minimal), source: FILE, patientId: 'p1' });
    const rows = await db.packs.toArray();
    expect(rows.map((r) => r.type).sort()).toEqual(['Binary', 'DocumentReference']);
    const plain = JSON.stringify(rows.map(({ iv: _iv, ciphertext: _c, ...rest }) => rest));
    expect(plain).not.toContain('van Hulp');
    expect(plain).not.toContain('ips.json');
    expect(plain).not.toContain('Patient Summary');
    // Ids are plaintext: they must not fingerprint the content.
    const hash = await contentHash(JSON.stringify(minimal));
    expect(plain).not.toContain(hash.slice(0, 16));
  });

  it('round-trips a 2 MB document with 400 entries', async () => {
    const { cache } = await setup();
    const text = JSON.stringify(largeIps());
    expect(text.length).toBeGreaterThan(1.9 * 1024 * 1024);
    const saved = await cache.save({ text, source: FILE, patientId: 'p1' });
    if (!saved.ok) throw new Error(saved.error.message);
    const opened = await cache.open(saved.summary.id, 'p1');
    if (!opened.ok) throw new Error(opened.reason);
    expect(opened.text).toBe(text);
    expect(opened.doc.sections.map((s) => s.entries.length)).toEqual([100, 100, 100, 100]);
  });
});

describe('IpsCache listing and removal', () => {
  it('lists newest first and removes one document completely', async () => {
    const { db, store } = await setup();
    let now = NOW;
    const cache = new IpsCache(store, () => now);
    const first = await cache.save({ text: JSON.stringify(minimal), source: FILE });
    now += 60_000;
    const second = await cache.save({
      text: JSON.stringify(nl),
      source: { kind: 'summary', server: 'http://127.0.0.1:9000/fhir' },
    });
    if (!first.ok || !second.ok) throw new Error('save failed');
    expect((await cache.list(undefined)).summaries.map((s) => s.id)).toEqual([
      second.summary.id,
      first.summary.id,
    ]);
    await cache.remove(second.summary.id, undefined);
    expect((await cache.list(undefined)).summaries.map((s) => s.id)).toEqual([first.summary.id]);
    expect(await cache.open(second.summary.id, undefined)).toEqual({
      ok: false,
      reason: 'not-found',
    });
    const ids = (await db.packs.toArray()).flatMap((r) => r.ids);
    expect(ids).not.toContain(second.summary.id);
  });

  it('counts an index entry it did not write as unreadable', async () => {
    const { store, cache } = await setup();
    await store.writeBatch({
      patientId: ipsNamespace('p1'),
      resources: [
        { resourceType: 'DocumentReference', id: 'other', status: 'current', content: [] },
      ],
      source: 'x',
      fetchedAt: NOW,
    });
    expect(await cache.list('p1')).toEqual({ summaries: [], unreadable: 1 });
  });

  it('emits the listing on subscribe and after a save', async () => {
    const { cache } = await setup();
    const seen: number[] = [];
    const done = new Promise<void>((resolve) => {
      const stop = cache.watch('p1', (listing) => {
        seen.push(listing.summaries.length);
        if (listing.summaries.length === 1) {
          stop();
          resolve();
        }
      });
    });
    await cache.save({ text: JSON.stringify(minimal), source: FILE, patientId: 'p1' });
    await done;
    expect(seen[seen.length - 1]).toBe(1);
  });
});

describe('index entries', () => {
  it('round-trip every source kind and say which country to show', () => {
    const base = {
      id: 'ips-0123456789abcdef0123456789abcdef',
      sha256: 'ab'.repeat(32),
      patientId: undefined,
      importedAt: NOW,
      documentCountry: 'Deutschland',
      authors: ['Dr. A'],
      documentDate: '2024-05-01',
      title: 'IPS',
      language: 'de-DE',
      size: 10,
    };
    const sources = [
      { kind: 'file', name: 'a.json' },
      { kind: 'ncp', country: 'IT', identifier: 'sys|1' },
      { kind: 'summary', server: 'http://x/fhir' },
    ] as const;
    for (const source of sources) {
      const summary = { ...base, source };
      expect(fromDocumentReference(toDocumentReference(summary))).toEqual(summary);
    }
    // The contact point asked vouches for the country; otherwise the document's own statement.
    expect(sourceCountry({ ...base, source: sources[1] })).toBe('IT');
    expect(sourceCountry({ ...base, source: sources[0] })).toBe('Deutschland');
  });

  it('rejects namespaces that are not FHIR ids', () => {
    expect(ipsNamespace('p1')).toBe('ips~p1');
    expect(ipsNamespace(undefined)).toBe('ips~');
    expect(() => ipsNamespace('a|b')).toThrow();
  });
});
