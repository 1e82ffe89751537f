/**
 * DOM-test setup for the audit feature: the real offline layer (outbox on fake IndexedDB)
 * with a fake FHIR writer that records what it was asked to PUT, and a render that puts a
 * signed-in session, the offline services and the banner area around the UI.
 */
import type { FhirResource } from 'fhir/r4';
import type { ReactElement } from 'react';
import { render, testHost, testServer, testSession } from '../../../../test/support/render';
import { BannerArea } from '../../app/banners';
import type { FhirApi } from '../../fhir/FhirApi';
import type { Host } from '../../host/Host';
import { ConnectivityMonitor } from '../../offline/connectivity';
import type { FhirWriter } from '../../fhir/FhirApi';
import { OfflineContext, type OfflineServices } from '../../offline/OfflineContext';
import { openOfflineScope, type OfflineScope } from '../../offline/offline-scope';
import { WrappedKeyStorage } from '../../offline/keys';
import { SyncEngine } from '../../offline/sync-engine';
import { FakeSecrets, freshDb } from '../../offline/test-fakes';
import { MemoryAuditLog } from '../../host/memory-audit-log';

export const USER = 'Practitioner/test';

/** A FhirApi that nothing in these tests reads from. */
export const unusedApi: FhirApi = {
  serverUrl: testServer.fhirBaseUrl,
  read: () => Promise.reject(new Error('not used')),
  search: () => Promise.reject(new Error('not used')),
  fetchAll: () => Promise.reject(new Error('not used')),
};

export interface Offline {
  scope: OfflineScope;
  services: OfflineServices;
  /** `Type/id` of every PUT the outbox made, in order. */
  puts: string[];
  bodies: FhirResource[];
}

export async function openOffline(): Promise<Offline> {
  const scope = await openOfflineScope(
    { serverId: testServer.id, userKey: USER },
    new WrappedKeyStorage(new FakeSecrets()),
    { db: freshDb() },
  );
  const puts: string[] = [];
  const bodies: FhirResource[] = [];
  const writer: FhirWriter = {
    putIfNoneMatch: (type, id, body) => {
      puts.push(`${type}/${id}`);
      bodies.push(body);
      return Promise.resolve({ status: 201 });
    },
    put: (type, id, body) => {
      puts.push(`${type}/${id}`);
      bodies.push(body);
      return Promise.resolve({ status: 200 });
    },
    putIfMatch: (type, id, body) => {
      puts.push(`${type}/${id}`);
      bodies.push(body);
      return Promise.resolve({ status: 200 });
    },
  };
  const connectivity = new ConnectivityMonitor({ onLine: true });
  const services: OfflineServices = {
    scope,
    sync: new SyncEngine({ fhir: unusedApi, store: scope.store, outcomes: connectivity }),
    connectivity,
    writer,
    flushOutbox: () => scope.outbox.flush(writer, { force: true }).then(() => undefined),
    pinDays: 7,
  };
  return { scope, services, puts, bodies };
}

/** Renders `ui` signed in as {@link USER}, with the offline layer when given. */
export function renderAudit(
  ui: ReactElement,
  options: { log?: MemoryAuditLog; offline?: Offline; lng?: string; host?: Partial<Host> } = {},
) {
  const log = options.log ?? new MemoryAuditLog();
  const host = testHost({ auditLog: log, ...options.host });
  const offline = options.offline;
  // The same tree around every render, so `rerender` keeps the UI mounted.
  const wrap = (inner: ReactElement): ReactElement => {
    const withBanners = (
      <>
        <BannerArea closeLabel="Close" />
        {inner}
      </>
    );
    return offline ? (
      <OfflineContext.Provider value={offline.services}>{withBanners}</OfflineContext.Provider>
    ) : (
      withBanners
    );
  };
  const result = render(wrap(ui), {
    host,
    api: unusedApi,
    session: testSession(),
    ...(options.lng ? { lng: options.lng } : {}),
  });
  return { ...result, log, rerender: (next: ReactElement) => result.rerender(wrap(next)) };
}
