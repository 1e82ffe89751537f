/**
 * Servers the clinician added in the picker, kept in localStorage. Read back through the
 * same zod schema as the app config: localStorage is writable by anything on the origin.
 */
import { z } from 'zod';
import {
  fhirServerConfigSchema,
  type FhirServerConfig,
} from '../../../../shared/config/app-config';

/** localStorage key of the added servers. */
export const CUSTOM_SERVERS_KEY = 'cw.servers.custom';

const listSchema = z.array(fhirServerConfigSchema).max(50);

export function readCustomServers(storage: Storage = localStorage): FhirServerConfig[] {
  try {
    const raw = storage.getItem(CUSTOM_SERVERS_KEY);
    if (raw === null) return [];
    const parsed = listSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data.map((s) => ({ ...s, embedded: false })) : [];
  } catch {
    return [];
  }
}

function writeCustomServers(servers: FhirServerConfig[], storage: Storage): void {
  storage.setItem(CUSTOM_SERVERS_KEY, JSON.stringify(servers));
}

/** A storage-safe id derived from the URL's host, unique among `taken`. */
export function serverIdFor(fhirBaseUrl: string, taken: ReadonlySet<string>): string {
  const host = new URL(fhirBaseUrl).hostname.toLowerCase();
  const slug = `custom-${host.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`.slice(0, 56);
  let id = slug;
  for (let n = 2; taken.has(id); n++) id = `${slug}-${n}`;
  return id;
}

export function addCustomServer(
  input: { name: string; fhirBaseUrl: string; clientId: string },
  existing: readonly FhirServerConfig[],
  storage: Storage = localStorage,
): FhirServerConfig {
  const server = fhirServerConfigSchema.parse({
    id: serverIdFor(input.fhirBaseUrl, new Set(existing.map((s) => s.id))),
    name: input.name.trim(),
    fhirBaseUrl: input.fhirBaseUrl.trim().replace(/\/+$/, ''),
    clientId: input.clientId.trim(),
    embedded: false,
  });
  writeCustomServers([...readCustomServers(storage), server], storage);
  return server;
}

export function removeCustomServer(id: string, storage: Storage = localStorage): void {
  writeCustomServers(
    readCustomServers(storage).filter((s) => s.id !== id),
    storage,
  );
}
