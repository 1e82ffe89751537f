/**
 * Which FHIR servers sign-in may use: the configured ones, plus the clinician's own (added in
 * the picker, custom-servers.ts) unless the clinic's machine-wide file fixes the server list.
 *
 * When the clinic locks `servers` (shared/config/managed-config.ts: "the only servers
 * offered"), a server the clinician added earlier is neither listed, nor restored from a saved
 * session, nor matched for an EHR launch, and no new one can be added. The stored list is left
 * alone: it is the clinician's data, and it is offered again if the clinic lifts the lock.
 */
import type { AppConfig, FhirServerConfig } from '../../../../shared/config/app-config';
import { isLocked } from '../../../../shared/config/managed-config';

export interface ServerList {
  /** Configured servers first; own servers after them, minus any whose id a configured one has. */
  servers: FhirServerConfig[];
  /** Ids of the listed servers the clinician added (the picker offers to remove these). */
  customIds: ReadonlySet<string>;
  /** The clinic's file fixes the server list: own servers are ignored and cannot be added. */
  locked: boolean;
}

/** The servers sign-in offers and accepts, given the configuration and the stored own servers. */
export function serverListFor(
  config: Pick<AppConfig, 'servers' | 'managed'>,
  custom: readonly FhirServerConfig[],
): ServerList {
  const locked = isLocked(config.managed, 'servers');
  if (locked) return { servers: [...config.servers], customIds: new Set(), locked };
  const configuredIds = new Set(config.servers.map((s) => s.id));
  const own = custom.filter((c) => !configuredIds.has(c.id));
  return {
    servers: [...config.servers, ...own],
    customIds: new Set(own.map((s) => s.id)),
    locked,
  };
}
