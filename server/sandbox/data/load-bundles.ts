/**
 * Loads FHIR Bundles from folders (`--data DIR`): transaction, batch, collection and document
 * bundles. Transaction POSTs keep the resource's own id (Synthea sets one) or take the uuid of
 * a `urn:uuid:` fullUrl; every `urn:uuid:` reference is rewritten to `Type/id`
 * (https://hl7.org/fhir/R4/http.html#trules). Conditional creates (`ifNoneExist`) are honoured.
 * Any problem throws an error that names the file.
 */
import { randomUUID } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResourceStore } from '../fhir/store';
import { searchResources } from '../fhir/search';
import { isRecord } from '../fhir/types';
import type { IncomingResource } from '../fhir/types';

const LOADABLE = new Set(['transaction', 'batch', 'collection', 'document', 'searchset']);
const ID_RE = /^[A-Za-z0-9\-.]{1,64}$/;

export class BundleLoadError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'BundleLoadError';
  }
}

/** Rewrites `reference` values found in `map` throughout a resource (returns a new object). */
function rewrite(value: unknown, map: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, map));
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === 'reference' && typeof v === 'string' ? (map.get(v) ?? v) : rewrite(v, map);
  }
  return out;
}

/** Applies one parsed Bundle to the store; returns how many resources were written. */
export function applyBundle(store: ResourceStore, bundle: unknown, file: string): number {
  if (!isRecord(bundle) || bundle.resourceType !== 'Bundle')
    throw new BundleLoadError(file, 'not a FHIR Bundle (resourceType must be "Bundle")');
  if (typeof bundle.type !== 'string' || !LOADABLE.has(bundle.type)) {
    throw new BundleLoadError(
      file,
      `Bundle.type "${String(bundle.type)}" cannot be loaded (use transaction, batch, collection or document)`,
    );
  }
  const entries = Array.isArray(bundle.entry) ? (bundle.entry as unknown[]) : [];
  const refMap = new Map<string, string>();
  const pending: IncomingResource[] = [];
  entries.forEach((entry, i) => {
    if (
      !isRecord(entry) ||
      !isRecord(entry.resource) ||
      typeof entry.resource.resourceType !== 'string'
    ) {
      throw new BundleLoadError(file, `entry ${i} has no resource with a resourceType`);
    }
    const resource = entry.resource as IncomingResource;
    const request = isRecord(entry.request) ? entry.request : {};
    const method = typeof request.method === 'string' ? request.method : 'PUT';
    const fullUrl = typeof entry.fullUrl === 'string' ? entry.fullUrl : undefined;
    const type = resource.resourceType;
    if (method === 'DELETE' || method === 'GET') return;
    if (method === 'POST' && typeof request.ifNoneExist === 'string') {
      const { matches } = searchResources(store, type, new URLSearchParams(request.ifNoneExist));
      if (matches[0]) {
        if (fullUrl) refMap.set(fullUrl, `${type}/${matches[0].id}`);
        return;
      }
    }
    let id = typeof resource.id === 'string' && ID_RE.test(resource.id) ? resource.id : undefined;
    if (method === 'PUT' && typeof request.url === 'string') {
      const fromUrl = /^[A-Za-z]+\/([A-Za-z0-9\-.]{1,64})$/.exec(request.url)?.[1];
      if (fromUrl) id = fromUrl;
    }
    if (id === undefined && fullUrl?.startsWith('urn:uuid:'))
      id = fullUrl.slice('urn:uuid:'.length);
    id ??= randomUUID();
    if (fullUrl) refMap.set(fullUrl, `${type}/${id}`);
    pending.push({ ...resource, id });
  });
  for (const resource of pending) store.put(rewrite(resource, refMap) as IncomingResource);
  return pending.length;
}

/** Loads every `*.json` file in each folder, in name order. */
export async function loadDataDirs(
  store: ResourceStore,
  dirs: readonly string[],
  log: (line: string) => void,
): Promise<void> {
  for (const dir of dirs) {
    let names: string[];
    try {
      if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
      names = (await readdir(dir)).filter((n) => n.toLowerCase().endsWith('.json')).sort();
    } catch (error) {
      throw new BundleLoadError(
        dir,
        `cannot read data folder (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    for (const name of names) {
      const file = join(dir, name);
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        throw new BundleLoadError(
          file,
          `not valid JSON (${error instanceof Error ? error.message : String(error)})`,
        );
      }
      const count = applyBundle(store, parsed, file);
      log(`loaded ${count} resources from ${file}`);
    }
  }
}
