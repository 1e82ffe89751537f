/**
 * The companion in the embedded demo (browser host and Electron): the sandbox runs in the same
 * process, so instead of a key file the companion gets a key pair made in memory at start, and
 * its public half is registered with the sandbox as a SMART backend client. Registration is
 * injected (server/sandbox/auth/backend-services.ts `registerBackendClient`), so the signaling
 * service never depends on the sandbox's code.
 */
import { COMPANION_SCOPES } from './backend-token';
import { generateBackendKey } from './keys';
import type { CompanionOptions } from './routes';

export const EMBEDDED_COMPANION_CLIENT_ID = 'signaling-companion';

/** The shape of the sandbox's `registerBackendClient`. */
export type RegisterBackendClient = (
  sandbox: { fhirBaseUrl: string },
  registration: {
    clientId: string;
    jwks: Awaited<ReturnType<typeof generateBackendKey>>['jwks'];
    scopes: readonly string[];
  },
) => () => void;

export interface EmbeddedCompanion {
  /** For `startSignalingServer({ companion })`. */
  options: CompanionOptions;
  /** Withdraws the registration (call when the services stop). */
  release(): void;
}

/** A fresh key registered with `sandbox` for exactly the scopes the companion uses. */
export async function embeddedCompanion(
  sandbox: { fhirBaseUrl: string },
  register: RegisterBackendClient,
): Promise<EmbeddedCompanion> {
  const { key, jwks } = await generateBackendKey();
  const release = register(sandbox, {
    clientId: EMBEDDED_COMPANION_CLIENT_ID,
    jwks,
    scopes: COMPANION_SCOPES.split(' '),
  });
  return {
    options: {
      fhirBaseUrl: sandbox.fhirBaseUrl,
      clientId: EMBEDDED_COMPANION_CLIENT_ID,
      key,
    },
    release,
  };
}
