/**
 * {@link FhirApi} over plain `fetch` with the SMART bearer token. We do the HTTP ourselves
 * (rather than fhirclient's `request`) to control every failure: unreachable server,
 * non-JSON or non-FHIR bodies, OperationOutcomes, 401 → one refresh and one retry, and
 * paging loops.
 */
import type { Bundle, FhirResource } from 'fhir/r4';
import {
  FhirRequestError,
  type FetchAllOptions,
  type FhirApi,
  type FhirWriter,
  type WriteResult,
} from './FhirApi';
import {
  asBundle,
  errorFromStatus,
  outcomeLines,
  resourceFromResponse,
  type ResponseContext,
} from './fhir-response';
import { FHIR_TIMEOUT_MS, isAbortError, raceAbort, withTimeout } from './abort';

export interface FhirApiOptions {
  /** FHIR base URL (SMART `iss`). */
  serverUrl: string;
  /** Shown in error messages ("Cannot reach <serverName>"). */
  serverName: string;
  /** Current access token, or undefined for an open server. */
  getAccessToken: () => string | undefined;
  /** Obtain a fresh token after a 401; resolves false when it could not. */
  refresh: () => Promise<boolean>;
  /** Called when a 401 survives the refresh: the UI asks the user to sign in again. */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
  /** Time limit per request or page, including a token refresh (default {@link FHIR_TIMEOUT_MS}). */
  timeoutMs?: number;
}

/** Default page cap for {@link FhirApi.fetchAll}. */
export const DEFAULT_MAX_PAGES = 200;

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || isAbortError(error);
}

export function createFhirApi(options: FhirApiOptions): FhirApi & FhirWriter {
  const base = options.serverUrl.replace(/\/+$/, '');
  const baseOrigin = new URL(base).origin;
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? FHIR_TIMEOUT_MS;

  const ctxFor = (url: string): ResponseContext => ({
    serverUrl: base,
    serverName: options.serverName,
    url,
  });

  async function send(
    url: string,
    signal: AbortSignal | undefined,
    write?: { method: 'PUT'; body: string; headers: Record<string, string> },
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/fhir+json', ...write?.headers };
    const token = options.getAccessToken();
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      return await doFetch(url, {
        headers,
        ...(write ? { method: write.method, body: write.body } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (isAbort(error, signal)) {
        throw new FhirRequestError('aborted', 'Request cancelled', { serverUrl: base, url });
      }
      throw new FhirRequestError('unreachable', `Cannot reach ${options.serverName} (${base})`, {
        serverUrl: base,
        url,
      });
    }
  }

  /**
   * Runs one request (send, refresh, retry, body) under the time limit. The limit also
   * aborts reading a body that stalls; whatever error that causes becomes `unreachable`
   * naming the limit, and a cancel by the caller becomes `aborted`.
   */
  async function limited<T>(
    url: string,
    signal: AbortSignal | undefined,
    run: (limitedSignal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const limit = withTimeout(signal, timeoutMs);
    try {
      return await run(limit.signal);
    } catch (error) {
      if (limit.timedOut()) {
        const seconds = timeoutMs / 1000;
        throw new FhirRequestError(
          'unreachable',
          `${options.serverName} (${base}) did not answer within ${seconds} s`,
          { serverUrl: base, url, timeoutMs },
        );
      }
      if (signal?.aborted) {
        throw new FhirRequestError('aborted', 'Request cancelled', { serverUrl: base, url });
      }
      throw error;
    } finally {
      limit.dispose();
    }
  }

  /** A refresh that the time limit or the caller can interrupt. */
  const refreshWithin = (signal: AbortSignal) =>
    raceAbort(
      options.refresh().catch(() => false),
      signal,
    );

  /** GET with the 401 rule: refresh once, retry once, else `unauthorized`. */
  function get(url: string, expectedType: string | undefined, signal?: AbortSignal) {
    return limited(url, signal, async (limitedSignal) => {
      let response = await send(url, limitedSignal);
      if (response.status === 401) {
        const refreshed = await refreshWithin(limitedSignal);
        if (refreshed) response = await send(url, limitedSignal);
      }
      if (!response.ok) {
        const error = await errorFromStatus(response, ctxFor(url));
        if (limitedSignal.aborted) throw error;
        if (error.kind === 'unauthorized') options.onUnauthorized?.();
        throw error;
      }
      return resourceFromResponse(response, ctxFor(url), expectedType);
    });
  }

  function absolute(path: string): string {
    return `${base}/${path.replace(/^\/+/, '')}`;
  }

  async function getBundle(url: string, signal?: AbortSignal): Promise<Bundle> {
    return asBundle(await get(url, 'Bundle', signal), ctxFor(url));
  }

  function write(
    type: string,
    id: string,
    body: FhirResource,
    extraHeaders: Record<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<WriteResult> {
    const url = absolute(`${type}/${encodeURIComponent(id)}`);
    const request = {
      method: 'PUT' as const,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/fhir+json', ...extraHeaders },
    };
    return limited(url, signal, async (limitedSignal) => {
      let response = await send(url, limitedSignal, request);
      if (response.status === 401) {
        const refreshed = await refreshWithin(limitedSignal);
        if (refreshed) response = await send(url, limitedSignal, request);
        if (response.status === 401) options.onUnauthorized?.();
      }
      if (response.ok) return { status: response.status };
      let outcome: string | undefined;
      try {
        outcome = outcomeLines(JSON.parse(await response.text()))?.join('; ');
      } catch {
        outcome = undefined;
      }
      return { status: response.status, ...(outcome ? { outcome } : {}) };
    });
  }

  return {
    serverUrl: base,
    accessToken: () => options.getAccessToken(),

    putIfNoneMatch(type, id, body, signal): Promise<WriteResult> {
      // Create only if absent: a retry of a write whose answer was lost gets 412, never a
      // second copy (FHIR R4 http.html#cond-update, RFC 9110 If-None-Match).
      return write(type, id, body, { 'if-none-match': '*' }, signal);
    },

    put(type, id, body, signal): Promise<WriteResult> {
      // A whole-resource update: sending the same body again leaves the same state.
      return write(type, id, body, {}, signal);
    },

    putIfMatch(type, id, body, versionId, signal): Promise<WriteResult> {
      // Lost updates are refused by the server (412), not overwritten: the outbox settles them.
      return write(type, id, body, { 'if-match': `W/"${versionId.replace(/"/g, '')}"` }, signal);
    },

    async read<T extends FhirResource>(type: T['resourceType'], id: string, signal?: AbortSignal) {
      const url = absolute(`${type}/${encodeURIComponent(id)}`);
      return (await get(url, type, signal)) as T;
    },

    async search(type, params, signal) {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(params)) {
        for (const v of Array.isArray(value) ? value : [value]) query.append(name, v);
      }
      const qs = query.toString();
      return getBundle(absolute(qs ? `${type}?${qs}` : type), signal);
    },

    async fetchAll(path: string, opts: FetchAllOptions = {}) {
      const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
      const seen = new Set<string>();
      const resources: FhirResource[] = [];
      let next: string | undefined = absolute(path);
      while (next !== undefined) {
        const url: string = next;
        if (seen.has(url)) {
          throw new FhirRequestError(
            'paging-loop',
            `${options.serverName} sent a "next" link back to a page already read; stopped paging`,
            { serverUrl: base, url },
          );
        }
        if (seen.size >= maxPages) {
          throw new FhirRequestError(
            'paging-loop',
            `Stopped after ${maxPages} pages from ${options.serverName}; the result is too large or never ends`,
            { serverUrl: base, url },
          );
        }
        seen.add(url);
        const bundle = await getBundle(url, opts.signal);
        for (const entry of bundle.entry ?? []) {
          if (entry.resource && entry.search?.mode !== 'outcome') {
            resources.push(entry.resource as FhirResource);
          }
        }
        opts.onPage?.(resources.length);
        next = nextLink(bundle, url);
      }
      return resources;
    },
  };

  /** The `next` link, resolved against the page URL; it must stay on the same server. */
  function nextLink(bundle: Bundle, pageUrl: string): string | undefined {
    const link = bundle.link?.find((l) => l.relation === 'next')?.url;
    if (!link) return undefined;
    let resolved: URL;
    try {
      resolved = new URL(link, pageUrl);
    } catch {
      throw new FhirRequestError(
        'invalid-response',
        `${options.serverName} sent an invalid "next" link`,
        {
          serverUrl: base,
          url: pageUrl,
        },
      );
    }
    if (resolved.origin !== baseOrigin) {
      throw new FhirRequestError(
        'invalid-response',
        `${options.serverName} sent a "next" link to another server (${resolved.origin}); not followed`,
        { serverUrl: base, url: pageUrl },
      );
    }
    return resolved.href;
  }
}
