/**
 * The page the cache benchmarks drive in real Chromium (built with Vite at bench time, see
 * ../cache-env.ts). It runs the real offline code — CacheDb, BrowserKeyStorage,
 * openOfflineScope, RecordStore — next to a raw baseline: a plain Dexie table of plaintext
 * rows with the same compound indexes. Every function returns elapsed ms from
 * performance.now(), measured here in the page so Playwright's round trips are not counted.
 */
import { Dexie, type Table } from 'dexie';
import type { FhirResource } from 'fhir/r4';
import { CacheDb } from '../../renderer/src/offline/db';
import { BrowserKeyStorage } from '../../renderer/src/offline/keys';
import { openOfflineScope, type OfflineScope } from '../../renderer/src/offline/offline-scope';

/** Plaintext row of the baseline: the resource as a parsed object, no encryption, no HMACs. */
interface RawRow {
  key: string;
  serverId: string;
  userKey: string;
  patientId: string;
  type: string;
  fetchedAt: number;
  resource: FhirResource;
}

class RawDb extends Dexie {
  rows!: Table<RawRow, string>;
  constructor() {
    super('bench-raw');
    // The same primary key and compound indexes as CacheDb.resources (minus the HMAC index).
    this.version(1).stores({
      rows: 'key, [serverId+userKey], [serverId+userKey+patientId], [serverId+userKey+patientId+type]',
    });
  }
}

const SCOPE = { serverId: 'bench', userKey: 'Practitioner/bench' };
const SOURCE = 'http://127.0.0.1/fhir';
/** Patient id the write benchmarks write into (kept apart from the rows the reads use). */
const WRITE_TARGET = 'bench-write-target';

let offline: OfflineScope | undefined;
let raw: RawDb | undefined;
const data = new Map<string, readonly FhirResource[]>();

function ready(): { offline: OfflineScope; raw: RawDb } {
  if (!offline || !raw) throw new Error('cacheBench.setup() has not run');
  return { offline, raw };
}

function rawRows(patientId: string, resources: readonly FhirResource[], at: number): RawRow[] {
  return resources
    .filter((r) => r.id)
    .map((resource) => ({
      key: `${SCOPE.serverId}|${SCOPE.userKey}|${patientId}|${resource.resourceType}|${resource.id ?? ''}`,
      ...SCOPE,
      patientId,
      type: resource.resourceType,
      fetchedAt: at,
      resource,
    }));
}

function resourcesOf(patientId: string): readonly FhirResource[] {
  const resources = data.get(patientId);
  if (!resources) throw new Error(`no resources for ${patientId}`);
  return resources;
}

function expectCount(what: string, got: number, want: number): void {
  if (got !== want) throw new Error(`${what}: read ${got} resources, expected ${want}`);
}

const cacheBench = {
  /** Empties both databases, opens the encrypted scope and fills both with every patient. */
  async setup(patients: { id: string; resources: FhirResource[] }[]): Promise<number> {
    await Promise.all([Dexie.delete('cw-cache'), Dexie.delete('bench-raw')]);
    offline = await openOfflineScope(SCOPE, new BrowserKeyStorage(), { db: new CacheDb() });
    raw = new RawDb();
    await raw.open();
    const start = performance.now();
    for (const { id, resources } of patients) {
      data.set(id, resources);
      await offline.store.putResources(id, resources, SOURCE);
      await raw.rows.bulkPut(rawRows(id, resources, Date.now()));
    }
    return performance.now() - start;
  },

  /** Opens a chart from the encrypted cache: index read + decrypt + parse of every row. */
  async openEncrypted(patientId: string): Promise<number> {
    const { offline: o } = ready();
    const start = performance.now();
    const view = await o.store.readPatient(patientId);
    const elapsed = performance.now() - start;
    expectCount('encrypted', view.resources.length, resourcesOf(patientId).length);
    return elapsed;
  },

  /** The same rows from the plaintext table by the same compound index. */
  async openRaw(patientId: string): Promise<number> {
    const { raw: r } = ready();
    const start = performance.now();
    const rows = await r.rows
      .where('[serverId+userKey+patientId]')
      .equals([SCOPE.serverId, SCOPE.userKey, patientId])
      .toArray();
    const resources = rows.map((row) => row.resource);
    const elapsed = performance.now() - start;
    expectCount('raw', resources.length, resourcesOf(patientId).length);
    return elapsed;
  },

  /** Writes the patient's resources with RecordStore.putResources (one transaction). */
  async writeEncrypted(patientId: string): Promise<number> {
    const { offline: o } = ready();
    const resources = resourcesOf(patientId);
    await o.store.purgePatient(WRITE_TARGET);
    const start = performance.now();
    const written = await o.store.putResources(WRITE_TARGET, resources, SOURCE);
    const elapsed = performance.now() - start;
    expectCount('encrypted write', written, resources.length);
    return elapsed;
  },

  /** Baseline: plaintext rows built and bulkPut in one transaction. */
  async writeRaw(patientId: string): Promise<number> {
    const { raw: r } = ready();
    const resources = resourcesOf(patientId);
    await r.rows
      .where('[serverId+userKey+patientId]')
      .equals([SCOPE.serverId, SCOPE.userKey, WRITE_TARGET])
      .delete();
    const start = performance.now();
    const rows = rawRows(WRITE_TARGET, resources, Date.now());
    await r.transaction('rw', r.rows, () => r.rows.bulkPut(rows));
    const elapsed = performance.now() - start;
    expectCount('raw write', rows.length, resources.length);
    return elapsed;
  },

  /** The patient's `$everything` pages straight from the server, following `next` links. */
  async fetchNetwork(arg: { base: string; bearer: string; id: string; count: number }) {
    const start = performance.now();
    let url: string | undefined = `${arg.base}/Patient/${arg.id}/$everything?_count=${arg.count}`;
    let resources = 0;
    while (url) {
      const response = await fetch(url, {
        headers: { Authorization: `Bearer ${arg.bearer}`, Accept: 'application/fhir+json' },
      });
      if (!response.ok) throw new Error(`$everything: HTTP ${response.status}`);
      const bundle = JSON.parse(await response.text()) as {
        entry?: unknown[];
        link?: { relation: string; url: string }[];
      };
      resources += bundle.entry?.length ?? 0;
      url = bundle.link?.find((l) => l.relation === 'next')?.url;
    }
    const elapsed = performance.now() - start;
    expectCount('network', resources, resourcesOf(arg.id).length);
    return elapsed;
  },
};

export type CacheBench = typeof cacheBench;

declare global {
  interface Window {
    cacheBench?: CacheBench;
  }
}

window.cacheBench = cacheBench;
