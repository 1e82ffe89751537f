/**
 * The FHIR REST surface under `/fhir`: discovery and metadata (public), then read, search,
 * `_getpages` paging, `$everything`, `$summary`, create and update behind a bearer token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from '../context';
import { HttpError, operationOutcome } from '../http/errors';
import { readBody, sendJson } from '../http/io';
import { assertCompartment, authenticate, authorizeType } from './access';
import type { RequestAuth } from './access';
import { decideAccess } from '../auth/scopes';
import { capabilityStatement, openIdConfiguration, smartConfiguration } from './capability';
import { everything } from './everything';
import { parseCount } from './paging';
import { R4_RESOURCE_TYPES } from './resource-types';
import { isCompartmentType, searchResources } from './search';
import { createResource, etag, readResourceBody, updateResource } from './write';
import type { StoredResource } from './types';
import { summarize } from '../ips/summary-route';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

function sendResource(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, body, headers, FHIR_JSON);
}

function resourceHeaders(ctx: SandboxContext, r: StoredResource): Record<string, string> {
  return {
    ETag: etag(r),
    'Last-Modified': new Date(r.meta.lastUpdated).toUTCString(),
    Location: `${ctx.fhirBaseUrl}/${r.resourceType}/${r.id}/_history/${r.meta.versionId}`,
  };
}

function methodNotAllowed(method: string, allowed: string): never {
  throw new HttpError(405, `${method} is not supported here; use ${allowed}`, 'not-supported', {
    Allow: allowed,
  });
}

function checkType(type: string): void {
  if (!R4_RESOURCE_TYPES.has(type)) throw new HttpError(404, `Unknown resource type "${type}"`);
}

/** A patient-confined search may not name another patient. */
function assertSearchWithinPatient(type: string, query: URLSearchParams, patient: string): void {
  const names = type === 'Patient' ? ['_id'] : ['patient', 'subject'];
  for (const name of names) {
    for (const value of query.getAll(name)) {
      for (const alt of value.split(',')) {
        const id = alt.slice(alt.lastIndexOf('/') + 1);
        if (id !== patient)
          throw new HttpError(
            403,
            `This token is limited to Patient/${patient}; it cannot search Patient/${id}`,
          );
      }
    }
  }
}

function search(
  ctx: SandboxContext,
  auth: RequestAuth,
  req: IncomingMessage,
  type: string,
  query: URLSearchParams,
  selfUrl: string,
): Record<string, unknown> {
  const patient = authorizeType(auth, type, 's');
  if (patient !== undefined) assertSearchWithinPatient(type, query, patient);
  const count = parseCount(query.get('_count'));
  const constraint = patient !== undefined && isCompartmentType(type) ? patient : undefined;
  const { matches, unsupported } = searchResources(ctx.store, type, query, constraint);
  let outcome: Record<string, unknown> | undefined;
  if (unsupported.length > 0) {
    const message = `Unsupported search parameters ignored: ${unsupported.join(', ')}`;
    if (/handling=strict/.test(String(req.headers.prefer ?? ''))) throw new HttpError(400, message);
    outcome = operationOutcome('warning', 'not-supported', message);
  }
  const summaryCount = query.get('_summary') === 'count';
  return ctx.pager.firstPage(matches, {
    owner: auth.owner,
    selfUrl,
    count: summaryCount ? 0 : count,
    outcome,
  });
}

export async function handleFhir(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  subPath: string,
): Promise<void> {
  const method = req.method ?? 'GET';
  const parts = subPath
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  const [first, second, third] = parts;
  const selfUrl = `${ctx.origin}${url.pathname}${url.search}`;

  if (first === '.well-known' && parts.length === 2) {
    if (method !== 'GET') methodNotAllowed(method, 'GET');
    if (second === 'smart-configuration') return sendJson(res, 200, smartConfiguration(ctx));
    if (second === 'openid-configuration') return sendJson(res, 200, openIdConfiguration(ctx));
  }
  if (first === 'metadata' && parts.length === 1) {
    if (method !== 'GET') methodNotAllowed(method, 'GET');
    return sendResource(res, 200, capabilityStatement(ctx));
  }

  const auth = await authenticate(ctx, req);

  if (first === undefined) {
    if (method !== 'GET') methodNotAllowed(method, 'GET');
    if (!url.searchParams.has('_getpages'))
      throw new HttpError(404, 'Nothing at the base URL; try /metadata or a resource type');
    return sendResource(res, 200, ctx.pager.nextPage(url.searchParams, auth.owner));
  }
  checkType(first);

  // IPS `$summary`, type level (`Patient/$summary?identifier=`) and instance level: ../ips/.
  if (
    first === 'Patient' &&
    ((parts.length === 2 && second === '$summary') || (parts.length === 3 && third === '$summary'))
  ) {
    if (method !== 'GET') methodNotAllowed(method, 'GET');
    return sendResource(
      res,
      200,
      summarize(ctx, auth, url.searchParams, parts.length === 3 ? second : undefined),
    );
  }

  if (parts.length === 1) {
    if (method === 'GET')
      return sendResource(res, 200, search(ctx, auth, req, first, url.searchParams, selfUrl));
    if (method === 'POST') {
      const patient = authorizeType(auth, first, 'c');
      const body = await readResourceBody(req, first);
      assertCompartment(patient, body);
      const ifNoneExist = req.headers['if-none-exist'];
      const { status, resource } = createResource(
        ctx.store,
        first,
        body,
        typeof ifNoneExist === 'string' ? ifNoneExist : undefined,
      );
      ctx.log(`create ${first}/${resource.id} (${status})`);
      return sendResource(res, status, resource, resourceHeaders(ctx, resource));
    }
    methodNotAllowed(method, 'GET, POST');
  }
  if (parts.length === 2 && second === '_search') {
    if (method !== 'POST') methodNotAllowed(method, 'POST');
    const form = new URLSearchParams(await readBody(req, 1024 * 1024));
    for (const [k, v] of url.searchParams) form.append(k, v);
    return sendResource(
      res,
      200,
      search(ctx, auth, req, first, form, `${ctx.fhirBaseUrl}/${first}?${form.toString()}`),
    );
  }
  if (parts.length === 2 && second !== undefined) {
    if (method === 'GET') {
      const patient = authorizeType(auth, first, 'r');
      const resource = ctx.store.get(first, second);
      if (!resource) throw new HttpError(404, `${first}/${second} not found`);
      assertCompartment(patient, resource);
      return sendResource(res, 200, resource, {
        ETag: etag(resource),
        'Last-Modified': new Date(resource.meta.lastUpdated).toUTCString(),
      });
    }
    if (method === 'PUT') {
      const header = (name: string): string | undefined => {
        const v = req.headers[name];
        return typeof v === 'string' ? v : undefined;
      };
      // `If-None-Match: *` is a create that never overwrites: a create scope suffices, also when
      // the resource exists (a retried create after a lost answer gets 412, not 403).
      const createOnly = header('if-none-match')?.trim() === '*';
      const patient = authorizeType(
        auth,
        first,
        createOnly || !ctx.store.get(first, second) ? 'c' : 'u',
      );
      const body = await readResourceBody(req, first);
      const existing = ctx.store.get(first, second);
      if (existing) assertCompartment(patient, existing);
      assertCompartment(patient, body);
      const { status, resource } = updateResource(ctx.store, first, second, body, {
        ifMatch: header('if-match'),
        ifNoneMatch: header('if-none-match'),
      });
      ctx.log(`update ${first}/${second} (${status})`);
      return sendResource(res, status, resource, resourceHeaders(ctx, resource));
    }
    methodNotAllowed(method, 'GET, PUT');
  }
  if (
    parts.length === 3 &&
    first === 'Patient' &&
    third === '$everything' &&
    second !== undefined
  ) {
    if (method !== 'GET') methodNotAllowed(method, 'GET');
    const patient = authorizeType(auth, 'Patient', 'r');
    if (patient !== undefined && patient !== second) {
      throw new HttpError(
        403,
        `This token is limited to Patient/${patient}; it cannot read Patient/${second}`,
      );
    }
    // Only types the scopes allow reading (a token with patient/Observation.rs gets Observations only).
    const all = everything(ctx.store, second, url.searchParams).filter(
      (r) => decideAccess(auth.scopes, r.resourceType, 'r').allowed,
    );
    const count = parseCount(url.searchParams.get('_count'));
    return sendResource(res, 200, ctx.pager.firstPage(all, { owner: auth.owner, selfUrl, count }));
  }
  throw new HttpError(404, `No FHIR endpoint at ${url.pathname}`);
}
