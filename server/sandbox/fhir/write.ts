/**
 * create, update and conditional create (https://hl7.org/fhir/R4/http.html#create,
 * #update, #ccreate) with optimistic locking: `If-Match: W/"<version>"` and
 * `If-None-Match: *` (create only if absent, the outbox's idempotent write).
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../http/errors';
import { readBody } from '../http/io';
import type { ResourceStore } from './store';
import { searchResources } from './search';
import { isRecord } from './types';
import type { IncomingResource, StoredResource } from './types';

const ID_RE = /^[A-Za-z0-9\-.]{1,64}$/;

export async function readResourceBody(
  req: IncomingMessage,
  type: string,
): Promise<IncomingResource> {
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (contentType !== '' && !contentType.includes('json')) {
    throw new HttpError(
      415,
      `Unsupported Content-Type "${contentType}": send application/fhir+json`,
    );
  }
  const text = await readBody(req);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new HttpError(
      400,
      `Request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!isRecord(body))
    throw new HttpError(400, 'Request body must be a JSON object (a FHIR resource)');
  if (typeof body.resourceType !== 'string')
    throw new HttpError(400, 'Request body has no resourceType');
  if (body.resourceType !== type) {
    throw new HttpError(
      400,
      `resourceType "${body.resourceType}" does not match the URL's type "${type}"`,
    );
  }
  if (body.id !== undefined && (typeof body.id !== 'string' || !ID_RE.test(body.id))) {
    throw new HttpError(400, 'Resource id must be 1-64 characters of A-Z, a-z, 0-9, "-" and "."');
  }
  if (body.meta !== undefined && !isRecord(body.meta))
    throw new HttpError(400, 'meta must be an object');
  return body as IncomingResource;
}

export function etag(r: StoredResource): string {
  return `W/"${r.meta.versionId}"`;
}

export type WriteResult = { status: 200 | 201; resource: StoredResource };

export function createResource(
  store: ResourceStore,
  type: string,
  body: IncomingResource,
  ifNoneExist: string | undefined,
): WriteResult {
  if (ifNoneExist !== undefined && ifNoneExist !== '') {
    const query = new URLSearchParams(ifNoneExist.replace(/^.*\?/, ''));
    const { matches } = searchResources(store, type, query);
    if (matches.length > 1)
      throw new HttpError(412, `If-None-Exist matched ${matches.length} resources`);
    if (matches[0]) return { status: 200, resource: matches[0] };
  }
  const { id: _ignored, ...rest } = body;
  return { status: 201, resource: store.put({ ...rest, resourceType: type }) };
}

export function updateResource(
  store: ResourceStore,
  type: string,
  id: string,
  body: IncomingResource,
  headers: { ifMatch?: string; ifNoneMatch?: string },
): WriteResult {
  if (!ID_RE.test(id)) throw new HttpError(400, `Invalid id "${id}"`);
  if (body.id === undefined)
    throw new HttpError(400, 'The resource in an update must carry its id');
  if (body.id !== id)
    throw new HttpError(400, `Resource id "${body.id}" does not match the URL id "${id}"`);
  const existing = store.get(type, id);
  if (headers.ifNoneMatch === '*' && existing) {
    throw new HttpError(412, `${type}/${id} already exists (If-None-Match: *)`);
  }
  if (headers.ifMatch !== undefined) {
    const wanted = /^(?:W\/)?"?([^"]+)"?$/.exec(headers.ifMatch.trim())?.[1];
    if (!existing) throw new HttpError(412, `${type}/${id} does not exist (If-Match)`);
    if (wanted !== existing.meta.versionId) {
      throw new HttpError(
        412,
        `Version conflict: ${type}/${id} is at version ${existing.meta.versionId}, If-Match asked for ${wanted ?? headers.ifMatch}`,
      );
    }
  }
  const stored = store.put({ ...body, resourceType: type, id });
  return { status: existing ? 200 : 201, resource: stored };
}
