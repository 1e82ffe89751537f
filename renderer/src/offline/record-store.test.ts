// The fixture is read from disk in the test only; the renderer itself never imports node:*.
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Bundle, FhirResource, Observation, Patient } from 'fhir/r4';
import { BrowserKeyStorage, openKeyring } from './keys';
import { RecordStore, requestPersistentStorage } from './record-store';
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
    expect(found.bytes.length).toBeGreaterThan(resources.length);
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
    const rows = await db.resources.toArray();
    for (const row of rows) for (const t of row.codeHmacs) expect(t).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const view = await store.readPatient(patient.id);
    expect(view.unreadable).toEqual([]);
    expect(view.resources).toHaveLength(resources.length);
    const read = view.resources.find((r) => r.resource.resourceType === 'Patient')
      ?.resource as Patient;
    expect(read.name?.[0]?.family).toBe('Conn');
  });

  it('a tampered byte makes that record unreadable; the rest still reads', async () => {
    const { db, store } = await setup();
    await store.putResources(
      'p1',
      [obs('a', '1', '2024-01-01'), obs('b', '2', '2024-01-02'), obs('c', '3', '2024-01-03')],
      'http://x',
    );
    const row = await db.resources.filter((r) => r.key.endsWith('|b')).first();
    if (!row) throw new Error('row missing');
    const bytes = new Uint8Array(row.ciphertext.slice(0));
    bytes[5] = (bytes[5] ?? 0) ^ 0x01;
    await db.resources.put({ ...row, ciphertext: bytes.buffer });
    const view = await store.readPatient('p1');
    expect(view.resources.map((r) => r.resource.id).sort()).toEqual(['a', 'c']);
    expect(view.unreadable).toEqual([
      {
        type: 'Observation',
        id: 'b',
        reason: expect.stringMatching(/cannot be decrypted/) as string,
      },
    ]);
  });

  it('ciphertexts swapped between rows fail authentication (AAD = row key)', async () => {
    const { db, store } = await setup();
    await store.putResources(
      'p1',
      [obs('a', '1', '2024-01-01'), obs('b', '2', '2024-01-02')],
      'http://x',
    );
    const [a, b] = await db.resources.toArray();
    if (!a || !b) throw new Error('rows missing');
    await db.resources.bulkPut([
      { ...a, iv: b.iv, ciphertext: b.ciphertext },
      { ...b, iv: a.iv, ciphertext: a.ciphertext },
    ]);
    const view = await store.readPatient('p1');
    expect(view.resources).toEqual([]);
    expect(view.unreadable.map((u) => u.id).sort()).toEqual(['a', 'b']);
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
    const row = await db.resources.filter((r) => r.key.endsWith('|a')).first();
    expect(row?.date).toBe('2024-01-01');
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
