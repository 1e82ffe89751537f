import { describe, expect, it } from 'vitest';
import type { AppConfig } from './app-config';
import {
  checkUserSettingsPatch,
  isAllowedValue,
  userSettingsPatchSchema,
  userSettingValues,
  type UserSettingValues,
} from './user-settings';
import {
  applyOwnSettings,
  applyPatchToJson,
  ownSettingsToJson,
  patchOwnSettings,
  readOwnSettings,
  takeUserSettingsFrom,
} from './user-settings-apply';

const DEFAULTS: UserSettingValues = userSettingValues({ servers: [] });
const MACHINE = '/etc/clinician-workstation/config.json';

describe('userSettingValues', () => {
  it('resolves the defaults of an empty configuration', () => {
    expect(DEFAULTS).toEqual({
      'security.idleLockMinutes': 10,
      'security.pinUnlock': false,
      'security.callOnLock': 'keep-audio',
      'cache.retentionDays': 30,
      'cache.pinDays': 7,
      'cache.wipeOnSignOut': false,
      languages: null,
      'updates.enabled': true,
    });
  });

  it('takes what the configuration sets', () => {
    const values = userSettingValues({
      servers: [],
      security: { idleLockMinutes: 3, pinUnlock: true, callOnLock: 'pause' },
      languages: ['it'],
      updates: { enabled: false },
    });
    expect(values['security.idleLockMinutes']).toBe(3);
    expect(values['security.pinUnlock']).toBe(true);
    expect(values.languages).toEqual(['it']);
    expect(values['updates.enabled']).toBe(false);
    expect(values['cache.pinDays']).toBe(7);
  });
});

describe('isAllowedValue: stricter only', () => {
  it.each([
    ['security.idleLockMinutes', 10, true],
    ['security.idleLockMinutes', 1, true],
    ['security.idleLockMinutes', 11, false],
    ['security.pinUnlock', false, true],
    ['security.pinUnlock', true, false],
    ['security.callOnLock', 'pause', true],
    ['security.callOnLock', 'keep-audio', true],
    ['cache.retentionDays', 31, false],
    ['cache.pinDays', 3, true],
    ['cache.wipeOnSignOut', true, true],
    ['updates.enabled', false, false],
  ] as const)('%s = %s against the defaults → %s', (field, value, allowed) => {
    expect(isAllowedValue(field, value as never, DEFAULTS)).toBe(allowed);
  });

  it('measures against the baseline, not the default', () => {
    const baseline = { ...DEFAULTS, 'security.callOnLock': 'pause' as const, 'cache.pinDays': 14 };
    expect(isAllowedValue('security.callOnLock', 'keep-audio', baseline)).toBe(false);
    expect(isAllowedValue('cache.pinDays', 14, baseline)).toBe(true);
    expect(isAllowedValue('cache.pinDays', 15, baseline)).toBe(false);
  });

  it('leaves the languages free', () => {
    expect(isAllowedValue('languages', ['es'], { ...DEFAULTS, languages: ['de'] })).toBe(true);
  });
});

describe('checkUserSettingsPatch', () => {
  const context = { baseline: DEFAULTS };

  it('accepts stricter values, free choices and removals', () => {
    expect(
      checkUserSettingsPatch(
        {
          'security.idleLockMinutes': 5,
          'cache.wipeOnSignOut': true,
          languages: ['de', 'en'],
          'cache.pinDays': null,
        },
        context,
      ),
    ).toEqual({
      ok: true,
      patch: {
        'security.idleLockMinutes': 5,
        'cache.wipeOnSignOut': true,
        languages: ['de', 'en'],
        'cache.pinDays': null,
      },
    });
  });

  it('reports every bad field at once, with its reason and the limit', () => {
    const result = checkUserSettingsPatch(
      {
        'security.idleLockMinutes': 30,
        'cache.retentionDays': 2.5,
        languages: [],
        'updates.enabled': false,
      },
      context,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.field, e.code, e.limit])).toEqual([
      ['security.idleLockMinutes', 'weaker', 10],
      ['cache.retentionDays', 'invalid', undefined],
      ['languages', 'invalid', undefined],
      ['updates.enabled', 'weaker', true],
    ]);
    expect(result.errors[1]?.message).toBe(
      'cache.retentionDays: must be a whole number of days from 1 to 365',
    );
  });

  it('refuses any change, even a removal, to a field the clinic locked', () => {
    const managed = { path: MACHINE, lockedFields: ['security.idleLockMinutes'] };
    for (const value of [1, null]) {
      const result = checkUserSettingsPatch(
        { 'security.idleLockMinutes': value },
        { ...context, managed },
      );
      expect(result).toMatchObject({ ok: false, errors: [{ code: 'locked' }] });
    }
  });

  it('ignores fields it does not know; the IPC schema refuses them', () => {
    const input = { servers: [] } as unknown as Record<string, unknown>;
    expect(checkUserSettingsPatch(input, context)).toEqual({ ok: true, patch: {} });
    expect(userSettingsPatchSchema.safeParse({ servers: [] }).success).toBe(false);
    expect(userSettingsPatchSchema.safeParse({ 'updates.url': 'https://x.example' }).success).toBe(
      false,
    );
  });
});

describe('applyPatchToJson', () => {
  it('sets and removes only the edited fields, keeping everything else', () => {
    const file = {
      servers: [{ id: 'mine' }],
      futureSetting: { kept: true },
      security: { idleLockMinutes: 20, callOnLock: 'pause' },
      cache: { pinDays: 3 },
    };
    const next = applyPatchToJson(file, {
      'security.idleLockMinutes': 5,
      'cache.pinDays': null,
      languages: ['fr'],
    });
    expect(next).toEqual({
      servers: [{ id: 'mine' }],
      futureSetting: { kept: true },
      security: { idleLockMinutes: 5, callOnLock: 'pause' },
      languages: ['fr'],
    });
    // The input is untouched.
    expect(file.security.idleLockMinutes).toBe(20);
    expect(file.cache).toEqual({ pinDays: 3 });
  });

  it('refuses to write into a parent that is not an object', () => {
    expect(() => applyPatchToJson({ security: 5 }, { 'security.pinUnlock': false })).toThrow(
      'security is not an object',
    );
  });
});

describe('own settings', () => {
  it('reads field by field, dropping only what does not parse, and the first flat format', () => {
    expect(
      readOwnSettings({
        security: { idleLockMinutes: 0, callOnLock: 'pause' },
        cache: 'nonsense',
        languages: ['de'],
      }),
    ).toEqual({ 'security.callOnLock': 'pause', languages: ['de'] });
    expect(readOwnSettings({ idleLockMinutes: 25 })).toEqual({ 'security.idleLockMinutes': 25 });
    expect(readOwnSettings('text')).toEqual({});
  });

  it('round-trips through JSON and patches', () => {
    const own = patchOwnSettings(
      { 'security.idleLockMinutes': 25 },
      { 'security.idleLockMinutes': 5, 'cache.wipeOnSignOut': true },
    );
    expect(own).toEqual({ 'security.idleLockMinutes': 5, 'cache.wipeOnSignOut': true });
    expect(ownSettingsToJson(own)).toEqual({
      security: { idleLockMinutes: 5 },
      cache: { wipeOnSignOut: true },
    });
    expect(patchOwnSettings(own, { 'cache.wipeOnSignOut': null })).toEqual({
      'security.idleLockMinutes': 5,
    });
  });
});

describe('applyOwnSettings', () => {
  const base: AppConfig = {
    servers: [],
    security: { idleLockMinutes: 8, pinUnlock: true, callOnLock: 'keep-audio' },
    managed: { path: MACHINE, lockedFields: ['security.pinUnlock'] },
  };

  it('applies unlocked fields with the defaults around them, never a locked one', () => {
    const config = applyOwnSettings(base, {
      'security.idleLockMinutes': 4,
      'security.pinUnlock': false,
      'cache.retentionDays': 7,
    });
    expect(config.security).toEqual({
      idleLockMinutes: 4,
      pinUnlock: true,
      callOnLock: 'keep-audio',
    });
    expect(config.cache).toEqual({ pinDays: 7, wipeOnSignOut: false, retentionDays: 7 });
    expect(config.managed).toEqual(base.managed);
  });

  it('returns the configuration itself when nothing applies', () => {
    expect(applyOwnSettings(base, { 'security.pinUnlock': false })).toBe(base);
  });
});

describe('takeUserSettingsFrom', () => {
  it('copies the editable groups and nothing else', () => {
    const live: AppConfig = {
      servers: [
        {
          id: 'sandbox',
          name: 'Sandbox',
          fhirBaseUrl: 'http://127.0.0.1:1/fhir',
          clientId: 'c',
          embedded: true,
        },
      ],
      languages: ['de'],
    };
    const saved: AppConfig = {
      servers: [],
      cache: { pinDays: 2, wipeOnSignOut: true, retentionDays: 9 },
    };
    const next = takeUserSettingsFrom(live, saved);
    expect(next.servers).toBe(live.servers);
    expect(next.cache).toEqual(saved.cache);
    expect(next).not.toHaveProperty('languages');
  });
});
