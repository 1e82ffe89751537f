import { describe, expect, it } from 'vitest';
import type { AppConfig, FhirServerConfig } from '../../../../shared/config/app-config';
import { serverListFor } from './server-list';

const clinic: FhirServerConfig = {
  id: 'clinic',
  name: 'Clinic FHIR',
  fhirBaseUrl: 'https://fhir.clinic.example/r4',
  clientId: 'cw',
  embedded: false,
};
const own: FhirServerConfig = {
  id: 'custom-research-example',
  name: 'Research',
  fhirBaseUrl: 'https://research.example/fhir',
  clientId: 'cw',
  embedded: false,
};
/** An own server whose id a configured server took since it was added. */
const shadowed: FhirServerConfig = { ...own, id: 'clinic', name: 'Old clinic entry' };

const managed = (lockedFields: string[]): AppConfig['managed'] => ({
  path: '/etc/clinician-workstation/config.json',
  lockedFields,
});

describe('serverListFor', () => {
  it('offers configured servers first, then own ones, skipping own ids a configured one has', () => {
    const list = serverListFor({ servers: [clinic] }, [shadowed, own]);
    expect(list.servers).toEqual([clinic, own]);
    expect([...list.customIds]).toEqual(['custom-research-example']);
    expect(list.locked).toBe(false);
  });

  it('keeps own servers when the clinic fixes other settings but not the servers', () => {
    const list = serverListFor(
      { servers: [clinic], managed: managed(['security.idleLockMinutes', 'turnServers']) },
      [own],
    );
    expect(list.servers).toEqual([clinic, own]);
    expect(list.locked).toBe(false);
  });

  it('ignores own servers entirely when the clinic fixes the server list', () => {
    const list = serverListFor({ servers: [clinic], managed: managed(['servers']) }, [own]);
    expect(list.servers).toEqual([clinic]);
    expect(list.customIds.size).toBe(0);
    expect(list.locked).toBe(true);
  });

  it('offers nothing at all when the clinic locks an empty server list', () => {
    const list = serverListFor({ servers: [], managed: managed(['servers']) }, [own]);
    expect(list.servers).toEqual([]);
    expect(list.locked).toBe(true);
  });
});
