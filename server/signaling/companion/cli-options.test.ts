import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { parseSignalingArgs } from '../cli';
import { companionOptionsFrom } from './cli-options';

const FHIR = 'https://fhir.clinic.example/r4';

async function privateJwk(): Promise<string> {
  const { privateKey } = await generateKeyPair('ES384', { extractable: true });
  return JSON.stringify({ ...(await exportJWK(privateKey)), kid: 'companion-2026' });
}

describe('companion settings of the standalone service', () => {
  it('parses the flags and builds the options from a key file', async () => {
    const parsed = parseSignalingArgs(
      [
        '--trust',
        `${FHIR}=https://fhir.clinic.example/jwks`,
        '--fhir-base',
        FHIR,
        '--companion-client-id',
        'signaling-companion',
        '--companion-key-file',
        '/etc/companion.jwk',
      ],
      {},
    );
    if (!parsed.ok) throw new Error(parsed.error);
    const jwk = await privateJwk();
    const read: string[] = [];
    const options = await companionOptionsFrom(
      { ...parsed.value, trustedIssuers: [FHIR] },
      {},
      (path) => {
        read.push(path);
        return Promise.resolve(jwk);
      },
    );
    expect(read).toEqual(['/etc/companion.jwk']);
    expect(options).toMatchObject({
      fhirBaseUrl: FHIR,
      clientId: 'signaling-companion',
      key: { kid: 'companion-2026', alg: 'ES384' },
    });
  });

  it('takes everything from the environment, the key itself included', async () => {
    const options = await companionOptionsFrom(
      { trustedIssuers: [FHIR] },
      {
        SIGNALING_FHIR_BASE: `${FHIR}/`,
        SIGNALING_COMPANION_CLIENT_ID: 'c1',
        SIGNALING_COMPANION_KEY: await privateJwk(),
      },
      () => Promise.reject(new Error('no file expected')),
    );
    expect(options?.fhirBaseUrl).toBe(FHIR);
  });

  it('is off when nothing is given, and an error when half is given or the server is not trusted', async () => {
    const never = () => Promise.reject(new Error('unused'));
    expect(await companionOptionsFrom({ trustedIssuers: [] }, {}, never)).toBeUndefined();
    await expect(
      companionOptionsFrom({ fhirBase: FHIR, trustedIssuers: [FHIR] }, {}, never),
    ).rejects.toThrow(/need --fhir-base, --companion-client-id and a key/);
    await expect(
      companionOptionsFrom(
        { fhirBase: FHIR, companionClientId: 'c1', trustedIssuers: [] },
        { SIGNALING_COMPANION_KEY: await privateJwk() },
        never,
      ),
    ).rejects.toThrow(/must also be trusted/);
    expect(parseSignalingArgs(['--fhir-base', 'not a url'], {})).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^fhirBase:/) as unknown,
    });
  });
});
