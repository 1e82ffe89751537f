import { describe, expect, it, vi } from 'vitest';
import { createFhirApi } from './createFhirApi';
import { FhirRequestError } from './FhirApi';

const BASE = 'http://127.0.0.1:9000/fhir';

/** A server that accepts the request and never answers (fetch settles only on abort). */
const silentFetch: typeof fetch = (_input, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () =>
      reject(new DOMException('The operation was aborted', 'AbortError')),
    );
  });

/** A server that sends headers and then stalls the body (the stream errors on abort). */
const stallingBodyFetch: typeof fetch = (_input, init) => {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"resourceType":'));
      init?.signal?.addEventListener('abort', () =>
        controller.error(new DOMException('aborted', 'AbortError')),
      );
    },
  });
  return Promise.resolve(
    new Response(body, { headers: { 'content-type': 'application/fhir+json' } }),
  );
};

function api(fetchImpl: typeof fetch, refresh = () => Promise.resolve(true)) {
  return createFhirApi({
    serverUrl: BASE,
    serverName: 'Slow FHIR',
    getAccessToken: () => 't',
    refresh,
    fetch: fetchImpl,
    timeoutMs: 30,
  });
}

async function caught(promise: Promise<unknown>): Promise<FhirRequestError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FhirRequestError);
  return error as FhirRequestError;
}

describe('createFhirApi time limit', () => {
  it('turns a server that never answers into unreachable, naming the limit', async () => {
    const error = await caught(api(silentFetch).search('Patient', { name: 'x' }));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toBe(`Slow FHIR (${BASE}) did not answer within 0.03 s`);
    expect(error.details).toMatchObject({ serverUrl: BASE, timeoutMs: 30 });
  });

  it('also limits a body that stalls after the headers', async () => {
    const error = await caught(api(stallingBodyFetch).read('Patient', 'p1'));
    expect(error.kind).toBe('unreachable');
    expect(error.details.timeoutMs).toBe(30);
  });

  it('limits each page of fetchAll and the writes', async () => {
    expect((await caught(api(silentFetch).fetchAll('Observation'))).kind).toBe('unreachable');
    await expect(
      api(silentFetch).putIfNoneMatch('Patient', 'p1', { resourceType: 'Patient' }),
    ).rejects.toMatchObject({ kind: 'unreachable', details: { timeoutMs: 30 } });
  });

  it('limits a token refresh that hangs', async () => {
    const onlyUnauthorized: typeof fetch = () => Promise.resolve(new Response('', { status: 401 }));
    const refresh = vi.fn(() => new Promise<boolean>(() => undefined));
    const error = await caught(api(onlyUnauthorized, refresh).read('Patient', 'p1'));
    expect(refresh).toHaveBeenCalledOnce();
    expect(error.kind).toBe('unreachable');
  });

  it('reports a cancel by the user as aborted, not as a timeout', async () => {
    const controller = new AbortController();
    const pending = api(silentFetch).read('Patient', 'p1', controller.signal);
    controller.abort();
    const error = await caught(pending);
    expect(error.kind).toBe('aborted');
    expect(error.details.timeoutMs).toBeUndefined();
  });

  it('cancels the request the user abandons mid-refresh', async () => {
    const controller = new AbortController();
    const onlyUnauthorized: typeof fetch = () => Promise.resolve(new Response('', { status: 401 }));
    const pending = api(onlyUnauthorized, () => new Promise<boolean>(() => undefined)).read(
      'Patient',
      'p1',
      controller.signal,
    );
    setTimeout(() => controller.abort(), 5);
    expect((await caught(pending)).kind).toBe('aborted');
  });
});
