/** Everything the request handlers share for one running sandbox. */
import type { GrantStore } from './auth/grants';
import type { TokenSigner } from './auth/tokens';
import type { Pager } from './fhir/paging';
import type { ResourceStore } from './fhir/store';
import type { MonitoringSimulator } from './monitoring/simulator';

export interface SandboxContext {
  origin: string;
  fhirBaseUrl: string;
  store: ResourceStore;
  pager: Pager;
  grants: GrantStore;
  signer: TokenSigner;
  tokenLifetimeSeconds: number;
  appLaunchUrl: string;
  corsOrigins: readonly string[];
  log: (line: string) => void;
  /** The remote-monitoring simulator, only when the sandbox was started with it. */
  monitoring?: MonitoringSimulator;
}
