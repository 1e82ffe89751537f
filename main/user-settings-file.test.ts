import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../shared/config/app-config';
import type { ConfigSource } from '../shared/config/merge-config';
import { createJsonFileStore, readJsonFile } from './json-file-store';
import { UserSettingsFile } from './user-settings-file';

const MACHINE = '/etc/clinician-workstation/config.json';
const SANDBOX = {
  id: 'sandbox',
  name: 'Embedded sandbox',
  fhirBaseUrl: 'http://127.0.0.1:8123/fhir',
  clientId: 'clinician-workstation',
  embedded: true,
};

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'user-settings-'));
  path = join(dir, 'config.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function service(
  options: { managed?: unknown; initial?: AppConfig; blocked?: boolean; failWrite?: boolean } = {},
) {
  const managed: ConfigSource | undefined =
    options.managed === undefined
      ? undefined
      : { path: MACHINE, read: { kind: 'json', json: options.managed } };
  const store = createJsonFileStore(path, 0o600, { indent: 2 });
  const log = vi.fn<(line: string) => void>();
  const settings = new UserSettingsFile({
    path,
    managed,
    blocked: options.blocked ?? false,
    initial: options.initial ?? { servers: [SANDBOX], defaultServerId: 'sandbox' },
    readJson: readJsonFile,
    writeJson: options.failWrite
      ? () => Promise.reject(new Error('EACCES: permission denied'))
      : (value) => store.write(value),
    log,
  });
  return { settings, log };
}

const fileJson = async () => JSON.parse(await readFile(path, 'utf8')) as unknown;

describe('UserSettingsFile', () => {
  it('creates the file with only the edited settings and answers them from config:get', async () => {
    const { settings, log } = service();
    const result = await settings.save({ 'security.idleLockMinutes': 5, languages: ['de', 'en'] });
    expect(result).toEqual({ saved: true });
    expect(await fileJson()).toEqual({
      servers: [],
      security: { idleLockMinutes: 5 },
      languages: ['de', 'en'],
    });
    // Servers (the sandbox main added) untouched; the new values live at once.
    expect(settings.config()).toEqual({
      servers: [SANDBOX],
      defaultServerId: 'sandbox',
      security: { idleLockMinutes: 5, pinUnlock: false, callOnLock: 'keep-audio' },
      languages: ['de', 'en'],
    });
    expect(log).toHaveBeenCalledWith(
      `[settings] saved security.idleLockMinutes, languages to ${path}`,
    );
  });

  it('keeps everything else in the file, including settings it does not know', async () => {
    const original = {
      servers: [{ id: 'mine', name: 'Mine', fhirBaseUrl: 'https://f.example/r4', clientId: 'c' }],
      fromNewerVersion: { keep: 'me' },
      security: { callOnLock: 'pause' },
    };
    await writeFile(path, JSON.stringify(original));
    const { settings } = service();
    await settings.save({ 'cache.wipeOnSignOut': true });
    expect(await fileJson()).toEqual({ ...original, cache: { wipeOnSignOut: true } });
  });

  it('returns field errors for values weaker than the defaults and writes nothing', async () => {
    const { settings } = service();
    const result = await settings.save({
      'security.idleLockMinutes': 3,
      'cache.pinDays': 8,
      'updates.enabled': false,
    });
    expect(result).toMatchObject({
      saved: false,
      errors: [
        { field: 'cache.pinDays', code: 'weaker', limit: 7 },
        { field: 'updates.enabled', code: 'weaker', limit: true },
      ],
    });
    // All or nothing: the valid idle-lock time was not saved either.
    await expect(readFile(path)).rejects.toThrow(/ENOENT/);
  });

  it('measures "stricter" against the clinic file and refuses its locked fields', async () => {
    const managed = { cache: { retentionDays: 20 } };
    const { settings } = service({
      managed,
      initial: {
        servers: [SANDBOX],
        cache: { pinDays: 7, wipeOnSignOut: false, retentionDays: 20 },
        managed: { path: MACHINE, lockedFields: ['cache.retentionDays'] },
      },
    });
    const snapshot = await settings.snapshot();
    expect(snapshot.baseline['cache.retentionDays']).toBe(20);
    expect(snapshot.storage).toEqual({ kind: 'file', path });
    expect(await settings.save({ 'cache.retentionDays': 10 })).toMatchObject({
      saved: false,
      errors: [{ field: 'cache.retentionDays', code: 'locked' }],
    });
  });

  it.each([
    ['not JSON', '{ "security": ', /cannot be read: .*not valid JSON/],
    [
      'invalid',
      '{ "servers": [], "security": { "idleLockMinutes": 0 } }',
      /problem at security\.idleLockMinutes/,
    ],
    ['not an object', '[1, 2]', /does not hold a JSON object/],
  ])('never overwrites a user file that is %s', async (_what, text, reason) => {
    await writeFile(path, text);
    const { settings } = service();
    const snapshot = await settings.snapshot();
    expect(snapshot.readOnlyReason).toMatch(reason);
    await expect(settings.save({ 'security.idleLockMinutes': 5 })).rejects.toThrow(
      /Nothing was saved\.$/,
    );
    expect(await readFile(path, 'utf8')).toBe(text);
    expect(settings.config().security).toBeUndefined();
  });

  it('keeps the live settings when the write fails', async () => {
    const { settings } = service({ failWrite: true });
    await expect(settings.save({ 'security.pinUnlock': false })).rejects.toThrow(
      `Could not write ${path}: EACCES: permission denied`,
    );
    expect(settings.config().security).toBeUndefined();
  });

  it('saves nothing while the clinic file is unusable', async () => {
    const { settings } = service({ blocked: true });
    expect((await settings.snapshot()).readOnlyReason).toMatch(
      /clinic configuration has a problem/,
    );
    await expect(settings.save({ languages: ['en'] })).rejects.toThrow(/clinic configuration/);
    await expect(readFile(path)).rejects.toThrow(/ENOENT/);
  });

  it('removes a setting with null, and clears an old user-file problem after a save', async () => {
    await writeFile(path, JSON.stringify({ servers: [], security: { idleLockMinutes: 4 } }));
    const { settings } = service({
      initial: {
        servers: [SANDBOX],
        security: { idleLockMinutes: 4, pinUnlock: false, callOnLock: 'keep-audio' },
        problems: [
          { file: { kind: 'user', path }, field: '(file)', message: 'was broken', blocking: false },
        ],
      },
    });
    await settings.save({ 'security.idleLockMinutes': null });
    expect(await fileJson()).toEqual({ servers: [] });
    expect(settings.config()).toEqual({ servers: [SANDBOX] });
  });

  it('runs concurrent saves one after another, each on the previous result', async () => {
    const { settings } = service();
    await Promise.all([
      settings.save({ 'security.idleLockMinutes': 5 }),
      settings.save({ 'cache.pinDays': 3 }),
      settings.save({ languages: ['it'] }),
    ]);
    expect(await fileJson()).toEqual({
      servers: [],
      security: { idleLockMinutes: 5 },
      cache: { pinDays: 3 },
      languages: ['it'],
    });
  });
});
