import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from './config';
import { buildBrowserHostCsp } from './security-headers';

describe('loadConfigFile', () => {
  it('treats no file as no servers (the sandbox is then embedded)', async () => {
    expect(await loadConfigFile(undefined)).toEqual({ servers: [] });
  });

  it('accepts a valid file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'web-config-'));
    const file = join(dir, 'config.json');
    await writeFile(
      file,
      JSON.stringify({
        servers: [
          { id: 'clinic', name: 'Clinic', fhirBaseUrl: 'https://fhir.example/r4', clientId: 'ws' },
        ],
        defaultServerId: 'clinic',
      }),
    );
    const config = await loadConfigFile(file);
    expect(config.servers[0]?.embedded).toBe(false);
  });

  it('accepts the example shipped in resources/ (the README points clinics at it)', async () => {
    const config = await loadConfigFile(
      join(import.meta.dirname, '../../resources/config.example.json'),
    );
    expect(config.servers.map((s) => s.id)).toEqual(['clinic-ehr', 'regional-hie']);
    expect(config.defaultServerId).toBe('clinic-ehr');
  });

  it('names the bad field, bad JSON and unreadable files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'web-config-'));
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ servers: [{ id: 'Clinic!', name: 'x' }] }));
    await expect(loadConfigFile(bad)).rejects.toThrow(/servers\.0\.id/);
    const notJson = join(dir, 'not.json');
    await writeFile(notJson, '{ servers: ');
    await expect(loadConfigFile(notJson)).rejects.toThrow(/not valid JSON/);
    await expect(loadConfigFile(join(dir, 'missing.json'))).rejects.toThrow(/Cannot read/);
    const wrongDefault = join(dir, 'default.json');
    await writeFile(
      wrongDefault,
      JSON.stringify({
        servers: [{ id: 'a', name: 'A', fhirBaseUrl: 'https://a.example/fhir', clientId: 'c' }],
        defaultServerId: 'b',
      }),
    );
    await expect(loadConfigFile(wrongDefault)).rejects.toThrow(/defaultServerId/);
  });
});

describe('browser host CSP', () => {
  it('allows scripts only from the app and no plugins or framing', () => {
    const csp = buildBrowserHostCsp(['https://fhir.example', 'https://fhir.example']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self' https://fhir.example;");
  });
});
