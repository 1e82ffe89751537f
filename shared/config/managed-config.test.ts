import { describe, expect, it } from 'vitest';
import { isLocked, lockedFieldsOf, parseManagedConfigFile } from './managed-config';

const SERVER = {
  id: 'clinic',
  name: 'Clinic EHR',
  fhirBaseUrl: 'https://ehr.example/fhir',
  clientId: 'workstation',
};

describe('parseManagedConfigFile', () => {
  it('accepts a file that sets only some settings, without adding defaults', () => {
    const parsed = parseManagedConfigFile({ security: { idleLockMinutes: 5 } });
    expect(parsed).toEqual({ ok: true, value: { security: { idleLockMinutes: 5 } } });
  });

  it('accepts an empty file (it fixes nothing)', () => {
    expect(parseManagedConfigFile({})).toEqual({ ok: true, value: {} });
  });

  it.each([
    [{ security: { idleLockMinute: 5 } }, 'security.idleLockMinute', /unknown setting/],
    [{ idleLockMinutes: 5 }, 'idleLockMinutes', /unknown setting/],
    [{ servers: [{ ...SERVER, clientID: 'x' }] }, 'servers.0.clientID', /unknown setting/],
    [{ security: { idleLockMinutes: '5' } }, 'security.idleLockMinutes', /whole number of minutes/],
    [
      { security: { idleLockMinutes: 500 } },
      'security.idleLockMinutes',
      /^must be a whole number of minutes from 1 to 240$/,
    ],
    [
      { cache: { retentionDays: 0 } },
      'cache.retentionDays',
      /^must be a whole number of days from 1 to 365$/,
    ],
    [{ servers: [{ ...SERVER, fhirBaseUrl: 'ehr' }] }, 'servers.0.fhirBaseUrl', /URL/i],
    [{ updates: { url: 'ftp://u.example' } }, 'updates.url', /https/],
    [{ languages: ['xx'] }, 'languages.0', /en/],
    [[], '(root)', /object/],
  ])('rejects %j naming %s', (input, field, message) => {
    const parsed = parseManagedConfigFile(input);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.field).toBe(field);
    expect(parsed.message).toMatch(message);
  });

  it('checks defaultServerId against the servers the same file lists', () => {
    expect(parseManagedConfigFile({ servers: [SERVER], defaultServerId: 'x' })).toMatchObject({
      ok: false,
      field: 'defaultServerId',
      message: 'no server with id "x"',
    });
    // Without servers in the file it is checked after merging (merge-config.ts).
    expect(parseManagedConfigFile({ defaultServerId: 'x' }).ok).toBe(true);
  });
});

describe('lockedFieldsOf', () => {
  it('locks lists whole and objects field by field', () => {
    const parsed = parseManagedConfigFile({
      servers: [SERVER],
      defaultServerId: 'clinic',
      consult: { signalingUrl: 'https://signal.example' },
      turnServers: [{ urls: ['turns:turn.example:443'] }],
      security: { idleLockMinutes: 5, callOnLock: 'pause' },
      cache: { wipeOnSignOut: true },
      languages: ['de'],
      updates: { enabled: false },
      terminology: { lookupUrl: 'https://tx.example/fhir' },
    });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(lockedFieldsOf(parsed.value)).toEqual([
      'servers',
      'defaultServerId',
      'consult.signalingUrl',
      'turnServers',
      'cache.wipeOnSignOut',
      'security.idleLockMinutes',
      'security.callOnLock',
      'languages',
      'updates.enabled',
      'terminology.lookupUrl',
    ]);
  });

  it('locks nothing for empty objects', () => {
    expect(lockedFieldsOf({ security: {}, cache: {} })).toEqual([]);
  });

  it('isLocked answers per dotted path', () => {
    const managed = { path: '/etc/x', lockedFields: ['security.idleLockMinutes'] };
    expect(isLocked(managed, 'security.idleLockMinutes')).toBe(true);
    expect(isLocked(managed, 'security.pinUnlock')).toBe(false);
    expect(isLocked(undefined, 'security.idleLockMinutes')).toBe(false);
  });
});
