import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConfigFile } from './config';
import {
  loadConfigFiles,
  managedConfigPath,
  resolveEffectiveConfig,
  sandboxServer,
} from './config';
import { readJsonFile } from './json-file-store';

const SERVER = {
  id: 'clinic',
  name: 'Clinic EHR',
  fhirBaseUrl: 'https://ehr.example/fhir',
  clientId: 'workstation',
};

let dir: string;
let user: ConfigFile;
let managed: ConfigFile;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'config-'));
  user = { path: join(dir, 'config.json'), kind: 'user' };
  managed = { path: join(dir, 'managed.json'), kind: 'managed' };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function deps(overrides: Partial<Parameters<typeof resolveEffectiveConfig>[0]> = {}) {
  const startEmbedded = vi.fn(() => Promise.resolve({ fhirBaseUrl: 'http://127.0.0.1:4100/fhir' }));
  const showError = vi.fn();
  return {
    startEmbedded,
    showError,
    input: {
      files: [managed, user],
      readJson: readJsonFile,
      startEmbedded,
      showError,
      ...overrides,
    },
  };
}

describe('loadConfigFiles', () => {
  it('reports nothing configured when no file exists', async () => {
    await expect(loadConfigFiles([managed, user, undefined], readJsonFile)).resolves.toEqual({
      config: undefined,
      source: undefined,
      errors: [],
    });
  });

  it('lets the managed file win over the user file', async () => {
    await writeFile(user.path, JSON.stringify({ servers: [{ ...SERVER, id: 'mine' }] }));
    await writeFile(managed.path, JSON.stringify({ servers: [SERVER] }));
    const loaded = await loadConfigFiles([managed, user], readJsonFile);
    expect(loaded.source).toEqual(managed);
    expect(loaded.config?.servers.map((s) => s.id)).toEqual(['clinic']);
  });

  it('uses the user file when there is no managed file, with schema defaults', async () => {
    await writeFile(user.path, JSON.stringify({ servers: [SERVER] }));
    const loaded = await loadConfigFiles([managed, user], readJsonFile);
    expect(loaded.config?.servers[0]).toEqual({ ...SERVER, embedded: false });
  });
});

describe('resolveEffectiveConfig', () => {
  it('offers the embedded signaling service for consults along with the sandbox', async () => {
    const d = deps({
      startEmbedded: () =>
        Promise.resolve({
          fhirBaseUrl: 'http://127.0.0.1:4100/fhir',
          signalingUrl: 'http://127.0.0.1:4200',
        }),
    });
    const result = await resolveEffectiveConfig(d.input);
    expect(result.config.consult).toEqual({ signalingUrl: 'http://127.0.0.1:4200' });
  });

  it('uses configured servers and does not start the sandbox', async () => {
    await writeFile(user.path, JSON.stringify({ servers: [SERVER], defaultServerId: 'clinic' }));
    const { input, startEmbedded, showError } = deps();
    const result = await resolveEffectiveConfig(input);
    expect(result).toMatchObject({ embedded: false, errors: [] });
    expect(result.config.defaultServerId).toBe('clinic');
    expect(startEmbedded).not.toHaveBeenCalled();
    expect(showError).not.toHaveBeenCalled();
  });

  it.each([
    ['no file', null],
    ['an empty server list', { servers: [] }],
  ])('starts the sandbox and offers it when there is %s', async (_what, content) => {
    if (content) await writeFile(user.path, JSON.stringify(content));
    const { input, startEmbedded, showError } = deps();
    const result = await resolveEffectiveConfig(input);
    expect(startEmbedded).toHaveBeenCalledOnce();
    expect(result.embedded).toBe(true);
    expect(result.config).toEqual({
      servers: [
        {
          id: 'sandbox',
          name: 'Embedded sandbox',
          fhirBaseUrl: 'http://127.0.0.1:4100/fhir',
          clientId: 'clinician-workstation',
          embedded: true,
        },
      ],
      defaultServerId: 'sandbox',
    });
    expect(showError).not.toHaveBeenCalled();
  });

  it.each([
    ['malformed JSON', '{ "servers": [', /not valid JSON/],
    [
      'a bad field',
      JSON.stringify({ servers: [{ ...SERVER, fhirBaseUrl: 'nope' }] }),
      /servers\.0\.fhirBaseUrl/,
    ],
    [
      'an unknown default',
      JSON.stringify({ servers: [SERVER], defaultServerId: 'x' }),
      /defaultServerId/,
    ],
  ])(
    'falls back to the sandbox on %s, shows why and leaves the file alone',
    async (_w, text, error) => {
      await writeFile(user.path, text);
      const { input, showError } = deps();
      const result = await resolveEffectiveConfig(input);
      expect(result.embedded).toBe(true);
      expect(result.config.servers.map((s) => s.id)).toEqual(['sandbox']);
      expect(result.errors[0]).toMatch(error);
      expect(showError).toHaveBeenCalledExactlyOnceWith(
        'Configuration problem',
        expect.stringMatching(/embedded sandbox instead\. The file was left unchanged\./),
      );
      expect(await readFile(user.path, 'utf8')).toBe(text);
    },
  );

  it('does not fall through to the user file when the managed file is broken', async () => {
    await writeFile(managed.path, '[]');
    await writeFile(user.path, JSON.stringify({ servers: [SERVER] }));
    const result = await resolveEffectiveConfig(deps().input);
    expect(result.config.servers.map((s) => s.id)).toEqual(['sandbox']);
    expect(result.errors[0]).toMatch(/^Managed configuration/);
  });

  it('still starts, with no server and a shown error, when the sandbox fails', async () => {
    const { input, showError } = deps({
      startEmbedded: () => Promise.reject(new Error('EADDRINUSE')),
    });
    const result = await resolveEffectiveConfig(input);
    expect(result).toEqual({
      config: { servers: [] },
      embedded: false,
      errors: ['The embedded sandbox could not start: Error: EADDRINUSE'],
    });
    expect(showError).toHaveBeenCalledWith(
      'Configuration problem',
      expect.stringContaining('No FHIR server is available.'),
    );
  });
});

describe('sandboxServer', () => {
  it('is a valid server entry', () => {
    expect(sandboxServer('http://127.0.0.1:1/fhir').embedded).toBe(true);
  });
});

describe('managedConfigPath', () => {
  it('follows each platform and honours the override', () => {
    expect(managedConfigPath('linux', {})).toBe('/etc/clinician-workstation/config.json');
    expect(managedConfigPath('darwin', {})).toBe(
      '/Library/Application Support/ClinicianWorkstation/config.json',
    );
    expect(managedConfigPath('win32', { ProgramData: 'C:\\ProgramData' })).toBe(
      'C:\\ProgramData\\ClinicianWorkstation\\config.json',
    );
    expect(managedConfigPath('win32', {})).toBeUndefined();
    expect(managedConfigPath('linux', { CLINICIAN_WORKSTATION_MANAGED_CONFIG: '/x.json' })).toBe(
      '/x.json',
    );
  });
});
