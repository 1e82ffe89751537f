/** Test helpers for the offline layer: a fresh fake-IndexedDB database per test, fake secrets. */
import { Dexie } from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import type { SecretStore } from '../host/Host';
import type { CacheScope } from './contracts';
import { CacheDb } from './db';

// Dexie's defaults, not constructor options: liveQuery only emits for databases opened on
// Dexie.dependencies (with constructor options it stays silent).
Dexie.dependencies.indexedDB = indexedDB;
Dexie.dependencies.IDBKeyRange = IDBKeyRange;

let counter = 0;

/** A new, empty database (unique name) on fake-indexeddb. */
export function freshDb(upTo?: number, name = `cw-cache-test-${++counter}`): CacheDb {
  return new CacheDb(name, undefined, upTo);
}

export const scopeA: CacheScope = { serverId: 'sandbox', userKey: 'Practitioner/p1' };
export const scopeB: CacheScope = { serverId: 'sandbox', userKey: 'Practitioner/p2' };

/** host.secrets stand-in; `persistent` decides whether keys outlive the "session". */
export class FakeSecrets implements SecretStore {
  readonly map = new Map<string, string>();
  failSet = false;
  constructor(readonly persistent = true) {}
  get(key: string): Promise<string | null> {
    return Promise.resolve(this.map.get(key) ?? null);
  }
  set(key: string, value: string): Promise<void> {
    if (this.failSet) return Promise.reject(new Error('safeStorage unavailable'));
    this.map.set(key, value);
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.map.delete(key);
    return Promise.resolve();
  }
}
