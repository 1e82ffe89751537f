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
import { forgetBackendClients } from './auth/backend-services';
import { handleRequest } from './server';
import { openSandboxState } from './state/index';
import { READINGS_PATH } from './monitoring/control-route';
import {
  MIN_INTERVAL_MS,
  MIN_SECRET_LENGTH,
  MonitoringSimulator,
  SECRET_HEADER,
  generateSecret,
} from './monitoring/simulator';
import type { StoredResource } from './fhir/types';

export { DEMO_ACCOUNTS } from './auth/accounts';
export type { DemoAccount } from './auth/accounts';
export type { DemoPatient } from './data/manifest';
export { DEFAULT_SEED } from './data/generate';
export { BundleLoadError } from './data/load-bundles';
export { cgmYear } from './data/monitoring-cgm';
export type { CgmPoint } from './data/monitoring-cgm';
export { syntheticMonitoringCohort } from './data/monitoring-cohort';
export type { SyntheticMonitoredPatient } from './data/monitoring-cohort';

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
  /**
   * The remote-monitoring simulator (`POST /sandbox/monitoring/readings`, optional interval
   * mode). Off by default: it writes readings without a SMART token, so an embedder opts in.
   * `true` = on with a random secret and no interval.
   */
  simulator?: boolean | SimulatorOptions;
  log?: (line: string) => void;
}

export interface SimulatorOptions {
  /** Secret for the X-Sandbox-Admin-Secret header (≥ 16 characters); default: random. */
  secret?: string;
  /** Add a plausible reading per monitored metric and patient this often (ms, ≥ 1000). */
  everyMs?: number;
  /** Seed of the interval mode's values (default fixed). */
  seed?: number;
}

/** How to reach a running simulator. */
export interface SimulatorHandle {
  /** `${origin}/sandbox/monitoring/readings` */
  readingsUrl: string;
  /** The header to send the secret in. */
  secretHeader: string;
  secret: string;
  /** Interval in ms, when the interval mode runs. */
  everyMs?: number;
  /** Runs one interval round now and returns the Observations it stored. */
  tick(): StoredResource[];
}

export interface Sandbox {
  origin: string;
  /** `${origin}/fhir` */
  fhirBaseUrl: string;
  /** Present when started with `simulator`. */
  simulator?: SimulatorHandle;
  close(): Promise<void>;
}

/** True for addresses that only this machine can reach. */
export function isLoopbackAddress(address: string): boolean {
  return (
    /^127(?:\.\d{1,3}){3}$/.test(address) ||
    address === '::1' ||
    /^::ffff:127(?:\.\d{1,3}){3}$/.test(address)
  );
}

function simulatorOptions(
  option: SandboxOptions['simulator'],
): (SimulatorOptions & { secret: string }) | undefined {
  if (option === undefined || option === false) return undefined;
  const o = option === true ? {} : option;
  if (o.secret !== undefined && o.secret.length < MIN_SECRET_LENGTH)
    throw new Error(`simulator.secret needs at least ${MIN_SECRET_LENGTH} characters`);
  if (o.everyMs !== undefined && !(Number.isFinite(o.everyMs) && o.everyMs >= MIN_INTERVAL_MS))
    throw new Error(`simulator.everyMs must be at least ${MIN_INTERVAL_MS}`);
  return { ...o, secret: o.secret ?? generateSecret() };
}

/** Manifest of the synthetic patients for the default seed (ids, names and known values). */
export const DEMO_PATIENTS: readonly DemoPatient[] = buildManifest(datasetFor(DEFAULT_SEED));

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const log = options.log ?? ((): void => undefined);
  const simulate = simulatorOptions(options.simulator);
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
  const { port, address } = server.address() as AddressInfo;
  let simulator: MonitoringSimulator | undefined;
  try {
    // The control endpoint writes without a token: never on an address others can reach.
    if (simulate && !isLoopbackAddress(address))
      throw new Error(`The monitoring simulator is refused on the non-loopback address ${address}`);
    if (simulate)
      simulator = new MonitoringSimulator(store, {
        secret: simulate.secret,
        seed: simulate.seed,
        log,
      });
  } catch (error) {
    server.close();
    state?.close();
    throw error;
  }
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
    ...(simulator ? { monitoring: simulator } : {}),
  };
  server.on('request', (req, res) => {
    void handleRequest(ctx, req, res);
  });
  log(`sandbox listening on ${origin} (${store.count('Patient')} patients)`);
  let handle: SimulatorHandle | undefined;
  if (simulator && simulate) {
    const sim = simulator;
    if (simulate.everyMs !== undefined) sim.start(simulate.everyMs);
    handle = {
      readingsUrl: `${origin}${READINGS_PATH}`,
      secretHeader: SECRET_HEADER,
      secret: simulate.secret,
      ...(simulate.everyMs === undefined ? {} : { everyMs: simulate.everyMs }),
      tick: () => sim.tick(),
    };
    log(`monitoring simulator on at ${handle.readingsUrl}`);
  }
  return {
    origin,
    fhirBaseUrl,
    ...(handle ? { simulator: handle } : {}),
    close: async () => {
      simulator?.stop();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      state?.close();
      // A later sandbox on the same port must not inherit this one's backend clients.
      forgetBackendClients(fhirBaseUrl);
    },
  };
}
