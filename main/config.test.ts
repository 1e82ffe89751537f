import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConfigFile } from './config';
import { managedConfigPath, readConfigFile, resolveEffectiveConfig, sandboxServer } from './config';
import { readJsonFile } from './json-file-store';

const SERVER = {
  id: 'clinic',
  name: 'Clinic EHR',
  fhirBaseUrl: 'https://ehr.example/fhir',
  clientId: 'workstation',
};
const SANDBOX = {
  id: 'sandbox',
  name: 'Embedded sandbox',
  fhirBaseUrl: 'http://127.0.0.1:4100/fhir',
  clientId: 'clinician-workstation',
  embedded: true,
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

describe('readConfigFile', () => {
  it('tells missing, unreadable and JSON apart', async () => {
    expect(await readConfigFile(user.path, readJsonFile)).toEqual({ kind: 'missing' });
    await writeFile(user.path, '{ "servers": [');
    expect(await readConfigFile(user.path, readJsonFile)).toEqual({
      kind: 'unreadable',
      reason: expect.stringContaining('is not valid JSON') as string,
    });
    await writeFile(user.path, '{"servers":[]}');
    expect(await readConfigFile(user.path, readJsonFile)).toEqual({
      kind: 'json',
      json: { servers: [] },
    });
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
    expect(result).toMatchObject({ embedded: false, blocked: false, errors: [] });
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
    expect(result.config).toEqual({ servers: [SANDBOX], defaultServerId: 'sandbox' });
    expect(showError).not.toHaveBeenCalled();
  });

  it('keeps the other settings and the clinic lock when the sandbox is offered', async () => {
    await writeFile(managed.path, JSON.stringify({ security: { idleLockMinutes: 3 } }));
    const result = await resolveEffectiveConfig(deps().input);
    expect(result.config).toEqual({
      servers: [SANDBOX],
      defaultServerId: 'sandbox',
      security: { idleLockMinutes: 3, pinUnlock: false, callOnLock: 'keep-audio' },
      managed: { path: managed.path, lockedFields: ['security.idleLockMinutes'] },
    });
  });

  it.each([
    ['malformed JSON', '{ "servers": [', '(file)', /not valid JSON/],
    [
      'a bad field',
      JSON.stringify({ servers: [{ ...SERVER, fhirBaseUrl: 'nope' }] }),
      'servers.0.fhirBaseUrl',
      /URL/i,
    ],
    [
      'an unknown default',
      JSON.stringify({ servers: [SERVER], defaultServerId: 'x' }),
      'defaultServerId',
      /no server with id "x"/,
    ],
  ])(
    'on a user file with %s: offers the sandbox, reports the field, leaves the file alone',
    async (_w, text, field, message) => {
      await writeFile(user.path, text);
      const { input, showError } = deps();
      const result = await resolveEffectiveConfig(input);
      expect(result.embedded).toBe(true);
      expect(result.config.servers.map((s) => s.id)).toEqual(['sandbox']);
      expect(result.config.problems).toEqual([
        {
          file: { kind: 'user', path: user.path },
          field,
          message: expect.stringMatching(message) as string,
          blocking: false,
        },
      ]);
      expect(result.errors[0]).toContain(user.path);
      // The renderer shows file problems; no modal dialog on top.
      expect(showError).not.toHaveBeenCalled();
      expect(await readFile(user.path, 'utf8')).toBe(text);
    },
  );

  it('blocks on a broken machine file: no fallback to the user servers, no sandbox', async () => {
    await writeFile(managed.path, JSON.stringify({ security: { idleLockMinutes: 'ten' } }));
    await writeFile(user.path, JSON.stringify({ servers: [SERVER] }));
    const { input, startEmbedded } = deps();
    const result = await resolveEffectiveConfig(input);
    expect(result).toMatchObject({ blocked: true, embedded: false });
    expect(result.config.servers).toEqual([]);
    expect(result.config.problems?.[0]).toMatchObject({
      file: { kind: 'managed', path: managed.path },
      field: 'security.idleLockMinutes',
      blocking: true,
    });
    expect(result.errors[0]).toMatch(/^Clinic configuration .*managed\.json: security\./);
    expect(startEmbedded).not.toHaveBeenCalled();
  });

  it('blocks on a machine file it cannot read (a folder where the file should be)', async () => {
    await mkdir(managed.path);
    const result = await resolveEffectiveConfig(deps().input);
    expect(result.blocked).toBe(true);
    expect(result.config.problems?.[0]).toMatchObject({ field: '(file)', blocking: true });
    expect(result.config.problems?.[0]?.message).toMatch(/EISDIR/);
  });

  it('applies machine settings over the user file field by field', async () => {
    await writeFile(
      managed.path,
      JSON.stringify({ servers: [SERVER], cache: { wipeOnSignOut: true } }),
    );
    await writeFile(
      user.path,
      JSON.stringify({ servers: [{ ...SERVER, id: 'mine' }], cache: { pinDays: 3 } }),
    );
    const { input, startEmbedded } = deps();
    const result = await resolveEffectiveConfig(input);
    expect(result.config.servers.map((s) => s.id)).toEqual(['clinic']);
    expect(result.config.cache).toEqual({ pinDays: 3, wipeOnSignOut: true, retentionDays: 30 });
    expect(result.config.managed?.lockedFields).toEqual(['servers', 'cache.wipeOnSignOut']);
    expect(startEmbedded).not.toHaveBeenCalled();
    // The files as read, for saving the user's settings later.
    expect(result.sources.managed).toEqual({
      path: managed.path,
      read: { kind: 'json', json: { servers: [SERVER], cache: { wipeOnSignOut: true } } },
    });
    expect(result.sources.user?.path).toBe(user.path);
  });

  it('still starts, with no server and a shown error, when the sandbox fails', async () => {
    const { input, showError } = deps({
      startEmbedded: () => Promise.reject(new Error('EADDRINUSE')),
    });
    const result = await resolveEffectiveConfig(input);
    expect(result).toEqual({
      config: { servers: [] },
      embedded: false,
      blocked: false,
      errors: ['The embedded sandbox could not start: Error: EADDRINUSE'],
      sources: expect.any(Object) as unknown,
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

describe('managedConfigPath (re-exported for main/index.ts)', () => {
  it('is the shared platform rule', () => {
    expect(managedConfigPath('linux', {})).toBe('/etc/clinician-workstation/config.json');
    expect(managedConfigPath('win32', { ProgramData: 'C:\\ProgramData' })).toBe(
      'C:\\ProgramData\\Clinician Workstation\\config.json',
    );
  });
});
