import { describe, expect, it } from 'vitest';
import { combineConfigFiles, describeConfigProblem, type ConfigFileRead } from './merge-config';

const CLINIC = {
  id: 'clinic',
  name: 'Clinic EHR',
  fhirBaseUrl: 'https://ehr.example/fhir',
  clientId: 'workstation',
};
const MINE = { ...CLINIC, id: 'mine', name: 'My test server' };
const MACHINE = '/etc/clinician-workstation/config.json';
const USER = '/home/a/.config/cw/config.json';

const json = (value: unknown): ConfigFileRead => ({ kind: 'json', json: value });
const files = (managed: ConfigFileRead | undefined, user: ConfigFileRead | undefined) => ({
  ...(managed ? { managed: { path: MACHINE, read: managed } } : {}),
  ...(user ? { user: { path: USER, read: user } } : {}),
});

describe('combineConfigFiles: per-field override', () => {
  it('uses the user file alone when there is no machine file', () => {
    const result = combineConfigFiles(files({ kind: 'missing' }, json({ servers: [MINE] })));
    expect(result).toEqual({
      config: { servers: [{ ...MINE, embedded: false }] },
      blocked: false,
    });
  });

  it('lets a machine idle-lock override only that field of the user security settings', () => {
    const result = combineConfigFiles(
      files(
        json({ security: { idleLockMinutes: 5 } }),
        json({ servers: [MINE], security: { idleLockMinutes: 30, callOnLock: 'pause' } }),
      ),
    );
    expect(result.blocked).toBe(false);
    expect(result.config.security).toEqual({
      idleLockMinutes: 5,
      pinUnlock: false,
      callOnLock: 'pause',
    });
    // The machine file named no servers: the user's stay.
    expect(result.config.servers.map((s) => s.id)).toEqual(['mine']);
    expect(result.config.managed).toEqual({
      path: MACHINE,
      lockedFields: ['security.idleLockMinutes'],
    });
  });

  it('fills defaults around a machine field when the user set nothing there', () => {
    const result = combineConfigFiles(files(json({ cache: { retentionDays: 14 } }), undefined));
    expect(result.config).toEqual({
      servers: [],
      cache: { pinDays: 7, wipeOnSignOut: false, retentionDays: 14 },
      managed: { path: MACHINE, lockedFields: ['cache.retentionDays'] },
    });
  });

  it('offers only the machine servers when it lists any, dropping a user default among them', () => {
    const result = combineConfigFiles(
      files(json({ servers: [CLINIC] }), json({ servers: [MINE], defaultServerId: 'mine' })),
    );
    expect(result.config.servers.map((s) => s.id)).toEqual(['clinic']);
    expect(result.config.defaultServerId).toBeUndefined();
    expect(result.config.managed?.lockedFields).toEqual(['servers']);
  });

  it('keeps a user default that is one of the machine servers', () => {
    const result = combineConfigFiles(
      files(
        json({ servers: [CLINIC, MINE] }),
        json({ servers: [], defaultServerId: undefined, languages: ['de'] }),
      ),
    );
    expect(result.config.servers).toHaveLength(2);
    expect(result.config.languages).toEqual(['de']);
  });

  it('replaces lists whole (TURN servers, languages) and single URLs', () => {
    const result = combineConfigFiles(
      files(
        json({
          turnServers: [{ urls: ['turns:turn.clinic.example:443'] }],
          languages: ['de', 'en'],
          consult: { signalingUrl: 'https://signal.clinic.example' },
          updates: { url: 'https://updates.clinic.example/feed' },
          terminology: { lookupUrl: 'https://tx.clinic.example/fhir' },
        }),
        json({
          servers: [MINE],
          turnServers: [{ urls: ['turn:home.example'] }, { urls: ['turn:b.example'] }],
          languages: ['en'],
          consult: { signalingUrl: 'https://signal.home.example' },
          updates: { enabled: false },
          terminology: { lookupUrl: 'https://tx.home.example/fhir' },
        }),
      ),
    );
    expect(result.config.turnServers).toEqual([{ urls: ['turns:turn.clinic.example:443'] }]);
    expect(result.config.languages).toEqual(['de', 'en']);
    expect(result.config.consult).toEqual({ signalingUrl: 'https://signal.clinic.example' });
    expect(result.config.terminology).toEqual({ lookupUrl: 'https://tx.clinic.example/fhir' });
    // updates.enabled stays the user's: the clinic only fixed the feed.
    expect(result.config.updates).toEqual({
      enabled: false,
      url: 'https://updates.clinic.example/feed',
    });
  });
});

describe('combineConfigFiles: problems', () => {
  it('blocks on an invalid machine file, naming file and field, ignoring a valid user file', () => {
    const result = combineConfigFiles(
      files(json({ security: { idleLockMinutes: 0 } }), json({ servers: [MINE] })),
    );
    expect(result.blocked).toBe(true);
    expect(result.config.servers).toEqual([]);
    expect(result.config.problems).toEqual([
      {
        file: { kind: 'managed', path: MACHINE },
        field: 'security.idleLockMinutes',
        message: 'must be a whole number of minutes from 1 to 240',
        blocking: true,
      },
    ]);
    const [problem] = result.config.problems ?? [];
    expect(problem && describeConfigProblem(problem)).toMatch(
      /^Clinic configuration \/etc\/clinician-workstation\/config\.json: security\.idleLockMinutes: /,
    );
  });

  it('blocks on an unreadable machine file', () => {
    const result = combineConfigFiles(
      files({ kind: 'unreadable', reason: 'not valid JSON: Unexpected end' }, undefined),
    );
    expect(result).toMatchObject({ blocked: true });
    expect(result.config.problems?.[0]).toMatchObject({
      field: '(file)',
      message: 'not valid JSON: Unexpected end',
    });
  });

  it('blocks when the machine default server is not among the merged servers', () => {
    const result = combineConfigFiles(
      files(json({ defaultServerId: 'clinic' }), json({ servers: [MINE] })),
    );
    expect(result.blocked).toBe(true);
    expect(result.config.problems?.[0]).toMatchObject({
      file: { kind: 'managed', path: MACHINE },
      field: 'defaultServerId',
    });
  });

  it('reports an invalid user file and still applies a valid machine file', () => {
    const result = combineConfigFiles(
      files(
        json({ servers: [CLINIC], security: { idleLockMinutes: 5 } }),
        json({ servers: [{ ...MINE, fhirBaseUrl: 'nope' }] }),
      ),
    );
    expect(result.blocked).toBe(false);
    expect(result.config.servers.map((s) => s.id)).toEqual(['clinic']);
    expect(result.config.security?.idleLockMinutes).toBe(5);
    expect(result.config.problems).toEqual([
      {
        file: { kind: 'user', path: USER },
        field: 'servers.0.fhirBaseUrl',
        message: expect.any(String) as string,
        blocking: false,
      },
    ]);
  });

  it('reports an unreadable user file without blocking', () => {
    const result = combineConfigFiles(
      files(undefined, { kind: 'unreadable', reason: 'EACCES: permission denied' }),
    );
    expect(result).toEqual({
      config: {
        servers: [],
        problems: [
          {
            file: { kind: 'user', path: USER },
            field: '(file)',
            message: 'EACCES: permission denied',
            blocking: false,
          },
        ],
      },
      blocked: false,
    });
  });

  it('treats no files at all as nothing configured', () => {
    expect(combineConfigFiles({})).toEqual({ config: { servers: [] }, blocked: false });
  });
});
