/**
 * The browser host honours the clinic's machine-wide file like the desktop app: its settings
 * override the `--config` file field by field and reach the app through `/config.json`; a
 * broken one is served as a blocking problem (the app's error screen) with no server offered.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAppConfig } from '../../shared/config/app-config';
import { readManagedConfigFile, resolveWebHostConfig } from './config';
import { startWebHost } from './index';

const dirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
function writeJson(name: string, value: unknown): string {
  const file = join(tempDir('web-managed-'), name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}
function rendererDir(): string {
  const dir = tempDir('web-renderer-');
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const CLINIC = {
  id: 'clinic',
  name: 'Clinic EHR',
  fhirBaseUrl: 'https://ehr.clinic.example/fhir',
  clientId: 'workstation',
};

describe('readManagedConfigFile', () => {
  it('tells a missing file from bad JSON and an unreadable file', async () => {
    const dir = tempDir('web-managed-');
    expect(await readManagedConfigFile(join(dir, 'none.json'))).toEqual({ kind: 'missing' });
    expect(await readManagedConfigFile(writeJson('bad.json', '{ "servers": '))).toEqual({
      kind: 'unreadable',
      reason: expect.stringMatching(/^not valid JSON: /) as string,
    });
    // A folder where the file should be: readable by nobody as a file.
    expect(await readManagedConfigFile(dir)).toEqual({
      kind: 'unreadable',
      reason: expect.stringMatching(/^cannot read the file: EISDIR/) as string,
    });
  });
});

describe('resolveWebHostConfig', () => {
  it('puts the machine settings over the --config file and lists what they lock', async () => {
    const configFile = writeJson('config.json', {
      servers: [{ ...CLINIC, id: 'mine' }],
      security: { idleLockMinutes: 30 },
    });
    const managedConfigFile = writeJson('managed.json', {
      servers: [CLINIC],
      security: { idleLockMinutes: 5 },
    });
    const combined = await resolveWebHostConfig({ configFile, managedConfigFile });
    expect(combined.blocked).toBe(false);
    expect(combined.config.servers.map((s) => s.id)).toEqual(['clinic']);
    expect(combined.config.security?.idleLockMinutes).toBe(5);
    expect(combined.config.managed).toEqual({
      path: managedConfigFile,
      lockedFields: ['servers', 'security.idleLockMinutes'],
    });
  });

  it('still refuses a broken --config file (the operator sees it at start)', async () => {
    const configFile = writeJson('config.json', { servers: [{ id: 'Bad!' }] });
    await expect(resolveWebHostConfig({ configFile })).rejects.toThrow(/servers\.0\.id/);
  });
});

describe('startWebHost with a machine-wide file', () => {
  it('serves the locked settings in /config.json', async () => {
    const managedConfigFile = writeJson('managed.json', {
      servers: [CLINIC],
      security: { idleLockMinutes: 5 },
    });
    const host = await startWebHost({ rendererDir: rendererDir(), managedConfigFile });
    try {
      expect(host.blocked).toBe(false);
      expect(host.sandbox).toBeUndefined();
      const body: unknown = await (await fetch(`${host.url}config.json`)).json();
      const parsed = parseAppConfig(body);
      if (!parsed.ok) throw new Error(parsed.error);
      expect(parsed.value.servers.map((s) => s.id)).toEqual(['clinic']);
      expect(parsed.value.managed).toEqual({
        path: managedConfigFile,
        lockedFields: ['servers', 'security.idleLockMinutes'],
      });
    } finally {
      await host.close();
    }
  });

  it('serves a blocking problem and no server for a broken file, starting no sandbox', async () => {
    const managedConfigFile = writeJson('managed.json', { security: { idleLockMinutes: 0 } });
    const host = await startWebHost({
      rendererDir: rendererDir(),
      managedConfigFile,
      externalSandbox: { fhirBaseUrl: 'http://127.0.0.1:4999/fhir' },
    });
    try {
      expect(host.blocked).toBe(true);
      expect(host.sandboxFhirBaseUrl).toBeUndefined();
      expect(host.signaling).toBeUndefined();
      const body: unknown = await (await fetch(`${host.url}config.json`)).json();
      expect(body).toEqual({
        servers: [],
        managed: { path: managedConfigFile, lockedFields: [] },
        problems: [
          {
            file: { kind: 'managed', path: managedConfigFile },
            field: 'security.idleLockMinutes',
            message: 'must be a whole number of minutes from 1 to 240',
            blocking: true,
          },
        ],
      });
    } finally {
      await host.close();
    }
  });

  it('keeps the machine locks when it offers the sandbox', async () => {
    const managedConfigFile = writeJson('managed.json', { languages: ['de'] });
    const host = await startWebHost({
      rendererDir: rendererDir(),
      managedConfigFile,
      externalSandbox: { fhirBaseUrl: 'http://127.0.0.1:4999/fhir' },
    });
    try {
      expect(host.config.servers.map((s) => s.id)).toEqual(['sandbox']);
      expect(host.config.languages).toEqual(['de']);
      expect(host.config.managed?.lockedFields).toEqual(['languages']);
    } finally {
      await host.close();
    }
  });
});
