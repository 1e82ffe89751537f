/**
 * The embedded SMART App Launch 2 sandbox: an authorization server plus a FHIR R4 REST API
 * over deterministic synthetic patients, on 127.0.0.1. Used by `npm start` and every test.
 * See README.md in this folder.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GrantStore } from './auth/grants';
import { TokenSigner } from './auth/tokens';
import type { SandboxContext } from './context';
import { generateDataset, DEFAULT_SEED } from './data/generate';
import { buildManifest } from './data/manifest';
import type { DemoPatient } from './data/manifest';
import type { GeneratedResource } from './data/builder';
import { loadDataDirs } from './data/load-bundles';
import { Pager } from './fhir/paging';
import { ResourceStore } from './fhir/store';
import { warmSearchIndexes } from './fhir/search';
import { handleRequest } from './server';
import { openSandboxState } from './state/index';

export { DEMO_ACCOUNTS } from './auth/accounts';
export type { DemoAccount } from './auth/accounts';
export type { DemoPatient } from './data/manifest';
export { DEFAULT_SEED } from './data/generate';
export { BundleLoadError } from './data/load-bundles';

let defaultDataset: GeneratedResource[] | undefined;

/**
 * The default-seed dataset is generated once per process and shared by DEMO_PATIENTS and every
 * sandbox: the store never mutates what it is given (writes replace whole objects).
 */
function datasetFor(seed: number): GeneratedResource[] {
  if (seed !== DEFAULT_SEED) return generateDataset(seed);
  defaultDataset ??= generateDataset(DEFAULT_SEED);
  return defaultDataset;
}

export interface SandboxOptions {
  /** Port on 127.0.0.1; default 0 = a free port. */
  port?: number;
  /** Extra folders of FHIR Bundles (*.json) to load, e.g. ../shared/fixtures/synthea. */
  dataDirs?: string[];
  /** Seed for the synthetic data; same seed ⇒ byte-identical resources. */
  seed?: number;
  /** Access-token lifetime in seconds (default 3600). */
  tokenLifetimeSeconds?: number;
  /** Refresh-token lifetime in seconds (default 24 h). */
  refreshTokenLifetimeSeconds?: number;
  /** Where the EHR-launch page sends the browser (default http://127.0.0.1:5174/). */
  appLaunchUrl?: string;
  /**
   * Folder that keeps the sandbox's state across restarts (created if missing): the signing key
   * (tokens stay valid), refresh tokens, and a journal of every FHIR write, fsync'd before the
   * response and replayed on top of the generated and `dataDirs` resources at start. Restart on
   * the same port: tokens name the FHIR base URL as issuer. Without it everything is in memory.
   */
  stateDir?: string;
  /** Origins besides http://127.0.0.1:* and http://localhost:* that get CORS (e.g. `app://workstation`). */
  corsOrigins?: string[];
  log?: (line: string) => void;
}

export interface Sandbox {
  origin: string;
  /** `${origin}/fhir` */
  fhirBaseUrl: string;
  close(): Promise<void>;
}

/** Manifest of the synthetic patients for the default seed (ids, names and known values). */
export const DEMO_PATIENTS: readonly DemoPatient[] = buildManifest(datasetFor(DEFAULT_SEED));

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const log = options.log ?? ((): void => undefined);
  const store = new ResourceStore();
  for (const { resource, lastUpdated } of datasetFor(options.seed ?? DEFAULT_SEED))
    store.put(resource, { lastUpdated });
  await loadDataDirs(store, options.dataDirs ?? [], log);
  const state =
    options.stateDir === undefined ? undefined : await openSandboxState(options.stateDir, log);
  state?.attach(store);
  warmSearchIndexes(store);

  const server = createServer();
  // Keep-alive sockets would hold close() open; tests start and stop many sandboxes.
  server.keepAliveTimeout = 1000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    state?.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const fhirBaseUrl = `${origin}/fhir`;
  const ctx: SandboxContext = {
    origin,
    fhirBaseUrl,
    store,
    pager: new Pager(store, fhirBaseUrl),
    grants: new GrantStore((options.refreshTokenLifetimeSeconds ?? 86_400) * 1000, state?.refresh),
    signer: await TokenSigner.create(fhirBaseUrl, fhirBaseUrl, state?.signingKey),
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    appLaunchUrl: options.appLaunchUrl ?? 'http://127.0.0.1:5174/',
    corsOrigins: options.corsOrigins ?? [],
    log,
  };
  server.on('request', (req, res) => {
    void handleRequest(ctx, req, res);
  });
  log(`sandbox listening on ${origin} (${store.count('Patient')} patients)`);
  return {
    origin,
    fhirBaseUrl,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      state?.close();
    },
  };
}
