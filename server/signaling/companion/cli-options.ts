/**
 * The companion's settings for a standalone signaling service: the FHIR server of the records
 * (`--fhir-base`), the client id it registered the companion under (`--companion-client-id`),
 * and the private key (a JWK) from `--companion-key-file`, `SIGNALING_COMPANION_KEY_FILE` or
 * `SIGNALING_COMPANION_KEY` — never from the command line itself.
 */
import { loadBackendKey } from './keys';
import type { CompanionOptions } from './routes';

export interface CompanionArgs {
  fhirBase?: string | undefined;
  companionClientId?: string | undefined;
  companionKeyFile?: string | undefined;
  /** Issuers whose clinician tokens are trusted (`--trust`). */
  trustedIssuers: readonly string[];
}

/**
 * The companion options, undefined when none of its settings is given (the service then runs
 * without monitoring links). Half a configuration is an error naming what is missing.
 */
export async function companionOptionsFrom(
  args: CompanionArgs,
  env: Record<string, string | undefined>,
  readText: (path: string) => Promise<string>,
): Promise<CompanionOptions | undefined> {
  const fhirBase = args.fhirBase ?? env.SIGNALING_FHIR_BASE;
  const clientId = args.companionClientId ?? env.SIGNALING_COMPANION_CLIENT_ID;
  const keyFile = args.companionKeyFile ?? env.SIGNALING_COMPANION_KEY_FILE;
  const keyText = env.SIGNALING_COMPANION_KEY;
  const given = [fhirBase, clientId, keyFile ?? keyText].filter((v) => v !== undefined);
  if (given.length === 0) return undefined;
  if (fhirBase === undefined || clientId === undefined || (keyFile ?? keyText) === undefined)
    throw new Error(
      'monitoring links need --fhir-base, --companion-client-id and a key ' +
        '(--companion-key-file, SIGNALING_COMPANION_KEY_FILE or SIGNALING_COMPANION_KEY)',
    );
  const base = fhirBase.replace(/\/$/, '');
  if (!args.trustedIssuers.includes(base))
    throw new Error(
      `--fhir-base ${base} must also be trusted (--trust ${base}=<JWKS URL>): clinicians create the links with its tokens`,
    );
  const key = await loadBackendKey(
    keyFile === undefined ? (keyText ?? '') : await readText(keyFile),
  );
  return { fhirBaseUrl: base, clientId, key };
}
