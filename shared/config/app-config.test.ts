import { describe, expect, it } from 'vitest';
import { parseAppConfig, parseUserConfigFile } from './app-config';

const SERVER = {
  id: 'clinic',
  name: 'Clinic EHR',
  fhirBaseUrl: 'https://ehr.example/fhir',
  clientId: 'workstation',
};

describe('appConfigSchema settings (issue 7)', () => {
  it('fills the defaults of a settings object the file names', () => {
    const parsed = parseUserConfigFile({ servers: [], security: {}, cache: {}, updates: {} });
    expect(parsed).toEqual({
      ok: true,
      value: {
        servers: [],
        security: { idleLockMinutes: 10, pinUnlock: false, callOnLock: 'keep-audio' },
        cache: { pinDays: 7, wipeOnSignOut: false, retentionDays: 30 },
        updates: { enabled: true },
      },
    });
  });

  it.each([
    [{ security: { idleLockMinutes: 0 } }, 'security.idleLockMinutes'],
    [{ security: { idleLockMinutes: 241 } }, 'security.idleLockMinutes'],
    [{ security: { idleLockMinutes: 2.5 } }, 'security.idleLockMinutes'],
    [{ security: { callOnLock: 'hang-up' } }, 'security.callOnLock'],
    [{ cache: { retentionDays: 366 } }, 'cache.retentionDays'],
    [{ cache: { wipeOnSignOut: 'yes' } }, 'cache.wipeOnSignOut'],
    [{ turnServers: [{ urls: ['stun:stun.example:3478'] }] }, 'turnServers.0.urls.0'],
    [{ turnServers: [{ urls: [] }] }, 'turnServers.0.urls'],
    [{ languages: ['en', 'nl'] }, 'languages.1'],
    [{ languages: [] }, 'languages'],
    [{ languages: ['de', 'de'] }, 'languages'],
    [{ updates: { url: 'http://updates.example/feed' } }, 'updates.url'],
    [{ consult: { signalingUrl: 'not a url' } }, 'consult.signalingUrl'],
    [{ terminology: { lookupUrl: 'ftp://tx.example/' } }, 'terminology.lookupUrl'],
  ])('names the bad field in %j', (settings, field) => {
    const parsed = parseUserConfigFile({ servers: [SERVER], ...settings });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.field).toBe(field);
    expect(parsed.error).toBe(`Invalid configuration at ${field}: ${parsed.message}`);
  });

  it('explains the TURN and update URL rules in words', () => {
    const turn = parseUserConfigFile({ servers: [], turnServers: [{ urls: ['stun:x'] }] });
    expect(turn.ok ? '' : turn.message).toMatch(/turn: or turns:/);
    const update = parseUserConfigFile({ servers: [], updates: { url: 'http://u.example' } });
    expect(update.ok ? '' : update.message).toBe('update URL must be an https URL');
  });

  it('accepts turn: and turns: relays with credentials', () => {
    const parsed = parseUserConfigFile({
      servers: [],
      turnServers: [
        {
          urls: ['turn:turn.clinic.example:3478?transport=udp', 'turns:turn.clinic.example:443'],
          username: 'ws',
          credential: 's3cret',
        },
      ],
    });
    expect(parsed.ok && parsed.value.turnServers?.[0]?.urls).toHaveLength(2);
  });

  it('drops managed and problems from a file but keeps them from a host', () => {
    const managed = { path: '/etc/x.json', lockedFields: ['servers'] };
    const problems = [
      { file: { kind: 'user', path: '/u.json' }, field: 'servers', message: 'm', blocking: false },
    ];
    const fromFile = parseUserConfigFile({ servers: [], managed, problems });
    expect(fromFile).toEqual({ ok: true, value: { servers: [] } });
    const fromHost = parseAppConfig({ servers: [], managed, problems });
    expect(fromHost).toEqual({ ok: true, value: { servers: [], managed, problems } });
  });

  it('still checks the default server against the list', () => {
    const parsed = parseUserConfigFile({ servers: [SERVER], defaultServerId: 'other' });
    expect(parsed).toMatchObject({ ok: false, field: 'defaultServerId' });
  });
});
