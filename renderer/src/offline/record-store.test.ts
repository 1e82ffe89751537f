// The fixture is read from disk in the test only; the renderer itself never imports node:*.
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Bundle, FhirResource, Observation, Patient } from 'fhir/r4';
import { BrowserKeyStorage, openKeyring } from './keys';
import { PACK_SIZE, RecordStore, requestPersistentStorage } from './record-store';
import { openOfflineScope } from './offline-scope';
import { rowKey } from './db';
import { seal, type Keyring } from './record-crypto';
import { freshDb, scopeA } from './test-fakes';
import type { PatientView } from './contracts';

const FIXTURE = '/work/shared/fixtures/synthea/Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json';

async function setup() {
  const db = freshDb();
  const { keyring } = await openKeyring(db, scopeA, new BrowserKeyStorage());
  return { db, store: new RecordStore(db, scopeA, keyring) };
}

function obs(id: string, code: string, date: string): Observation {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code }] },
    effectiveDateTime: date,
    meta: { versionId: '1', lastUpdated: '2024-01-01T00:00:00Z' },
  };
}

/** Every string and byte sequence stored in any table, for the plaintext scan. */
function storedValues(value: unknown, out: { strings: string[]; bytes: Uint8Array[] }) {
  if (typeof value === 'string') out.strings.push(value);
  else if (value instanceof ArrayBuffer) out.bytes.push(new Uint8Array(value));
  else if (ArrayBuffer.isView(value))
    out.bytes.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  else if (Array.isArray(value)) for (const v of value) storedValues(v, out);
  else if (value && typeof value === 'object')
    for (const v of Object.values(value)) storedValues(v, out);
  else if (typeof value === 'number' || typeof value === 'boolean') out.strings.push(String(value));
}

function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

describe('RecordStore encryption at rest', () => {
  it('stores no name, identifier or value of a Synthea patient in plaintext, yet reads it all back', async () => {
    const bundle = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Bundle<FhirResource>;
    const resources = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
    const patient = resources.find((r): r is Patient => r.resourceType === 'Patient');
    if (!patient?.id) throw new Error('fixture without patient');
    const { db, store } = await setup();
    await store.putResources(patient.id, resources, 'http://127.0.0.1:9000/fhir');
    await store.patients.pin(patient.id, 3);

    const secrets = [
      ...(patient.name ?? []).flatMap((n) => [n.family ?? '', ...(n.given ?? [])]),
      ...(patient.identifier ?? []).map((i) => i.value ?? ''),
      ...(patient.address ?? []).flatMap((a) => a.line ?? []),
      ...(patient.telecom ?? []).map((t) => t.value ?? ''),
    ].filter((s) => s.length > 0);
    expect(secrets).toEqual(expect.arrayContaining(['Conn', 'Liz', '999-34-1238']));

    const found = { strings: [] as string[], bytes: [] as Uint8Array[] };
    for (const table of db.tables) storedValues(await table.toArray(), found);
    // One ciphertext per pack of up to PACK_SIZE resources of one type.
    const packs = await db.packs.toArray();
    const types = new Set(resources.map((r) => r.resourceType));
    expect(packs.length).toBeGreaterThanOrEqual(types.size);
    expect(packs.length).toBeLessThan(resources.length);
    expect(found.bytes.length).toBeGreaterThanOrEqual(packs.length);
    const enc = new TextEncoder();
    for (const secret of secrets) {
      expect(
        found.strings.filter((s) => s.includes(secret)),
        secret,
      ).toEqual([]);
      // In ciphertext, look for the JSON form ("Liz"): a 3-letter name could match random bytes.
      for (const bytes of found.bytes)
        expect(containsBytes(bytes, enc.encode(`"${secret}"`)), secret).toBe(false);
    }
    for (const row of packs)
      for (const t of row.codeHmacs) expect(t).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const view = await store.readPatient(patient.id);
    expect(view.unreadable).toEqual([]);
    expect(view.resources).toHaveLength(resources.length);
    const read = view.resources.find((r) => r.resource.resourceType === 'Patient')
      ?.resource as Patient;
    expect(read.name?.[0]?.family).toBe('Conn');
  });

  it('a tampered byte makes the records of that pack unreadable; the rest still reads', async () => {
    const { db, store } = await setup();
    const condition: FhirResource = {
      resourceType: 'Condition',
      id: 'c1',
      subject: { reference: 'Patient/p1' },
    };
    await store.putResources(
      'p1',
      [obs('a', '1', '2024-01-01'), obs('b', '2', '2024-01-02'), condition],
      'http://x',
    );
    const row = await db.packs.filter((r) => r.type === 'Observation').first();
    if (!row) throw new Error('pack missing');
    const bytes = new Uint8Array(row.ciphertext.slice(0));
    bytes[5] = (bytes[5] ?? 0) ^ 0x01;
    await db.packs.put({ ...row, ciphertext: bytes.buffer });
    const view = await store.readPatient('p1');
    expect(view.resources.map((r) => r.resource.id)).toEqual(['c1']);
    expect(view.unreadable).toEqual([
      {
        type: 'Observation',
        id: 'a',
        reason: expect.stringMatching(/cannot be decrypted/) as string,
      },
      {
        type: 'Observation',
        id: 'b',
        reason: expect.stringMatching(/cannot be decrypted/) as string,
      },
    ]);
    // The next write of that type replaces the unreadable pack instead of failing.
    await store.putResources('p1', [obs('b', '2', '2024-01-02')], 'http://x');
    const after = await store.readPatient('p1');
    expect(after.unreadable).toEqual([]);
    expect(after.resources.map((r) => r.resource.id)).toEqual(['c1', 'b']);
  });

  it('ciphertexts swapped between packs fail authentication (AAD = pack key)', async () => {
    const { db, store } = await setup();
    await store.putResources('p1', [obs('a', '1', '2024-01-01')], 'http://x');
    await store.putResources('p2', [obs('b', '2', '2024-01-02')], 'http://x');
    const [a, b] = await db.packs.toArray();
    if (!a || !b) throw new Error('packs missing');
    await db.packs.bulkPut([
      { ...a, iv: b.iv, ciphertext: b.ciphertext },
      { ...b, iv: a.iv, ciphertext: a.ciphertext },
    ]);
    const [p1, p2] = await Promise.all([store.readPatient('p1'), store.readPatient('p2')]);
    expect([...p1.resources, ...p2.resources]).toEqual([]);
    expect([...p1.unreadable, ...p2.unreadable].map((u) => u.id).sort()).toEqual(['a', 'b']);
  });
});

describe('RecordStore packs', () => {
  const series = (n: number, from = 0) =>
    Array.from({ length: n }, (_, i) => {
      const day = new Date(Date.UTC(2020, 0, 1) + (from + i) * 86_400_000).toISOString();
      return obs(`o${String(from + i).padStart(5, '0')}`, String((from + i) % 7), day);
    });

  it('packs a large record by date, updates in place and re-seals only the packs it touches', async () => {
    const { db, store } = await setup();
    const all = series(PACK_SIZE * 3 + 5);
    expect(await store.putResources('p1', all, 'http://x', 1)).toBe(all.length);
    const packs = (await db.packs.toArray()).sort((a, b) =>
      (a.dateFrom ?? '').localeCompare(b.dateFrom ?? ''),
    );
    expect(packs.map((p) => p.ids.length)).toEqual([PACK_SIZE, PACK_SIZE, PACK_SIZE, 5]);
    // Date order: each pack covers a range after the previous one.
    for (let i = 1; i < packs.length; i++)
      expect((packs[i]?.dateFrom ?? '') > (packs[i - 1]?.dateTo ?? '')).toBe(true);

    // Changing one old observation re-seals its pack only.
    const changed = { ...all[3], valueString: 'corrected' } as Observation;
    await store.putResources('p1', [changed], 'http://x', 2);
    const after = await db.packs.toArray();
    const keys = new Set(after.map((p) => p.key));
    expect(keys.has(packs[0]?.key ?? '')).toBe(false);
    expect(packs.slice(1).every((p) => keys.has(p.key))).toBe(true);

    // A new observation goes into the latest pack with room (no new tiny pack).
    await store.putResources('p1', series(1, 5000), 'http://x', 3);
    expect(await db.packs.count()).toBe(4);

    const view = await store.readPatient('p1');
    expect(view.resources).toHaveLength(all.length + 1);
    const read = view.resources.find((r) => r.resource.id === changed.id);
    expect(read).toMatchObject({ fetchedAt: 2, resource: { valueString: 'corrected' } });
    expect(view.resources.find((r) => r.resource.id === 'o00000')?.fetchedAt).toBe(1);
    // Ids stay unique across packs.
    const ids = (await store.listIds('p1')).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    // By code: only matching resources, though a pack holds many codes.
    const byCode = await store.readByCode('p1', 'http://loinc.org', '3');
    expect(
      byCode.resources.every((r) => (r.resource as Observation).code.coding?.[0]?.code === '3'),
    ).toBe(true);
    expect(byCode.resources.length).toBe(
      all.filter((o) => o.code.coding?.[0]?.code === '3').length,
    );
  });

  it('a write that races another writer of the same packs is re-planned, losing nothing', async () => {
    const { db, store } = await setup();
    await store.putResources('p1', series(10), 'http://x');
    const other = new RecordStore(db, scopeA, (store as unknown as { keyring: Keyring }).keyring);
    await Promise.all([
      store.putResources('p1', series(3, 100), 'http://x'),
      other.putResources('p1', series(3, 200), 'http://x'),
      store.deleteResources('p1', [{ type: 'Observation', id: 'o00000' }]),
    ]);
    const ids = (await store.listIds('p1')).map((r) => r.id);
    expect(ids).toHaveLength(15);
    expect(ids).not.toContain('o00000');
    expect(new Set(ids).size).toBe(15);
  });

  it('re-seals v2 rows (one resource per row) into packs when the scope opens', async () => {
    // v3 keeps the v2 `resources` table declared and its upgrade leaves the rows as they are,
    // so v2 rows written through a v3 handle are exactly what an upgraded database holds.
    const name = `legacy-${String(Math.random())}`;
    const v2 = freshDb(undefined, name);
    const { keyring } = await openKeyring(v2, scopeA, new BrowserKeyStorage());
    const legacy = [obs('a', '1', '2024-01-01'), obs('b', '2', '2024-01-02')];
    await v2.resources.bulkPut(
      await Promise.all(
        legacy.map(async (resource) => {
          const key = rowKey(
            scopeA.serverId,
            scopeA.userKey,
            'p1',
            'Observation',
            resource.id ?? '',
          );
          return {
            key,
            ...scopeA,
            patientId: 'p1',
            type: 'Observation',
            codeHmacs: [],
            fetchedAt: 7,
            ...(await seal(keyring, key, { resource, source: 'http://old' })),
          };
        }),
      ),
    );
    // A row that no longer decrypts is dropped, not migrated.
    const broken = rowKey(scopeA.serverId, scopeA.userKey, 'p1', 'Observation', 'x');
    await v2.resources.put({
      key: broken,
      ...scopeA,
      patientId: 'p1',
      type: 'Observation',
      codeHmacs: [],
      fetchedAt: 7,
      ...(await seal(keyring, 'another row', { resource: obs('x', '1', '2024-01-03') })),
    });
    v2.close();

    const v3 = freshDb(undefined, name);
    const scope = await openOfflineScope(scopeA, new BrowserKeyStorage(), { db: v3 });
    expect(v3.verno).toBe(3);
    expect(await v3.resources.count()).toBe(0);
    const view = await scope.store.readPatient('p1');
    expect(view.resources.map((r) => [r.resource.id, r.fetchedAt, r.source])).toEqual([
      ['a', 7, 'http://old'],
      ['b', 7, 'http://old'],
    ]);
    expect(await scope.store.migrateLegacyRows()).toBe(0);
    scope.close();
  });
});

describe('RecordStore reads and writes', () => {
  it('reads by type and by code, lists ids and versions, deletes and purges', async () => {
    const { db, store } = await setup();
    const other: FhirResource = {
      resourceType: 'Condition',
      id: 'c1',
      subject: { reference: 'Patient/p1' },
    };
    await store.putResources(
      'p1',
      [obs('a', '8867-4', '2024-01-01'), obs('b', '1234-5', '2024-01-02'), other],
      'http://x',
      42,
    );
    await store.putResources('p2', [obs('z', '8867-4', '2024-01-01')], 'http://x');
    expect(
      (await store.readByType('p1', 'Observation')).resources.map((r) => r.resource.id).sort(),
    ).toEqual(['a', 'b']);
    const byCode = await store.readByCode('p1', 'http://loinc.org', '8867-4');
    expect(byCode.resources.map((r) => r.resource.id)).toEqual(['a']);
    expect(byCode.resources[0]).toMatchObject({
      fetchedAt: 42,
      source: 'http://x',
      lastUpdated: '2024-01-01T00:00:00Z',
    });
    expect((await store.listIds('p1')).map((r) => `${r.type}/${r.id}`).sort()).toEqual([
      'Condition/c1',
      'Observation/a',
      'Observation/b',
    ]);
    expect(await store.listVersions('p1', 'Observation')).toContainEqual({
      type: 'Observation',
      id: 'a',
      versionId: '1',
      lastUpdated: '2024-01-01T00:00:00Z',
    });
    const pack = await db.packs
      .filter((r) => r.patientId === 'p1' && r.type === 'Observation')
      .first();
    expect([pack?.dateFrom, pack?.dateTo]).toEqual(['2024-01-01', '2024-01-02']);
    await store.deleteResources('p1', [{ type: 'Observation', id: 'a' }]);
    expect(await store.listIds('p1', 'Observation')).toEqual([{ type: 'Observation', id: 'b' }]);
    await store.patients.touch('p1');
    await store.purgePatient('p1');
    expect(await store.listIds('p1')).toEqual([]);
    expect(await store.patients.get('p1')).toBeUndefined();
    expect(await store.listIds('p2')).toHaveLength(1);
  });

  it('watchPatient emits the decrypted view now and after each write', async () => {
    const { store } = await setup();
    const views: PatientView[] = [];
    const stop = store.watchPatient('p1', (v) => views.push(v));
    await expect.poll(() => views.length).toBe(1);
    expect(views[0]?.resources).toEqual([]);
    await store.putResources('p1', [obs('a', '1', '2024-01-01')], 'http://x');
    await expect.poll(() => views.at(-1)?.resources.length).toBe(1);
    stop();
    const count = views.length;
    await store.putResources('p1', [obs('b', '1', '2024-01-01')], 'http://x');
    await new Promise((r) => setTimeout(r, 50));
    expect(views.length).toBe(count);
  });

  it('requestPersistentStorage asks once, and is a no-op without the API', async () => {
    let asked = 0;
    const storage = {
      persisted: () => Promise.resolve(false),
      persist: () => Promise.resolve(++asked > 0),
    };
    expect(await requestPersistentStorage(storage)).toBe(true);
    expect(asked).toBe(1);
    expect(
      await requestPersistentStorage({
        persisted: () => Promise.resolve(true),
        persist: () => Promise.reject(new Error('no')),
      }),
    ).toBe(true);
    expect(await requestPersistentStorage(undefined)).toBe(false);
  });
});
