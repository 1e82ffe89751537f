/**
 * The server-side view of a stored resource: any FHIR R4 resource with an id and server meta.
 * Kept loose (`Record<string, unknown>`) because the store holds every type, including
 * ones loaded from foreign bundles that we never model in TypeScript.
 */
export interface StoredResource {
  resourceType: string;
  id: string;
  meta: { versionId: string; lastUpdated: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** A resource as it arrives (from a generator, a bundle or a client), before the store stamps it. */
export interface IncomingResource {
  resourceType: string;
  id?: string;
  meta?: Record<string, unknown>;
  [key: string]: unknown;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
