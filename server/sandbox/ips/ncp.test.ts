import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../index';
import type { Sandbox } from '../index';
import { getSandboxToken } from '../test-client';
import { VISITOR_HOMES } from '../data/patients-visitors';
import { documentProblems } from './document-check';
import { visitorDocuments } from './visitors/index';

const DE = 'http://fhir.de/sid/gkv/kvid-10|M123456789';
const IT = 'http://hl7.it/sid/codiceFiscale|CRSNCL83P30H501Z';

let sb: Sandbox;
let userToken: string;
let germanPatientToken: string;
let otherPatientToken: string;

beforeAll(async () => {
  sb = await startSandbox();
  userToken = (await getSandboxToken(sb, { username: 'dr.rossi' })).access_token;
  germanPatientToken = (
    await getSandboxToken(sb, { username: 'dr.weber', patientId: 'sandbox-visitor-de' })
  ).access_token;
  otherPatientToken = (
    await getSandboxToken(sb, { username: 'dr.weber', patientId: 'sandbox-hypertension' })
  ).access_token;
});
afterAll(async () => {
  await sb.close();
});

function ncp(
  query: string,
  token: string | null = userToken,
  init: RequestInit = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token !== null) headers.set('Authorization', `Bearer ${token}`);
  return fetch(`${sb.origin}/ncp/ips${query}`, { ...init, headers });
}

async function diagnostics(res: Response): Promise<string> {
  const body = (await res.json()) as { resourceType: string; issue: { diagnostics: string }[] };
  expect(body.resourceType).toBe('OperationOutcome');
  expect(res.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
  return body.issue[0]?.diagnostics ?? '';
}

describe('GET /ncp/ips', () => {
  it.each(VISITOR_HOMES.map((h) => [h.country, h] as const))(
    'returns the %s visitor’s home document in the home language',
    async (country, home) => {
      const query = `?country=${country}&identifier=${encodeURIComponent(`${home.nationalId.system}|${home.nationalId.value}`)}`;
      const res = await ncp(query);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
      const doc = (await res.json()) as { language: string };
      expect(documentProblems(doc)).toEqual([]);
      expect(doc.language).toBe(home.language);
      const expected = visitorDocuments().find((v) => v.home === home)?.document;
      expect(JSON.stringify(doc)).toBe(JSON.stringify(expected));
    },
  );

  it('accepts a bare value and a lower-case country', async () => {
    const res = await ncp('?country=de&identifier=M123456789');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { language: string }).language).toBe('de-DE');
  });

  it('answers 404 with a clear message for an identifier the country does not hold', async () => {
    const unknown = await ncp(
      `?country=DE&identifier=${encodeURIComponent('http://fhir.de/sid/gkv/kvid-10|X000000000')}`,
    );
    expect(unknown.status).toBe(404);
    expect(await diagnostics(unknown)).toBe(
      'The DE national contact point has no patient summary for identifier http://fhir.de/sid/gkv/kvid-10|X000000000',
    );
    const wrongCountry = await ncp(`?country=IT&identifier=${encodeURIComponent(DE)}`);
    expect(wrongCountry.status).toBe(404);
  });

  it('answers 400 for a missing, unknown or repeated country and a missing identifier', async () => {
    const missing = await ncp(`?identifier=${encodeURIComponent(DE)}`);
    expect(missing.status).toBe(400);
    expect(await diagnostics(missing)).toBe(
      'country is required: one of DE, ES, FR, IT (ISO 3166-1 alpha-2)',
    );
    const unknown = await ncp(`?country=PT&identifier=${encodeURIComponent(DE)}`);
    expect(unknown.status).toBe(400);
    expect(await diagnostics(unknown)).toContain('country "PT" has no contact point here');
    expect((await ncp(`?country=Germany&identifier=${encodeURIComponent(DE)}`)).status).toBe(400);
    expect((await ncp(`?country=DE&country=IT&identifier=${encodeURIComponent(DE)}`)).status).toBe(
      400,
    );
    const noIdentifier = await ncp('?country=DE');
    expect(noIdentifier.status).toBe(400);
    expect(await diagnostics(noIdentifier)).toContain('identifier is required');
  });

  it('needs a bearer token (401 with WWW-Authenticate)', async () => {
    const res = await ncp(`?country=DE&identifier=${encodeURIComponent(DE)}`, null);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="sandbox", error="invalid_token"/,
    );
    expect(await diagnostics(res)).toContain('An access token is required');
    const forged = await ncp(`?country=DE&identifier=${encodeURIComponent(DE)}`, 'not-a-jwt');
    expect(forged.status).toBe(401);
  });

  it('lets a patient-scoped token fetch its own patient’s document only', async () => {
    expect(
      (await ncp(`?country=DE&identifier=${encodeURIComponent(DE)}`, germanPatientToken)).status,
    ).toBe(200);
    const other = await ncp(`?country=IT&identifier=${encodeURIComponent(IT)}`, germanPatientToken);
    expect(other.status).toBe(403);
    expect(await diagnostics(other)).toContain('limited to Patient/sandbox-visitor-de');
    // Decided before the lookup: an unknown identifier is 403 too, so existence is not revealed.
    expect((await ncp('?country=DE&identifier=X000000000', otherPatientToken)).status).toBe(403);
    expect(
      (await ncp(`?country=DE&identifier=${encodeURIComponent(DE)}`, otherPatientToken)).status,
    ).toBe(403);
  });

  it('refuses a token whose scopes do not cover every type in the document', async () => {
    const narrow = (
      await getSandboxToken(sb, {
        username: 'dr.weber',
        patientId: 'sandbox-visitor-de',
        scope: 'launch/patient patient/Patient.rs patient/Condition.rs',
      })
    ).access_token;
    const res = await ncp(`?country=DE&identifier=${encodeURIComponent(DE)}`, narrow);
    expect(res.status).toBe(403);
    expect(await diagnostics(res)).toContain('AllergyIntolerance');
  });

  it('answers only GET on /ncp/ips and 404 elsewhere under /ncp', async () => {
    const post = await ncp(`?country=DE&identifier=${encodeURIComponent(DE)}`, userToken, {
      method: 'POST',
    });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    const elsewhere = await fetch(`${sb.origin}/ncp/patients`, {
      headers: { Authorization: `Bearer ${userToken}` },
    });
    expect(elsewhere.status).toBe(404);
    expect(await diagnostics(elsewhere)).toContain('GET /ncp/ips');
  });

  it('gets CORS like the FHIR API: loopback origins yes, others no', async () => {
    const preflight = await fetch(`${sb.origin}/ncp/ips`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5174',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5174');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
    const query = `?country=DE&identifier=${encodeURIComponent(DE)}`;
    const allowed = await ncp(query, userToken, { headers: { Origin: 'http://127.0.0.1:5174' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5174');
    const foreign = await ncp(query, userToken, { headers: { Origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});
