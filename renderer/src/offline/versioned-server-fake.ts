/**
 * Test support: a versioned FHIR server in miniature that several workstations' outboxes
 * share. Versions count up from 1; `If-Match` and `If-None-Match: *` behave as in the sandbox
 * (server/sandbox/fhir/write.ts: 412 when the version differs or the resource is missing);
 * reads return the stored version with its `meta.versionId`. Used by the outbox and monitoring
 * tests; `loseNext` and `failReads` script network failures.
 */
import type { FhirResource } from 'fhir/r4';
import { FhirRequestError } from '../fhir/FhirApi';
import type { OutboxWriter } from './outbox';

export class VersionedServerFake implements OutboxWriter {
  readonly store = new Map<string, FhirResource>();
  /** Every request, e.g. `PUT Task/t1 If-Match W/"3"` or `GET Task/t1`. */
  readonly log: string[] = [];
  /** The next write is applied but its answer never arrives. */
  loseNext = false;
  /** Reads to fail as unreachable before answering again. */
  failReads = 0;

  private answer(status: number): Promise<{ status: number }> {
    if (this.loseNext) {
      this.loseNext = false;
      return Promise.reject(new TypeError('connection reset'));
    }
    return Promise.resolve({ status });
  }

  /** Puts a resource at version `version` (as a sync would have found it). */
  seed(resource: FhirResource, version = '1'): FhirResource {
    const stored = { ...structuredClone(resource), meta: { versionId: version } } as FhirResource;
    this.store.set(`${resource.resourceType}/${resource.id ?? ''}`, stored);
    return structuredClone(stored);
  }

  get(type: string, id: string): FhirResource | undefined {
    return this.store.get(`${type}/${id}`);
  }

  /** Someone else saves a new version. */
  edit(type: string, id: string, change: (r: FhirResource) => FhirResource): FhirResource {
    const cur = this.get(type, id);
    if (!cur) throw new Error(`${type}/${id} is not stored`);
    return this.write(type, id, change(structuredClone(cur)));
  }

  private write(type: string, id: string, body: FhirResource): FhirResource {
    const version = String(Number(this.get(type, id)?.meta?.versionId ?? '0') + 1);
    const stored = { ...structuredClone(body), id, meta: { versionId: version } } as FhirResource;
    this.store.set(`${type}/${id}`, stored);
    return structuredClone(stored);
  }

  putIfNoneMatch(type: string, id: string, body: FhirResource): Promise<{ status: number }> {
    this.log.push(`PUT ${type}/${id} If-None-Match *`);
    if (this.get(type, id)) return Promise.resolve({ status: 412 });
    this.write(type, id, body);
    return this.answer(201);
  }

  put(type: string, id: string, body: FhirResource): Promise<{ status: number }> {
    this.log.push(`PUT ${type}/${id}`);
    this.write(type, id, body);
    return this.answer(200);
  }

  putIfMatch(
    type: string,
    id: string,
    body: FhirResource,
    version: string,
  ): Promise<{ status: number }> {
    this.log.push(`PUT ${type}/${id} If-Match W/"${version}"`);
    if (this.get(type, id)?.meta?.versionId !== version) return Promise.resolve({ status: 412 });
    this.write(type, id, body);
    return this.answer(200);
  }

  read(type: string, id: string): Promise<FhirResource> {
    this.log.push(`GET ${type}/${id}`);
    if (this.failReads > 0) {
      this.failReads--;
      return Promise.reject(new FhirRequestError('unreachable', 'Cannot reach', { serverUrl: '' }));
    }
    const cur = this.get(type, id);
    return cur
      ? Promise.resolve(structuredClone(cur))
      : Promise.reject(
          new FhirRequestError('not-found', 'not found', { serverUrl: '', status: 404 }),
        );
  }
}
