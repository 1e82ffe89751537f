import { describe, expect, it } from 'vitest';
import type { Bundle, FhirResource } from 'fhir/r4';
import { type FetchAllOptions, type FhirApi, FhirRequestError } from '../fhir/FhirApi';
import { BrowserKeyStorage, openKeyring } from './keys';
import { RecordStore } from './record-store';
import { SyncEngine } from './sync-engine';
import { freshDb, scopeA } from './test-fakes';
import type { SyncProgress } from './contracts';

const BASE = 'http://127.0.0.1:9000/fhir';

/** An in-memory FHIR server answering $everything and `Type?patient=&_lastUpdated=gt` searches. */
class FakeFhir implements FhirApi {
  readonly serverUrl = BASE;
  readonly paths: string[] = [];
  resources: FhirResource[] = [];
  /** Throws this for paths matching the pattern (once per entry in `times`). */
  failures: { pattern: RegExp; error: FhirRequestError; times: number }[] = [];
  everything = true;

  read<T extends FhirResource>(type: T['resourceType'], id: string): Promise<T> {
    const r = this.resources.find((x) => x.resourceType === type && x.id === id);
    return r
      ? Promise.resolve(r as T)
      : Promise.reject(new FhirRequestError('not-found', 'nf', { serverUrl: BASE }));
  }
  search(): Promise<Bundle> {
    return Promise.reject(new Error('not used'));
  }
  fetchAll(path: string, options?: FetchAllOptions): Promise<FhirResource[]> {
    this.paths.push(path);
    if (options?.signal?.aborted)
      return Promise.reject(new FhirRequestError('aborted', 'aborted', { serverUrl: BASE }));
    const failure = this.failures.find((f) => f.times > 0 && f.pattern.test(path));
    if (failure) {
      failure.times--;
      return Promise.reject(failure.error);
    }
    const [head = '', query = ''] = path.split('?');
    const params = new URLSearchParams(query);
    const everything = /^Patient\/([^/]+)\/\$everything$/.exec(head);
    if (everything) {
      if (!this.everything)
        return Promise.reject(
          new FhirRequestError('not-found', 'no op', { serverUrl: BASE, status: 404 }),
        );
      return Promise.resolve(this.resources);
    }
    const gt = params.get('_lastUpdated')?.replace(/^gt/, '');
    const out = this.resources.filter(
      (r) =>
        r.resourceType === head && (!gt || Date.parse(r.meta?.lastUpdated ?? '') > Date.parse(gt)),
    );
    options?.onPage?.(out.length);
    return Promise.resolve(out);
  }
}

function res(
  type: 'Observation' | 'Condition' | 'Patient' | 'Claim',
  id: string,
  lastUpdated: string,
): FhirResource {
  const base = { id, meta: { lastUpdated, versionId: lastUpdated } };
  if (type === 'Patient') return { resourceType: 'Patient', ...base };
  if (type === 'Claim') return { resourceType: 'Claim', ...base } as unknown as FhirResource;
  if (type === 'Condition')
    return { resourceType: 'Condition', ...base, subject: { reference: 'Patient/p1' } };
  return { resourceType: 'Observation', ...base, status: 'final', code: { text: id } };
}

async function setup() {
  const db = freshDb();
  const { keyring } = await openKeyring(db, scopeA, new BrowserKeyStorage());
  let clock = Date.parse('2024-06-01T12:00:00Z');
  const store = new RecordStore(db, scopeA, keyring, () => clock);
  const fhir = new FakeFhir();
  fhir.resources = [
    res('Patient', 'p1', '2024-01-01T00:00:00Z'),
    res('Observation', 'o1', '2024-03-01T00:00:00Z'),
    res('Observation', 'o2', '2024-04-01T00:00:00Z'),
    res('Condition', 'c1', '2024-02-01T00:00:00Z'),
    res('Claim', 'cl1', '2024-02-01T00:00:00Z'),
  ];
  const outcomes = {
    ok: 0,
    failed: 0,
    reportSuccess() {
      this.ok++;
    },
    reportFailure() {
      this.failed++;
    },
  };
  const engine = new SyncEngine({
    fhir,
    store,
    outcomes,
    now: () => clock,
    sleep: () => Promise.resolve(),
  });
  return { db, store, fhir, engine, outcomes, tick: (ms: number) => (clock += ms) };
}

const ids = async (store: RecordStore) =>
  (await store.listIds('p1')).map((r) => `${r.type}/${r.id}`).sort();

describe('SyncEngine', () => {
  it('full sync: $everything, noise dropped, per-type checkpoints = max lastUpdated, progress with counts', async () => {
    const { store, fhir, engine, outcomes } = await setup();
    const progress: SyncProgress[] = [];
    const result = await engine.syncPatient('p1', { onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ phase: 'full', written: 4, deleted: 0, missingTypes: [] });
    expect(fhir.paths).toEqual(['Patient/p1/$everything?_count=500']);
    expect(await ids(store)).toEqual([
      'Condition/c1',
      'Observation/o1',
      'Observation/o2',
      'Patient/p1',
    ]);
    expect((await store.patients.getCheckpoint('p1', 'Observation'))?.lastUpdated).toBe(
      '2024-04-01T00:00:00Z',
    );
    expect((await store.patients.getCheckpoint('p1', 'Condition'))?.lastUpdated).toBe(
      '2024-02-01T00:00:00Z',
    );
    // A type with nothing yet starts at sync time minus the skew margin.
    expect((await store.patients.getCheckpoint('p1', 'Procedure'))?.lastUpdated).toBe(
      '2024-06-01T11:55:00.000Z',
    );
    expect(await store.patients.getCheckpoint('p1', 'Claim')).toBeUndefined();
    expect(progress.at(-1)).toEqual({ patientId: 'p1', phase: 'full', resources: 4, done: true });
    expect(outcomes.ok).toBe(1);
  });

  it('a large record writes everything but observations first, checkpoints only with the rest', async () => {
    const { store, fhir, engine } = await setup();
    for (let i = 0; i < 1200; i++) {
      fhir.resources.push(res('Observation', `big${i}`, '2024-05-01T00:00:00Z'));
    }
    const batches: { types: string[]; checkpoints: boolean }[] = [];
    const original = store.writeBatch.bind(store);
    store.writeBatch = (batch) => {
      batches.push({
        types: [...new Set(batch.resources.map((r) => r.resourceType))].sort(),
        checkpoints: batch.checkpoints !== undefined,
      });
      return original(batch);
    };
    const result = await engine.syncPatient('p1');
    expect(batches).toEqual([
      { types: ['Condition', 'Patient'], checkpoints: false },
      { types: ['Observation'], checkpoints: true },
    ]);
    expect(result.written).toBe(1204);
    expect((await store.listIds('p1')).length).toBe(1204);
    expect((await store.patients.getCheckpoint('p1', 'Observation'))?.lastUpdated).toBe(
      '2024-05-01T00:00:00Z',
    );
  });

  it('incremental sync asks only for newer resources per type and advances checkpoints', async () => {
    const { store, fhir, engine, tick } = await setup();
    await engine.syncPatient('p1');
    fhir.paths.length = 0;
    fhir.resources.push(res('Observation', 'o3', '2024-06-01T12:30:00Z'));
    tick(3_600_000);
    const result = await engine.syncPatient('p1');
    expect(result).toMatchObject({ phase: 'incremental', written: 1 });
    expect(fhir.paths).toContain(
      'Observation?patient=p1&_lastUpdated=gt2024-04-01T00%3A00%3A00Z&_count=500',
    );
    expect(fhir.paths).toContain(
      'Patient?_id=p1&_lastUpdated=gt2024-01-01T00%3A00%3A00Z&_count=500',
    );
    expect(fhir.paths.some((p) => p.includes('$everything'))).toBe(false);
    expect((await store.patients.getCheckpoint('p1', 'Observation'))?.lastUpdated).toBe(
      '2024-06-01T12:30:00Z',
    );
    expect((await store.patients.get('p1'))?.syncedAt).toBe(Date.parse('2024-06-01T13:00:00Z'));
  });

  it('a failed or cancelled incremental sync does not advance the checkpoint', async () => {
    const { store, fhir, engine } = await setup();
    await engine.syncPatient('p1');
    fhir.resources.push(res('Observation', 'o3', '2024-06-01T12:30:00Z'));
    fhir.failures.push({
      pattern: /^Observation\?/,
      error: new FhirRequestError('unreachable', 'down', { serverUrl: BASE }),
      times: 1,
    });
    await expect(engine.syncPatient('p1', { mode: 'incremental' })).rejects.toThrow('down');
    expect((await store.patients.getCheckpoint('p1', 'Observation'))?.lastUpdated).toBe(
      '2024-04-01T00:00:00Z',
    );
    const controller = new AbortController();
    controller.abort();
    await expect(
      engine.syncPatient('p1', { mode: 'incremental', signal: controller.signal }),
    ).rejects.toThrow();
    expect((await store.patients.getCheckpoint('p1', 'Observation'))?.lastUpdated).toBe(
      '2024-04-01T00:00:00Z',
    );
    expect(await ids(store)).not.toContain('Observation/o3');
    // Next time it works and picks up o3.
    await engine.syncPatient('p1', { mode: 'incremental' });
    expect(await ids(store)).toContain('Observation/o3');
  });

  it('retries 429/503 with backoff, and a forbidden type does not stop the rest', async () => {
    const { store, fhir, engine } = await setup();
    await engine.syncPatient('p1');
    fhir.resources.push(
      res('Observation', 'o3', '2024-06-01T12:30:00Z'),
      res('Condition', 'c2', '2024-06-01T12:30:00Z'),
    );
    fhir.failures.push(
      {
        pattern: /^Observation\?/,
        error: new FhirRequestError('server-error', 'busy', { serverUrl: BASE, status: 429 }),
        times: 2,
      },
      {
        pattern: /^Condition\?/,
        error: new FhirRequestError('forbidden', 'no', { serverUrl: BASE, status: 403 }),
        times: 1,
      },
    );
    const result = await engine.syncPatient('p1', { mode: 'incremental' });
    expect(result.missingTypes).toEqual(['Condition']);
    expect(await ids(store)).toContain('Observation/o3');
    expect(await ids(store)).not.toContain('Condition/c2');
    expect((await store.patients.getCheckpoint('p1', 'Condition'))?.lastUpdated).toBe(
      '2024-02-01T00:00:00Z',
    );
  });

  it('full sync detects deletions; falls back to per-type searches without $everything', async () => {
    const { store, fhir, engine, tick } = await setup();
    await engine.syncPatient('p1');
    fhir.resources = fhir.resources.filter((r) => r.id !== 'o1');
    fhir.everything = false;
    fhir.paths.length = 0;
    tick(2 * 86_400_000); // past fullSyncEveryMs: auto mode runs a full sync
    const result = await engine.syncPatient('p1');
    expect(result).toMatchObject({ phase: 'full', deleted: 1 });
    expect(fhir.paths).toContain('Observation?patient=p1&_count=200');
    expect(await ids(store)).toEqual(['Condition/c1', 'Observation/o2', 'Patient/p1']);
  });

  it('refreshRecentAndPinned syncs pinned first, then recent, within maxPatients', async () => {
    const { store, engine, tick } = await setup();
    await store.patients.touch('recent', Date.parse('2024-06-01T11:00:00Z'));
    await store.patients.touch('old', Date.parse('2024-01-01T00:00:00Z'));
    await store.patients.touch('p1', Date.parse('2024-01-01T00:00:00Z'));
    await store.patients.pin('p1', 3);
    tick(1);
    const results = await engine.refreshRecentAndPinned({ maxPatients: 1 });
    expect(results.map((r) => r.patientId)).toEqual(['p1']);
    expect(results[0]?.result?.written).toBe(4);
  });
});
