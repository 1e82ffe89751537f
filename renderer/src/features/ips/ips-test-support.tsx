/**
 * Test support for the IPS feature's DOM tests (imported by *.test.tsx only): the providers the
 * app wraps the IPS screens in — signed-in FHIR client, host (audit log, print), and an offline
 * layer whose encrypted store is a real RecordStore on fake-indexeddb — with fakes a test reads
 * back (audit entries, print calls, outbox writes).
 */
import type { ReactElement } from 'react';
import type { Bundle } from 'fhir/r4';
import type { AuditEntry } from '../../../../shared/audit/audit-entry';
import type { FhirApi } from '../../fhir/FhirApi';
import type { Host } from '../../host/Host';
import { OfflineContext, type OfflineServices } from '../../offline/OfflineContext';
import { BrowserKeyStorage, openKeyring } from '../../offline/keys';
import { IpsCache } from '../../offline/ips-cache';
import { RecordStore } from '../../offline/record-store';
import { freshDb, scopeA } from '../../offline/test-fakes';
import type { CacheDb } from '../../offline/db';
import { render, testHost } from '../../../../test/support/render';
import { fakeFhir } from '../records/test-utils';

export interface IpsTestEnv {
  readonly db: CacheDb;
  readonly store: RecordStore;
  readonly cache: IpsCache;
  readonly audit: AuditEntry[];
  readonly prints: { suggestedFileName: string; printRootShown: boolean }[];
  readonly host: Host;
  /** What `printView` answers next. */
  printResult: 'saved' | 'printed' | 'cancelled';
}

/** A fresh encrypted store and fakes; `offline: false` renders without an offline layer. */
export async function ipsTestEnv(): Promise<IpsTestEnv> {
  const db = freshDb();
  const { keyring } = await openKeyring(db, scopeA, new BrowserKeyStorage());
  const store = new RecordStore(db, scopeA, keyring);
  const audit: AuditEntry[] = [];
  const prints: IpsTestEnv['prints'] = [];
  const env: IpsTestEnv = {
    db,
    store,
    cache: new IpsCache(store),
    audit,
    prints,
    printResult: 'saved',
    host: testHost({
      auditLog: {
        append: (entry: AuditEntry) => {
          audit.push(entry);
          return Promise.resolve();
        },
        list: () => Promise.resolve([...audit].reverse()),
      },
      printView: (options: { suggestedFileName: string }) => {
        prints.push({
          suggestedFileName: options.suggestedFileName,
          printRootShown:
            document.documentElement.hasAttribute('data-ips-printing') &&
            document.querySelector('[data-ips-print-portal] [data-testid="ips-printout"]') !== null,
        });
        return Promise.resolve(env.printResult);
      },
    }),
  };
  return env;
}

/** The offline services the IPS screens use: the store (and the outbox the audit writes to). */
export function fakeOffline(env: IpsTestEnv): OfflineServices {
  const services = {
    scope: {
      scope: scopeA,
      db: env.db,
      store: env.store,
      outbox: { enqueue: () => Promise.resolve() },
    },
    flushOutbox: () => Promise.resolve(),
  };
  return services as unknown as OfflineServices;
}

/** A FhirApi whose `search` answers `$summary` with `summary` (or rejects with it). */
export function summaryFhir(
  summary: Bundle | Error,
  token = 'tok-123',
): FhirApi & {
  searched: string[];
} {
  const searched: string[] = [];
  return {
    ...fakeFhir([]),
    accessToken: () => token,
    searched,
    search: (path: string) => {
      searched.push(path);
      return summary instanceof Error ? Promise.reject(summary) : Promise.resolve(summary);
    },
  };
}

export interface RenderIpsOptions {
  readonly lng?: string;
  /** Default true: the encrypted cache is available. */
  readonly offline?: boolean;
  readonly api?: FhirApi;
}

export function renderIps(ui: ReactElement, env: IpsTestEnv, options: RenderIpsOptions = {}) {
  const content =
    options.offline === false ? (
      ui
    ) : (
      <OfflineContext.Provider value={fakeOffline(env)}>{ui}</OfflineContext.Provider>
    );
  return render(content, {
    lng: options.lng ?? 'en',
    host: env.host,
    api: options.api ?? { ...fakeFhir([]), accessToken: () => 'tok-123' },
  });
}
