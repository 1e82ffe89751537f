import { describe, expect, it } from 'vitest';
import type { Bundle, CarePlan, FhirResource } from 'fhir/r4';
import { heartFailurePlan, observation } from '../../../shared/monitoring/test-data';
import { type FetchAllOptions, type FhirApi, FhirRequestError } from '../fhir/FhirApi';
import { BrowserKeyStorage, openKeyring } from './keys';
import { syncMonitoredPatients, type MonitoringSyncDeps } from './monitoring-sync';
import { RecordStore } from './record-store';
import { freshDb, scopeA } from './test-fakes';

const BASE = 'http://127.0.0.1:9000/fhir';

/** Answers the monitoring searches from a list: the plan search, and per type by patient. */
class FakeFhir implements FhirApi {
  readonly serverUrl = BASE;
  readonly paths: string[] = [];
  resources: FhirResource[] = [];

  read<T extends FhirResource>(type: T['resourceType'], id: string): Promise<T> {
    const r = this.resources.find((x) => x.resourceType === type && x.id === id);
    return r
      ? Promise.resolve(r as T)
      : Promise.reject(new FhirRequestError('not-found', 'nf', { serverUrl: BASE }));
  }
  search(): Promise<Bundle> {
    return Promise.reject(new Error('not used'));
  }
  fetchAll(path: string, _options?: FetchAllOptions): Promise<FhirResource[]> {
    this.paths.push(path);
    const [type = '', query = ''] = path.split('?');
    const gt = new URLSearchParams(query).get('_lastUpdated')?.replace(/^gt/, '');
    return Promise.resolve(
      this.resources.filter(
        (r) =>
          r.resourceType === type &&
          (!gt || Date.parse(r.meta?.lastUpdated ?? '') > Date.parse(gt)),
      ),
    );
  }
}

const stamped = <T extends FhirResource>(r: T, version: string, lastUpdated: string): T => ({
  ...r,
  meta: { versionId: version, lastUpdated },
});

async function setup() {
  const db = freshDb();
  const { keyring } = await openKeyring(db, scopeA, new BrowserKeyStorage());
  let clock = Date.parse('2026-11-01T09:00:00Z');
  const store = new RecordStore(db, scopeA, keyring, () => clock);
  const fhir = new FakeFhir();
  const plan = stamped(heartFailurePlan('p1', '2026-08-01'), '1', '2026-08-01T09:00:00Z');
  fhir.resources = [
    stamped({ resourceType: 'Patient', id: 'p1' }, '1', '2026-01-01T00:00:00Z'),
    plan,
    stamped(
      observation('o1', 'p1', '29463-7', '2026-10-31T07:00:00Z', {
        value: 80,
        unit: 'kg',
      }) as unknown as FhirResource,
      '1',
      '2026-10-31T07:01:00Z',
    ),
  ];
  const deps: MonitoringSyncDeps = {
    fhir,
    store,
    now: () => clock,
    retry: { maxRetries: 0, baseMs: 1, sleep: () => Promise.resolve() },
    fallbackCheckpoint: (t) => new Date(t - 300_000).toISOString(),
  };
  const packKeys = (type: string): Promise<string[]> =>
    db.packs
      .where('[serverId+userKey+patientId+type]')
      .equals([scopeA.serverId, scopeA.userKey, 'p1', type])
      .primaryKeys();
  return { store, fhir, deps, plan, packKeys, tick: (ms: number) => (clock += ms) };
}

describe('syncMonitoredPatients', () => {
  it('writes nothing when nothing changed, but still stamps the checkpoints', async () => {
    const { store, deps, packKeys, tick } = await setup();
    const first = await syncMonitoredPatients(deps);
    expect(first).toEqual({ patientIds: ['p1'], written: 3, failed: [] });
    const planPacks = await packKeys('CarePlan');
    expect(planPacks).toHaveLength(1);

    tick(4000);
    const again = await syncMonitoredPatients(deps);
    expect(again.written).toBe(0);
    // The CarePlan pack was not re-sealed: its key (a change counter for the views) is the same.
    expect(await packKeys('CarePlan')).toEqual(planPacks);
    const checkpoints = await store.patients.listCheckpoints('p1');
    expect(checkpoints.find((c) => c.type === 'monitoring:Observation')?.syncedAt).toBe(
      Date.parse('2026-11-01T09:00:04Z'),
    );
  });

  it('writes a plan again when the server has a new version of it', async () => {
    const { store, fhir, deps, plan, packKeys } = await setup();
    await syncMonitoredPatients(deps);
    const before = await packKeys('CarePlan');
    const edited: CarePlan = { ...plan, title: 'Edited', meta: { versionId: '2' } };
    fhir.resources = fhir.resources.map((r) => (r.resourceType === 'CarePlan' ? edited : r));
    const result = await syncMonitoredPatients(deps);
    expect(result.written).toBe(1);
    expect(await packKeys('CarePlan')).not.toEqual(before);
    const cached = (await store.readByType('p1', 'CarePlan')).resources[0]?.resource as CarePlan;
    expect(cached.title).toBe('Edited');
  });
});
