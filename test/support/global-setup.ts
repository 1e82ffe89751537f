/**
 * Starts one browser host + sandbox (with the shared Synthea fixtures loaded) for the E2E
 * run, and returns the teardown that stops exactly that process.
 */
import { resolve } from 'node:path';
import { fixturesRoot, startWebHostProcess } from './web-host-process';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const host = await startWebHostProcess(['--data', resolve(fixturesRoot, 'synthea')]);
  process.env.E2E_APP_URL = host.url;
  process.env.E2E_FHIR_BASE_URL = host.fhirBaseUrl;
  return () => host.stop();
}
