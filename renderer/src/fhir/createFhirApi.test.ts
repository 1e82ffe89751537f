import type { DocumentReference } from 'fhir/r4';
import { describe, expect, it, vi } from 'vitest';
import { createFhirApi, type FhirApiOptions } from './createFhirApi';
import { FhirRequestError } from './FhirApi';

const BASE = 'http://127.0.0.1:9000/fhir';

type Route = (url: string, init: RequestInit | undefined) => Response | Promise<Response>;

function fhirJson(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/fhir+json' },
  });
}

function setup(route: Route, overrides: Partial<FhirApiOptions> = {}) {
  const calls: { url: string; auth: string | undefined }[] = [];
  const fetchMock = vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({ url, auth: headers.authorization });
    return Promise.resolve(route(url, init));
  });
  let token = 'tok-1';
  const refresh = vi.fn(() => {
    token = 'tok-2';
    return Promise.resolve(true);
  });
  const onUnauthorized = vi.fn();
  const api = createFhirApi({
    serverUrl: `${BASE}/`,
    serverName: 'Test FHIR',
    getAccessToken: () => token,
    refresh,
    onUnauthorized,
    fetch: fetchMock,
    ...overrides,
  });
  return { api, calls, refresh, onUnauthorized };
}

async function caught(promise: Promise<unknown>): Promise<FhirRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FhirRequestError);
  return error as FhirRequestError;
}

const patient = { resourceType: 'Patient', id: 'p1' };

describe('createFhirApi', () => {
  it('reads a resource with the bearer token', async () => {
    const { api, calls } = setup(() => fhirJson(patient));
    await expect(api.read('Patient', 'p1')).resolves.toEqual(patient);
    expect(calls).toEqual([{ url: `${BASE}/Patient/p1`, auth: 'Bearer tok-1' }]);
    expect(api.serverUrl).toBe(BASE);
  });

  it('encodes search parameters, repeating array values', async () => {
    const { api, calls } = setup(() => fhirJson({ resourceType: 'Bundle', type: 'searchset' }));
    await api.search('Patient', { name: 'van Dijk', birthdate: ['ge2000-01-01', 'le2001-01-01'] });
    expect(calls[0]?.url).toBe(
      `${BASE}/Patient?name=van+Dijk&birthdate=ge2000-01-01&birthdate=le2001-01-01`,
    );
  });

  it('reports an unreachable server by name', async () => {
    const { api } = setup(() => {
      throw new TypeError('Failed to fetch');
    });
    const error = await caught(api.read('Patient', 'p1'));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toBe(`Cannot reach Test FHIR (${BASE})`);
    expect(error.details.serverUrl).toBe(BASE);
  });

  it('reports an aborted request as aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { api } = setup(() => {
      throw new DOMException('aborted', 'AbortError');
    });
    expect((await caught(api.read('Patient', 'p1', controller.signal))).kind).toBe('aborted');
  });

  it('names the content type when the body is not JSON', async () => {
    const { api } = setup(
      () => new Response('<html>login</html>', { headers: { 'content-type': 'text/html' } }),
    );
    const error = await caught(api.read('Patient', 'p1'));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('"text/html", not JSON');
    expect(error.details).toMatchObject({ contentType: 'text/html', expectedType: 'Patient' });
  });

  it('calls malformed JSON malformed', async () => {
    const { api } = setup(
      () => new Response('{"resourceType":', { headers: { 'content-type': 'application/json' } }),
    );
    const error = await caught(api.read('Patient', 'p1'));
    expect(error.message).toContain('malformed JSON');
    expect(error.details.contentType).toBeUndefined();
  });

  it('rejects JSON without resourceType, and the wrong resource type', async () => {
    const noType = setup(() => fhirJson({ hello: 'world' }));
    expect((await caught(noType.api.read('Patient', 'p1'))).message).toContain('no resourceType');
    const wrong = setup(() => fhirJson({ resourceType: 'Observation' }));
    const error = await caught(wrong.api.read('Patient', 'p1'));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toContain('Observation where a Patient was expected');
    expect(error.details).toMatchObject({ expectedType: 'Patient', receivedType: 'Observation' });
  });

  it('validates the Bundle shape', async () => {
    const { api } = setup(() =>
      fhirJson({ resourceType: 'Bundle', entry: [{ resource: { id: 1 } }] }),
    );
    const error = await caught(api.search('Patient', {}));
    expect(error.kind).toBe('invalid-response');
    expect(error.message).toMatch(/malformed Bundle \(entry\.0\.resource/);
  });

  it('shows OperationOutcome text for 4xx/5xx', async () => {
    const outcome = {
      resourceType: 'OperationOutcome',
      issue: [
        { severity: 'error', code: 'invalid', details: { text: 'Unknown search parameter foo' } },
        { severity: 'error', code: 'processing', diagnostics: 'Second problem' },
      ],
    };
    const { api } = setup(() => fhirJson(outcome, 400));
    const error = await caught(api.search('Patient', { foo: 'x' }));
    expect(error.kind).toBe('server-error');
    expect(error.details.status).toBe(400);
    expect(error.details.outcome).toEqual(['Unknown search parameter foo', 'Second problem']);
    expect(error.message).toContain('Unknown search parameter foo');
  });

  it.each([
    [403, 'forbidden'],
    [404, 'not-found'],
    [503, 'server-error'],
  ])('maps HTTP %i to %s even without a body', async (status, kind) => {
    const { api } = setup(() => new Response('', { status }));
    const error = await caught(api.read('Patient', 'p1'));
    expect(error.kind).toBe(kind);
    expect(error.details.outcome).toBeUndefined();
  });

  it('refreshes once on 401 and retries with the new token', async () => {
    const { api, calls, refresh, onUnauthorized } = setup((_url, init) => {
      const auth = (init?.headers as Record<string, string>).authorization;
      return auth === 'Bearer tok-2' ? fhirJson(patient) : new Response('', { status: 401 });
    });
    await expect(api.read('Patient', 'p1')).resolves.toEqual(patient);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(calls.map((c) => c.auth)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('gives up after one retry and asks for sign-in', async () => {
    const { api, calls, refresh, onUnauthorized } = setup(() => new Response('', { status: 401 }));
    expect((await caught(api.read('Patient', 'p1'))).kind).toBe('unauthorized');
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(calls).toHaveLength(2);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('does not retry when the refresh fails', async () => {
    const { api, calls, onUnauthorized } = setup(() => new Response('', { status: 401 }), {
      refresh: () => Promise.reject(new Error('refresh token expired')),
    });
    expect((await caught(api.read('Patient', 'p1'))).kind).toBe('unauthorized');
    expect(calls).toHaveLength(1);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  describe('fetchAll', () => {
    const page = (ids: string[], next?: string) => ({
      resourceType: 'Bundle',
      type: 'searchset',
      link: [{ relation: 'self', url: 'x' }, ...(next ? [{ relation: 'next', url: next }] : [])],
      entry: [
        ...ids.map((id) => ({ resource: { resourceType: 'Observation', id } })),
        { resource: { resourceType: 'OperationOutcome' }, search: { mode: 'outcome' } },
      ],
    });

    it('follows next links and reports progress', async () => {
      const pages: Record<string, unknown> = {
        [`${BASE}/Observation?patient=p1`]: page(['a', 'b'], `${BASE}/Observation?page=2`),
        [`${BASE}/Observation?page=2`]: page(['c'], 'Observation?page=3'),
        [`${BASE}/Observation?page=3`]: page(['d']),
      };
      const { api } = setup((url) => fhirJson(pages[url] ?? { resourceType: 'Nope' }));
      const onPage = vi.fn();
      const all = await api.fetchAll('Observation?patient=p1', { onPage });
      expect(all.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
      expect(onPage.mock.calls).toEqual([[2], [3], [4]]);
    });

    it('stops a next-link loop', async () => {
      const { api, calls } = setup((url) =>
        fhirJson(
          url.endsWith('page=2')
            ? page(['b'], `${BASE}/O?page=1`)
            : page(['a'], `${BASE}/O?page=2`),
        ),
      );
      const error = await caught(api.fetchAll('O?page=1'));
      expect(error.kind).toBe('paging-loop');
      expect(calls).toHaveLength(2);
    });

    it('caps the number of pages', async () => {
      let n = 0;
      const { api, calls } = setup(() => fhirJson(page([`r${n}`], `${BASE}/O?page=${++n}`)));
      const error = await caught(api.fetchAll('O', { maxPages: 5 }));
      expect(error.kind).toBe('paging-loop');
      expect(error.message).toContain('5 pages');
      expect(calls).toHaveLength(5);
    });

    it('refuses next links to another origin', async () => {
      const { api, calls } = setup(() =>
        fhirJson(page(['a'], 'https://evil.example/fhir/O?page=2')),
      );
      const error = await caught(api.fetchAll('O'));
      expect(error.kind).toBe('invalid-response');
      expect(error.message).toContain('https://evil.example');
      expect(calls).toHaveLength(1);
    });
  });
});

describe('putIfNoneMatch (the outbox write)', () => {
  const note: DocumentReference = {
    resourceType: 'DocumentReference',
    id: 'n-1',
    status: 'current',
    content: [{ attachment: { contentType: 'text/plain' } }],
  };

  it('PUTs the resource at its client-assigned id with If-None-Match: *', async () => {
    let seen: RequestInit | undefined;
    const { api, calls } = setup((_url, init) => {
      seen = init;
      return fhirJson(note, 201);
    });
    expect(await api.putIfNoneMatch('DocumentReference', 'n-1', note)).toEqual({ status: 201 });
    expect(calls[0]?.url).toBe(`${BASE}/DocumentReference/n-1`);
    expect(seen?.method).toBe('PUT');
    const headers = seen?.headers as Record<string, string>;
    expect(headers['if-none-match']).toBe('*');
    expect(headers['content-type']).toBe('application/fhir+json');
    expect(JSON.parse(seen?.body as string)).toEqual(note);
  });

  it('put replaces a resource with a plain PUT (no If-None-Match)', async () => {
    let seen: RequestInit | undefined;
    const { api, calls } = setup((_url, init) => {
      seen = init;
      return fhirJson(note, 200);
    });
    expect(await api.put('DocumentReference', 'n-1', note)).toEqual({ status: 200 });
    expect(calls[0]?.url).toBe(`${BASE}/DocumentReference/n-1`);
    expect(seen?.method).toBe('PUT');
    const headers = seen?.headers as Record<string, string>;
    expect(headers['if-none-match']).toBeUndefined();
    expect(JSON.parse(seen?.body as string)).toEqual(note);
  });

  it('putIfMatch sends If-Match with the weak version tag, and a 412 comes back as a value', async () => {
    const seen: RequestInit[] = [];
    const { api } = setup((_url, init) => {
      seen.push(init ?? {});
      return seen.length === 1 ? fhirJson(note, 200) : fhirJson({}, 412);
    });
    expect(await api.putIfMatch('DocumentReference', 'n-1', note, '3')).toEqual({ status: 200 });
    expect(await api.putIfMatch('DocumentReference', 'n-1', note, '3')).toEqual({ status: 412 });
    const headers = seen[0]?.headers as Record<string, string>;
    expect(seen[0]?.method).toBe('PUT');
    expect(headers['if-match']).toBe('W/"3"');
    expect(headers['if-none-match']).toBeUndefined();
  });

  it('returns 412 and other refusals as values with the OperationOutcome text', async () => {
    const { api } = setup(() =>
      fhirJson(
        { resourceType: 'OperationOutcome', issue: [{ severity: 'error', diagnostics: 'exists' }] },
        412,
      ),
    );
    expect(await api.putIfNoneMatch('DocumentReference', 'n-1', note)).toEqual({
      status: 412,
      outcome: 'exists',
    });
  });

  it('refreshes once on 401 and retries', async () => {
    let n = 0;
    const { api, refresh, calls } = setup(() =>
      n++ === 0 ? fhirJson({}, 401) : fhirJson(note, 201),
    );
    expect(await api.putIfNoneMatch('DocumentReference', 'n-1', note)).toEqual({ status: 201 });
    expect(refresh).toHaveBeenCalledOnce();
    expect(calls.map((c) => c.auth)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('throws unreachable when the server cannot be reached', async () => {
    const { api } = setup(() => Promise.reject(new TypeError('fetch failed')));
    await expect(api.putIfNoneMatch('DocumentReference', 'n-1', note)).rejects.toMatchObject({
      kind: 'unreachable',
    });
  });
});
