import { describe, expect, it } from 'vitest';
import { checkSmartServer, smartConfigurationUrl } from './smart-configuration';
import { buildScope, EHR_SCOPE, STANDALONE_SCOPE } from './scopes';

const good = {
  authorization_endpoint: 'http://127.0.0.1:9000/auth/authorize',
  token_endpoint: 'http://127.0.0.1:9000/auth/token',
  capabilities: ['launch-standalone', 'launch-ehr', 'client-public', 'permission-offline'],
  code_challenge_methods_supported: ['S256'],
};

function fetchOf(response: () => Response): typeof fetch {
  return () => Promise.resolve(response());
}

describe('checkSmartServer', () => {
  it('accepts a complete document', async () => {
    const result = await checkSmartServer(
      'http://x/fhir',
      fetchOf(() => Response.json(good)),
    );
    expect(result).toMatchObject({ usable: true, problems: [] });
    expect(result.configuration?.token_endpoint).toBe(good.token_endpoint);
  });

  it('lists every missing capability in one answer', async () => {
    const doc = { ...good, capabilities: [], code_challenge_methods_supported: ['plain'] };
    const result = await checkSmartServer(
      'http://x/fhir',
      fetchOf(() => Response.json(doc)),
    );
    expect(result.usable).toBe(false);
    expect(result.problems.map((p) => p.code)).toEqual([
      'no-s256',
      'offers-plain',
      'no-public-client',
      'no-standalone',
      'no-offline',
    ]);
  });

  it('warns about plain PKCE and missing offline access but stays usable', async () => {
    const doc = {
      ...good,
      capabilities: ['launch-standalone', 'client-public'],
      code_challenge_methods_supported: ['S256', 'plain'],
    };
    const result = await checkSmartServer(
      'http://x/fhir',
      fetchOf(() => Response.json(doc)),
    );
    expect(result.usable).toBe(true);
    expect(result.problems.map((p) => p.code)).toEqual(['offers-plain', 'no-offline']);
  });

  it('explains unreachable, HTTP errors, non-JSON and invalid documents', async () => {
    const down = await checkSmartServer('http://x', () => Promise.reject(new TypeError('x')));
    expect(down.problems).toEqual([{ code: 'unreachable', severity: 'error' }]);
    const missing = await checkSmartServer(
      'http://x',
      fetchOf(() => new Response('', { status: 404 })),
    );
    expect(missing.problems).toEqual([{ code: 'http-error', severity: 'error', status: 404 }]);
    const html = await checkSmartServer(
      'http://x',
      fetchOf(() => new Response('<html/>', { headers: { 'content-type': 'text/html' } })),
    );
    expect(html.problems).toEqual([
      { code: 'not-json', severity: 'error', contentType: 'text/html' },
    ]);
    const invalid = await checkSmartServer(
      'http://x',
      fetchOf(() => Response.json({ ...good, token_endpoint: 42 })),
    );
    expect(invalid.problems).toEqual([
      { code: 'invalid-document', severity: 'error', field: 'token_endpoint' },
    ]);
  });

  it('gives up on a server that never answers, as a timeout problem', async () => {
    const silent: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        );
      });
    const result = await checkSmartServer('http://x', silent, { timeoutMs: 20 });
    expect(result).toEqual({
      usable: false,
      problems: [{ code: 'timeout', severity: 'error', seconds: 0.02 }],
    });
  });

  it('rejects with an AbortError when the caller cancels', async () => {
    const controller = new AbortController();
    const silent: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        );
      });
    const pending = checkSmartServer('http://x', silent, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('builds the discovery URL with one slash', () => {
    expect(smartConfigurationUrl('http://x/fhir/')).toBe(
      'http://x/fhir/.well-known/smart-configuration',
    );
  });
});

describe('buildScope', () => {
  it('uses the SMART 2 defaults when the server lists nothing', () => {
    expect(buildScope('standalone')).toBe(STANDALONE_SCOPE);
    expect(buildScope('ehr', [])).toBe(EHR_SCOPE);
  });

  it('narrows to scopes_supported, with v1 fallbacks', () => {
    const supported = ['openid', 'fhirUser', 'launch/patient', 'patient/*.read', 'offline_access'];
    expect(buildScope('standalone', supported)).toBe(
      'openid fhirUser launch/patient patient/*.read offline_access',
    );
  });

  it('keeps launch for EHR launch even when unlisted', () => {
    expect(buildScope('ehr', ['openid', 'patient/*.rs'])).toBe('launch openid patient/*.rs');
  });

  it('lets a configured scope win', () => {
    expect(buildScope('standalone', ['openid'], 'openid  patient/Patient.rs')).toBe(
      'openid patient/Patient.rs',
    );
  });
});
