import { describe, expect, it } from 'vitest';
import { userSettingValues } from '../../../../shared/config/user-settings';
import { changedFields, fieldMode, numberRange, toPatchValue } from './settings-form';

const DEFAULTS = userSettingValues({ servers: [] });
const SNAPSHOT = { baseline: DEFAULTS, storage: { kind: 'browser' as const } };

describe('settings form rules', () => {
  it('narrows number ranges to the baseline for "stricter only" fields', () => {
    expect(numberRange('security.idleLockMinutes', DEFAULTS)).toEqual({ min: 1, max: 10 });
    expect(numberRange('cache.retentionDays', { ...DEFAULTS, 'cache.retentionDays': 90 })).toEqual({
      min: 1,
      max: 90,
    });
  });

  it('turns typed text into numbers, and all languages into "all"', () => {
    expect(toPatchValue('cache.pinDays', '3')).toBe(3);
    expect(toPatchValue('cache.pinDays', ' ')).toBeNaN();
    expect(toPatchValue('languages', ['es', 'de'])).toEqual(['de', 'es']);
    expect(toPatchValue('languages', ['en', 'de', 'fr', 'it', 'es'])).toBeNull();
  });

  it('patches only what changed, and always an unparsable number', () => {
    const initial = { ...DEFAULTS };
    const values = { ...DEFAULTS, 'security.idleLockMinutes': '10', 'cache.pinDays': 'x' };
    expect(changedFields(['security.idleLockMinutes', 'cache.pinDays'], values, initial)).toEqual({
      'cache.pinDays': Number.NaN,
    });
  });

  it('tells locked, fixed, read-only and editable fields apart', () => {
    const config = {
      servers: [],
      managed: { path: '/etc/x.json', lockedFields: ['cache.pinDays'] },
    };
    expect(fieldMode('cache.pinDays', config, SNAPSHOT)).toBe('locked');
    expect(fieldMode('security.pinUnlock', config, SNAPSHOT)).toBe('fixed');
    expect(fieldMode('updates.enabled', config, SNAPSHOT)).toBe('fixed');
    expect(fieldMode('cache.wipeOnSignOut', config, SNAPSHOT)).toBe('editable');
    expect(fieldMode('security.callOnLock', config, SNAPSHOT)).toBe('editable');
    expect(fieldMode('languages', config, { ...SNAPSHOT, readOnlyReason: 'x' })).toBe('read-only');
    expect(fieldMode('languages', config, undefined)).toBe('read-only');
    // A PIN the baseline allows may be turned off.
    const pinAllowed = { ...SNAPSHOT, baseline: { ...DEFAULTS, 'security.pinUnlock': true } };
    expect(
      fieldMode(
        'security.pinUnlock',
        { servers: [], security: { idleLockMinutes: 10, pinUnlock: true, callOnLock: 'pause' } },
        pinAllowed,
      ),
    ).toBe('editable');
  });
});
